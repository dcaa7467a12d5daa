#!/usr/bin/env node
// Lints the example service in examples/backend/ with the built plugin (dist/) and shows what it finds.
//
//   node scripts/demo.mjs           findings (stylish) and a one-line summary per rule
//   node scripts/demo.mjs --diff    also the autofixes as unified diffs, and what remains after them
//   node scripts/demo.mjs --all     use the `all` preset instead of `recommended`
//
// It never writes to the example's files: fixed text only lives in memory and in a temporary folder used
// for the diff. Findings do not make it fail (exit code 0); only a crash does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { styleText } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exampleDir = path.join(repoRoot, 'examples', 'backend');
const distEntry = path.join(repoRoot, 'dist', 'index.js');
const PATTERNS = ['src/**/*.ts'];

const USAGE = `Usage: node scripts/demo.mjs [--diff] [--all]

  --diff   also apply the autofixes in memory, print them as unified diffs and re-lint the fixed text
  --all    lint with the plugin's \`all\` preset instead of \`recommended\`
  --help   show this help`;

function parseArgs(argv) {
  const options = { diff: false, preset: 'recommended', builtinDiff: false };
  for (const arg of argv) {
    if (arg === '--diff') options.diff = true;
    else if (arg === '--all') options.preset = 'all';
    else if (arg === '--builtin-diff') options.builtinDiff = true; // force the JS diff (used when git is missing)
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`Unknown option: ${arg}\n\n${USAGE}`);
      process.exit(2);
    }
  }
  return options;
}

const useColor = (() => {
  if ('NO_COLOR' in process.env) return false;
  if (process.env.FORCE_COLOR !== undefined) return process.env.FORCE_COLOR !== '0';
  return Boolean(process.stdout.isTTY);
})();

/** Styles text only when stdout is a terminal (or colour is forced). */
function paint(format, text) {
  return useColor ? styleText(format, text, { validateStream: false }) : text;
}

function stripAnsi(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function displayPath(filePath) {
  return path.relative(process.cwd(), filePath) || filePath;
}

/** An expected failure (no build, wrong export): reported without a stack trace. */
class DemoError extends Error {}

async function loadPlugin() {
  if (!existsSync(distEntry)) {
    throw new DemoError(`${displayPath(distEntry)} not found: build the plugin first (npm run build).`);
  }
  const mod = await import(pathToFileURL(distEntry).href);
  const plugin = mod.default;
  if (!plugin?.configs?.recommended || !plugin?.configs?.all) {
    throw new DemoError(`${displayPath(distEntry)} does not export a plugin with configs.recommended and configs.all.`);
  }
  return plugin;
}

/** The same flat config as examples/backend/eslint.config.js, with the plugin taken from dist/. */
function buildConfig(plugin, tsParser, preset) {
  return [
    { ignores: ['dist/**'] },
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, sourceType: 'module' },
    },
    {
      ...plugin.configs[preset],
      files: ['src/**/*.ts'],
    },
    {
      settings: {
        otel: {
          // The service's own tracer (src/telemetry.ts), named relative to the example's folder (ESLint's
          // cwd): each fixed file imports it by its own path ('../telemetry.js') instead of creating one.
          tracer: { from: './src/telemetry.js', name: 'tracer' },
          jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }],
          // `import { logger } from '../logger.js'`: the service's pino logger (src/logger.ts).
          loggers: [{ name: 'logger', library: 'pino' }],
        },
      },
    },
  ];
}

/** Results with paths relative to the current directory, for the formatter's file headers. */
function forDisplay(results) {
  return results.map((result) => ({ ...result, filePath: displayPath(result.filePath) }));
}

function countProblems(results) {
  return results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
}

