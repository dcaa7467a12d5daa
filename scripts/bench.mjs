#!/usr/bin/env node
// Real-code benchmark: lints the pinned third-party corpus (bench/corpus, see
// bench/README.md) with every rule of the built plugin (dist/, `configs.all`)
// and reports parse time, time per plugin rule, the plugin/parse ratio,
// findings per rule and how many files `--fix` would change.
//
//   npm run bench                      # build + 1 warm-up + 3 measured runs
//   node scripts/bench.mjs --runs 5 --warmup 1
//   node scripts/bench.mjs --md        # also rewrite bench/results.md
//   node scripts/bench.mjs --plugin /path/to/plugin.mjs   # another build
//
// Writes the last result to bench/results.json (results-typed.json with --typed; git-ignored).

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

import { CORPUS_MODULES, ROOT, corpusPackages, ensureCorpus, groupBySourceType, listCorpusFiles, packageOf } from './corpus.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    plugin: { type: 'string', default: path.join(ROOT, 'dist', 'index.js') },
    md: { type: 'boolean', default: false },
    'no-fix': { type: 'boolean', default: false },
    typed: { type: 'boolean', default: false },
  },
});
// --typed: one ESLint run with type information (bench/corpus/tsconfig.json), each plugin rule beside the
// median typescript-eslint type-checked rule (`recommendedTypeCheckedOnly`) of the same run.
const TYPED = args.typed;
const RUNS = Math.max(1, Number(args.runs));
const WARMUP = Math.max(0, Number(args.warmup));

const pluginModule = await import(pathToFileURL(path.resolve(args.plugin)).href);
const plugin = pluginModule.default ?? pluginModule;
if (!plugin?.configs?.all) throw new Error(`${args.plugin}: no configs.all (build first: npm run build)`);
const pluginRuleIds = Object.keys(plugin.rules ?? {}).map((name) => `otel/${name}`).sort();

ensureCorpus();
const files = listCorpusFiles();
const groups = groupBySourceType(files);
const cwd = CORPUS_MODULES;

