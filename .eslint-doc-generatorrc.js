// Config for `eslint-doc-generator` (npm run docs / npm run docs:check).
// It imports the plugin through package.json `exports`, i.e. the built `dist/`: run `npm run build` first.

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['all', '🌐'],
  ],
  ruleDocTitleFormat: 'prefix-name',
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'options', 'requiresTypeChecking'],
  ruleListColumns: [
    'name',
    'description',
    'configsError',
    'configsWarn',
    'configsOff',
    'fixable',
    'hasSuggestions',
    'options',
    'requiresTypeChecking',
    'deprecated',
  ],
  pathRuleDoc: 'docs/rules/{name}.md',
  pathRuleList: 'README.md',
};

export default config;