/** One line per rule of the preset (and per other rule that reported): how much it found, and where. */
function summarize(results, presetRules) {
  const rows = new Map();
  const row = (ruleId) => {
    if (!rows.has(ruleId)) rows.set(ruleId, { count: 0, files: new Set(), fixable: 0, suggestions: 0 });
    return rows.get(ruleId);
  };
  for (const ruleId of Object.keys(presetRules)) row(ruleId);
  for (const result of results) {
    for (const message of result.messages) {
      const entry = row(message.ruleId ?? '(parse error)');
      entry.count += 1;
      entry.files.add(result.filePath);
      if (message.fix) entry.fixable += 1;
      if (message.suggestions?.length) entry.suggestions += 1;
    }
  }
  if (rows.size === 0) return ['  (the preset enables no rules yet)'];

  const width = Math.max(...[...rows.keys()].map((id) => id.length));
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ruleId, entry]) => {
      const severity = presetRules[ruleId];
      const sev = severity === 'warn' || severity === 1 ? 'warn ' : severity ? 'error' : '     ';
      const found =
        entry.count === 0
          ? paint('green', 'no problems')
          : `${plural(entry.count, 'problem')} in ${plural(entry.files.size, 'file')}`;
      const extras = [];
      if (entry.fixable) extras.push(`${entry.fixable} autofixable`);
      if (entry.suggestions) extras.push(`${entry.suggestions} with suggestions`);
      const tail = extras.length ? paint('dim', `  (${extras.join(', ')})`) : '';
      return `  ${paint('dim', sev)}  ${ruleId.padEnd(width)}  ${found}${tail}`;
    });
}

// ---------------------------------------------------------------------------------------------------------
// Diffs
// ---------------------------------------------------------------------------------------------------------

/** `git diff --no-index` of two texts written under os.tmpdir(); `undefined` when git is not usable. */
function gitDiff(workDir, relPath, before, after) {
  const a = path.join('a', relPath);
  const b = path.join('b', relPath);
  for (const [file, text] of [
    [a, before],
    [b, after],
  ]) {
    mkdirSync(path.dirname(path.join(workDir, file)), { recursive: true });
    writeFileSync(path.join(workDir, file), text);
  }
  const run = spawnSync(
    'git',
    [
      '-c',
      'core.quotepath=off',
      'diff',
      '--no-index',
      '--no-prefix',
      '--no-ext-diff',
      '--no-textconv',
      `--color=${useColor ? 'always' : 'never'}`,
      a,
      b,
    ],
    { cwd: workDir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_PAGER: 'cat' } },
  );
  // 1 = the files differ, 0 = they do not; anything else (or no git at all) means use the JS diff.
  if (run.error || (run.status !== 0 && run.status !== 1)) return undefined;
  // Drop the `diff --git` / `index` lines naming the temporary files: the header starts at `--- a/…`.
  const lines = run.stdout.split('\n');
  const start = lines.findIndex((line) => stripAnsi(line).startsWith('--- '));
  return start < 0 ? run.stdout : lines.slice(start).join('\n');
}

/** A small line diff (LCS) in unified format, 3 lines of context. Files here are a few hundred lines. */
function lineDiff(relPath, before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  /** @type {{ op: ' ' | '-' | '+', text: string, ai: number, bi: number }[]} */
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ op: ' ', text: a[i], ai: i++, bi: j++ });
    else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) ops.push({ op: '+', text: b[j], ai: i, bi: j++ });
    else ops.push({ op: '-', text: a[i], ai: i++, bi: j });
  }

  const CONTEXT = 3;
  const lines = [paint('bold', `--- a/${relPath}`), paint('bold', `+++ b/${relPath}`)];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === ' ') {
      k++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change close to it.
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    let lastChange = k;
    while (end < ops.length && end - lastChange <= 2 * CONTEXT) {
      if (ops[end].op !== ' ') lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + CONTEXT + 1);
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.op !== '+').length;
    const bCount = hunk.filter((o) => o.op !== '-').length;
    const aStart = aCount ? hunk.find((o) => o.op !== '+').ai + 1 : hunk[0].ai;
    const bStart = bCount ? hunk.find((o) => o.op !== '-').bi + 1 : hunk[0].bi;
    lines.push(paint('cyan', `@@ -${aStart},${aCount} +${bStart},${bCount} @@`));
    for (const o of hunk) {
      const text = `${o.op}${o.text}`;
      lines.push(o.op === '+' ? paint('green', text) : o.op === '-' ? paint('red', text) : text);
    }
    k = end;
  }
  return `${lines.join('\n')}\n`;
}