function makeESLint(sourceType, fix) {
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.mts', '**/*.cts'],
        languageOptions: {
          parser: tsParser,
          ecmaVersion: 'latest',
          sourceType,
          ...(TYPED ? { parserOptions: { project: path.join(ROOT, 'bench', 'corpus', 'tsconfig.json'), tsconfigRootDir: path.join(ROOT, 'bench', 'corpus') } } : {}),
        },
        linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      },
      // ESLint's own `recommended` rules run in the same pass: their median is the yardstick.
      { rules: TYPED ? TYPED_RULES_CONFIG : js.configs.recommended.rules },
      ...(TYPED ? [{ plugins: { '@typescript-eslint': TYPED_PLUGIN } }] : []),
      plugin.configs.all,
      // Third-party packages do not list @opentelemetry/api: exercise the autofixes anyway.
      { settings: { otel: { checkApiDependency: false } } },
    ],
    ignore: false,
    stats: true,
    fix,
  });
}

/** Lints the whole corpus once; returns the ESLint results of both groups. */
async function lintAll(fix) {
  const results = [];
  const started = performance.now();
  for (const [sourceType, list] of Object.entries(groups)) {
    if (list.length === 0) continue;
    results.push(...(await makeESLint(sourceType, fix).lintFiles(list)));
  }
  return { results, wallMs: performance.now() - started };
}

function summarize({ results, wallMs }) {
  let parse = 0;
  const rules = Object.fromEntries(pluginRuleIds.map((id) => [id, 0]));
  const core = Object.fromEntries(CORE_RULES.map((id) => [id, 0]));
  for (const result of results) {
    for (const pass of result.stats?.times?.passes ?? []) {
      parse += pass.parse?.total ?? 0;
      for (const [ruleId, { total }] of Object.entries(pass.rules ?? {})) {
        if (ruleId.startsWith('otel/')) rules[ruleId] = (rules[ruleId] ?? 0) + total;
        else if (ruleId in core) core[ruleId] += total;
      }
    }
  }
  const pluginTotal = Object.values(rules).reduce((a, b) => a + b, 0);
  const coreMedian = median(Object.values(core));
  return { wallMs, parse, rules, pluginTotal, coreMedian, ratio: parse > 0 ? pluginTotal / parse : 0 };
}

// The yardstick: ESLint's own `recommended` rules, or with --typed typescript-eslint's type-checked ones.
const TYPED_RULES_CONFIG = Object.assign({}, ...tseslint.configs.recommendedTypeCheckedOnly.map((config) => config.rules ?? {}));
const TYPED_PLUGIN = tseslint.plugin;
const CORE_RULES = TYPED
  ? Object.entries(TYPED_RULES_CONFIG).filter(([, level]) => level !== 'off' && level !== 0).map(([id]) => id)
  : Object.keys(js.configs.recommended.rules);

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const log = (msg = '') => process.stdout.write(`${msg}\n`);
const ms = (n) => `${n.toFixed(1).padStart(9)} ms`;

log(`corpus: ${files.length} files from ${Object.keys(corpusPackages()).length} packages (${groups.module.length} module, ${groups.commonjs.length} commonjs)`);
log(`plugin: ${path.relative(ROOT, path.resolve(args.plugin))} — ${pluginRuleIds.length} rules (configs.all)`);

for (let i = 0; i < WARMUP; i++) {
  const s = summarize(await lintAll(false));
  log(`warm-up ${i + 1}/${WARMUP}: wall ${(s.wallMs / 1000).toFixed(1)} s`);
}
const measured = [];
let last;
for (let i = 0; i < RUNS; i++) {
  last = await lintAll(false);
  const s = summarize(last);
  measured.push(s);
  log(`run ${i + 1}/${RUNS}: wall ${(s.wallMs / 1000).toFixed(1)} s, parse ${(s.parse / 1000).toFixed(2)} s, otel rules ${(s.pluginTotal / 1000).toFixed(3)} s`);
}

const med = {
  wallMs: median(measured.map((s) => s.wallMs)),
  parse: median(measured.map((s) => s.parse)),
  pluginTotal: median(measured.map((s) => s.pluginTotal)),
  coreMedian: median(measured.map((s) => s.coreMedian)),
  rules: Object.fromEntries(pluginRuleIds.map((id) => [id, median(measured.map((s) => s.rules[id] ?? 0))])),
};
med.ratio = med.parse > 0 ? med.pluginTotal / med.parse : 0;

// Findings of the last measured run.
const findings = Object.fromEntries(pluginRuleIds.map((id) => [id, 0]));
const findingsByPackage = {};
const fatal = [];
const findingList = [];
for (const result of last.results) {
  for (const message of result.messages) {
    const rel = path.relative(CORPUS_MODULES, result.filePath);
    if (message.fatal || !message.ruleId) {
      fatal.push(`${rel}:${message.line}:${message.column} ${message.message}`);
      continue;
    }
    if (!message.ruleId.startsWith('otel/')) continue;
    findings[message.ruleId] = (findings[message.ruleId] ?? 0) + 1;
    const pkg = packageOf(result.filePath);
    findingsByPackage[pkg] ??= {};
    findingsByPackage[pkg][message.ruleId] = (findingsByPackage[pkg][message.ruleId] ?? 0) + 1;
    findingList.push({ file: rel, line: message.line, column: message.column, ruleId: message.ruleId, message: message.message, fixable: Boolean(message.fix) });
  }
}

// One in-memory --fix run.
let fix = null;
if (!args['no-fix']) {
  const run = await lintAll(true);
  const changed = run.results.filter((r) => typeof r.output === 'string');
  const fixPasses = run.results.reduce((n, r) => n + (r.stats?.fixPasses ?? 0), 0);
  const remaining = run.results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('otel/')).length, 0);
  const fixFatal = run.results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${path.relative(CORPUS_MODULES, r.filePath)}:${m.line} ${m.message}`));
  fix = {
    filesChanged: changed.length,
    fixPasses,
    remainingFindings: remaining,
    fatalAfterFix: fixFatal,
    wallMs: run.wallMs,
    changedFiles: changed.map((r) => path.relative(CORPUS_MODULES, r.filePath)),
  };
}

log();
log(`files linted:            ${files.length}`);
log(`parse total (median):    ${ms(med.parse)}`);
log(`otel rules total:        ${ms(med.pluginTotal)}`);
log(`plugin rules / parse = ${med.ratio.toFixed(3)}`);
log(`median ${TYPED ? 'typescript-eslint type-checked' : 'ESLint core recommended'} rule (${CORE_RULES.length} rules, same run): ${ms(med.coreMedian)}`);
log(`wall per run (median):   ${ms(med.wallMs)}`);
log();
log(`${'rule'.padEnd(40)} ${'time (median)'.padStart(13)}  ${'x core median'.padStart(13)}  findings`);
for (const id of pluginRuleIds) {
  const x = med.coreMedian > 0 ? (med.rules[id] ?? 0) / med.coreMedian : 0;
  log(`${id.padEnd(40)} ${ms(med.rules[id] ?? 0).padStart(13)}  ${x.toFixed(2).padStart(13)}  ${String(findings[id] ?? 0).padStart(8)}`);
}
log();
log('findings per package:');
for (const pkg of Object.keys(corpusPackages()).sort()) {
  const per = findingsByPackage[pkg] ?? {};
  const total = Object.values(per).reduce((a, b) => a + b, 0);
  log(`  ${pkg.padEnd(34)} ${String(total).padStart(5)}  ${Object.entries(per).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
log(`fatal messages (parse errors): ${fatal.length}`);
for (const f of fatal.slice(0, 10)) log(`  ${f}`);
if (fix) {
  log(`--fix (in memory): ${fix.filesChanged} files would change, ${fix.fixPasses} extra fix passes, ${fix.remainingFindings} findings left, ${fix.fatalAfterFix.length} fatal after fix, wall ${(fix.wallMs / 1000).toFixed(1)} s`);
}

const machine = {
  node: process.version,
  eslint: ESLint.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
};
const result = {
  date: new Date().toISOString(),
  machine,
  corpus: { files: files.length, packages: corpusPackages() },
  runs: { warmup: WARMUP, measured: RUNS },
  median: med,
  measured,
  findings,
  findingsByPackage,
  fatal,
  fix,
  findingList,
};
writeFileSync(path.join(ROOT, 'bench', TYPED ? 'results-typed.json' : 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
log(`\nwrote bench/${TYPED ? 'results-typed.json' : 'results.json'}`);

if (args.md) {
  const lines = [
    TYPED ? '# Benchmark results with type information (sample run)' : '# Benchmark results (sample run)',
    '',
    'Refresh with `npm run bench -- --md`. Corpus and method: [README.md](./README.md).',
    '',
    `- date: ${result.date}`,
    `- machine: ${machine.cpus}, ${machine.memoryGiB} GiB, ${machine.platform}`,
    `- node ${machine.node}, ESLint ${machine.eslint}, plugin ${plugin.meta?.version ?? '?'}`,
    `- runs: ${WARMUP} warm-up + ${RUNS} measured, median reported`,
    '',
    '| | |',
    '| --- | --- |',
    `| files linted | ${files.length} |`,
    `| parse total | ${med.parse.toFixed(1)} ms |`,
    `| otel rules total | ${med.pluginTotal.toFixed(1)} ms |`,
    `| **plugin rules / parse** | **${med.ratio.toFixed(3)}** |`,
    `| median ${TYPED ? 'typescript-eslint type-checked' : 'ESLint core recommended'} rule (same run) | ${med.coreMedian.toFixed(1)} ms |`,
    `| wall per run | ${(med.wallMs / 1000).toFixed(1)} s |`,
    `| fatal messages | ${fatal.length} |`,
    ...(fix ? [`| files changed by --fix | ${fix.filesChanged} (${fix.fatalAfterFix.length} fatal after fix, ${fix.remainingFindings} findings left) |`] : []),
    '',
    `| rule | time (median) | × ${TYPED ? 'type-checked' : 'core'} median | findings |`,
    '| --- | ---: | ---: | ---: |',
    ...pluginRuleIds.map((id) => `| \`${id}\` | ${(med.rules[id] ?? 0).toFixed(1)} ms | ${med.coreMedian > 0 ? ((med.rules[id] ?? 0) / med.coreMedian).toFixed(2) : '–'} | ${findings[id] ?? 0} |`),
    '',
    '| package | findings |',
    '| --- | --- |',
    ...Object.keys(corpusPackages())
      .sort()
      .map((pkg) => {
        const per = findingsByPackage[pkg] ?? {};
        const detail = Object.entries(per).map(([k, v]) => `\`${k}\` ${v}`).join(', ');
        return `| \`${pkg}@${corpusPackages()[pkg]}\` | ${detail || '0'} |`;
      }),
    '',
  ];
  writeFileSync(path.join(ROOT, 'bench', TYPED ? 'results-typed.md' : 'results.md'), lines.join('\n'));
  log(`wrote bench/${TYPED ? 'results-typed.md' : 'results.md'}`);
}