function fileHeader(relPath, ruleCounts) {
  const rules = [...ruleCounts.entries()].map(([id, count]) => (count > 1 ? `${id} ×${count}` : id)).join(', ');
  const title = `━━ ${relPath} ${rules ? paint('dim', `(fixes: ${rules}) `) : ''}`;
  return paint('bold', title.padEnd(100, '━'));
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));

  const plugin = await loadPlugin();
  const [{ ESLint }, tsParserModule] = await Promise.all([import('eslint'), import('@typescript-eslint/parser')]);
  const tsParser = tsParserModule.default ?? tsParserModule;

  const overrideConfig = buildConfig(plugin, tsParser, options.preset);
  const presetRules = plugin.configs[options.preset].rules ?? {};
  const eslintOptions = { cwd: exampleDir, overrideConfigFile: true, overrideConfig };

  const eslint = new ESLint(eslintOptions);
  const stylish = await eslint.loadFormatter('stylish');
  const results = await eslint.lintFiles(PATTERNS);

  const version = plugin.meta?.version ? ` ${plugin.meta.version}` : '';
  console.log(
    paint('bold', `eslint-plugin-otel${version} · preset "${options.preset}" · ${displayPath(exampleDir)}/${PATTERNS[0]}`),
  );
  console.log(paint('dim', `${plural(results.length, 'file')} linted with ESLint ${ESLint.version}`));

  const found = countProblems(results);
  const report = stylish.format(forDisplay(results), { color: useColor });
  console.log(report.trim() ? report : `\n${paint('green', 'No problems found.')}\n`);
  console.log(paint('bold', 'Summary by rule'));
  for (const line of summarize(results, presetRules)) console.log(line);

  if (!options.diff) return;

  // --diff: apply the fixes in memory (no outputFixes), show them, then lint the fixed text again.
  const fixer = new ESLint({ ...eslintOptions, fix: true });
  const fixedResults = await fixer.lintFiles(PATTERNS);
  const changed = fixedResults.filter((r) => typeof r.output === 'string');
  const beforeByFile = new Map(results.map((r) => [r.filePath, r]));

  console.log(`\n${paint('bold', `Autofixes (--diff): ${plural(changed.length, 'file')} would change`)}`);
  console.log(paint('dim', 'Nothing is written to the example; the diffs compare the file with the fixed text.\n'));

  const workDir = mkdtempSync(path.join(tmpdir(), 'otel-demo-'));
  try {
    for (const result of changed) {
      const relPath = path.relative(repoRoot, result.filePath).split(path.sep).join('/');
      const before = readFileSync(result.filePath, 'utf8');
      const ruleCounts = new Map();
      for (const message of beforeByFile.get(result.filePath)?.messages ?? []) {
        if (message.fix && message.ruleId) ruleCounts.set(message.ruleId, (ruleCounts.get(message.ruleId) ?? 0) + 1);
      }
      const diff = (!options.builtinDiff && gitDiff(workDir, relPath, before, result.output)) || lineDiff(relPath, before, result.output);
      console.log(fileHeader(relPath, ruleCounts));
      console.log(diff);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  // Re-lint: fixed text for the files that changed, the untouched files as they are.
  const changedPaths = new Set(changed.map((r) => r.filePath));
  const remaining = [];
  for (const result of fixedResults) {
    if (changedPaths.has(result.filePath)) {
      remaining.push(...(await eslint.lintText(result.output, { filePath: result.filePath })));
    } else {
      remaining.push(beforeByFile.get(result.filePath) ?? result);
    }
  }
  const left = countProblems(remaining);
  console.log(paint('bold', 'After the autofixes'));
  const remainingReport = stylish.format(forDisplay(remaining), { color: useColor });
  console.log(remainingReport.trim() ? remainingReport : `\n${paint('green', 'No problems remain.')}\n`);
  console.log(paint('bold', 'Summary by rule, after the autofixes'));
  for (const line of summarize(remaining, presetRules)) console.log(line);
  console.log(
    `\n${plural(found, 'problem')} before, ${plural(left, 'problem')} after autofix ` +
      `(${plural(changed.length, 'file')} changed; run ESLint with --fix in the example to apply).`,
  );
}

main().catch((error) => {
  const detail = error instanceof DemoError ? error.message : error instanceof Error ? (error.stack ?? error.message) : error;
  console.error(paint('red', 'demo failed:'), detail);
  process.exit(1);
});
