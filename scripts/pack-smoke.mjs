#!/usr/bin/env node
// Smoke test of the published package: what `npm pack` produces must install and work in a fresh project.
//
//   npm run build && node scripts/pack-smoke.mjs
//
// 1. `npm pack` into a temporary folder; the tarball must hold dist/index.js and dist/index.d.ts and no
//    tests, fixtures, examples, benchmarks or sources-only files.
// 2. A fresh ESM project installs the tarball + eslint@10 + @typescript-eslint/parser + typescript.
// 3. `import otel from 'eslint-plugin-otel'` works: meta.name, meta.version, the three presets, the types.
// 4. `eslint --format json src/worker.ts` on an untraced BullMQ worker reports exactly one message:
//    otel/require-job-span.
// 5. The `otel-audit` bin from the packed package: `npx otel-audit --format json` finds the same gap with
//    coverage "job handlers: 1, traced 0", exits 1; the Markdown report and `--fail-on none` (exit 0) work.
// Needs network access to the npm registry (or a warm npm cache). Set KEEP_TMP=1 to keep the temp folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
const rootPkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const tmp = mkdtempSync(path.join(tmpdir(), 'otel-pack-smoke-'));
let failed = false;

function log(message) {
  console.log(`[pack-smoke] ${message}`);
}

function fail(message) {
  failed = true;
  console.error(`\n[pack-smoke] FAILED: ${message}`);
  console.error(`[pack-smoke] temp folder kept for inspection: ${tmp}`);
  process.exit(1);
}

function run(cmd, args, cwd, { allowExitCodes = [0], quiet = false } = {}) {
  log(`$ ${cmd} ${args.join(' ')}   (in ${cwd})`);
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) fail(`could not run ${cmd}: ${result.error.message}`);
  if (!allowExitCodes.includes(result.status)) {
    fail(`\`${cmd} ${args.join(' ')}\` exited with ${result.status ?? result.signal}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
  }
  if (!quiet && result.stderr.trim()) process.stderr.write(result.stderr);
  return result;
}

function installedVersion(name) {
  try {
    return JSON.parse(readFileSync(requireFromRepo.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

process.on('exit', () => {
  if (!failed && !process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
});

// ---- 1. pack ---------------------------------------------------------------------------------------------
if (!existsSync(path.join(repoRoot, 'dist', 'index.js')) || !existsSync(path.join(repoRoot, 'dist', 'index.d.ts'))) {
  fail('dist/index.js or dist/index.d.ts is missing: run `npm run build` first.');
}
const packDir = path.join(tmp, 'pack');
mkdirSync(packDir);
const packed = run('npm', ['pack', '--json', '--pack-destination', packDir], repoRoot, { quiet: true });
let packInfo;
try {
  packInfo = JSON.parse(packed.stdout)[0];
} catch (err) {
  fail(`cannot parse \`npm pack --json\` output (${err.message}):\n${packed.stdout}`);
}
const tarball = path.join(packDir, packInfo.filename);
if (!existsSync(tarball)) fail(`npm pack did not produce ${tarball}`);
const files = packInfo.files.map((f) => f.path);
log(`packed ${packInfo.filename}: ${files.length} files, ${(packInfo.size / 1024).toFixed(1)} kB (unpacked ${(packInfo.unpackedSize / 1024).toFixed(1)} kB)`);

for (const required of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'bin/otel-audit.js', 'dist/lib/audit/cli.js', 'docs/audit.md']) {
  if (!files.includes(required)) fail(`the tarball lacks ${required}`);
}
const FORBIDDEN = [
  [/(^|\/)tests?\//, 'test folder'],
  [/(^|\/)__tests__\//, 'test folder'],
  [/(^|\/)fixtures?\//, 'fixture'],
  [/(^|\/)__fixed__\//, 'fixture'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'test file'],
  [/^examples\//, 'example'],
  [/^bench\//, 'benchmark'],
  [/^scripts\//, 'script'],
  [/^\.ci\//, 'CI script'],
  [/(^|\/)node_modules\//, 'node_modules'],
  [/\.tgz$/, 'tarball'],
  [/^lib\/.*\.ts$/, 'TypeScript source'],
  [/^index\.ts$/, 'TypeScript source'],
  [/(^|\/)tsconfig[^/]*\.json$/, 'tsconfig'],
  [/(^|\/)\.tmp\//, 'temp file'],
];
const offending = files.flatMap((f) => FORBIDDEN.filter(([re]) => re.test(f)).map(([, what]) => `${f} (${what})`));
if (offending.length) fail(`the tarball holds files it should not:\n  ${offending.join('\n  ')}`);
const dts = files.filter((f) => f.endsWith('.d.ts'));
log(`tarball contents OK (${dts.length} .d.ts files, no tests/fixtures)`);

// ---- 2. fresh project ------------------------------------------------------------------------------------
const project = path.join(tmp, 'project');
mkdirSync(path.join(project, 'src'), { recursive: true });
writeFileSync(
  path.join(project, 'package.json'),
  `${JSON.stringify({ name: 'otel-pack-smoke', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
);
// Same parser/TypeScript versions as the repo develops with (avoids peer-range surprises on new releases).
const parserVersion = installedVersion('@typescript-eslint/parser') ?? '8';
const tsVersion = installedVersion('typescript') ?? 'latest';
run(
  'npm',
  [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    tarball,
    'eslint@10',
    `@typescript-eslint/parser@${parserVersion}`,
    `typescript@${tsVersion}`,
  ],
  project,
);
const installedEslint = JSON.parse(readFileSync(path.join(project, 'node_modules', 'eslint', 'package.json'), 'utf8')).version;
log(`installed eslint@${installedEslint}, @typescript-eslint/parser@${parserVersion}, typescript@${tsVersion}`);

// ---- 3. the module and its types ---------------------------------------------------------------------------
writeFileSync(
  path.join(project, 'check-meta.mjs'),
  `import otel from 'eslint-plugin-otel';
const problems = [];
if (otel?.meta?.name !== 'eslint-plugin-otel') problems.push('meta.name is ' + JSON.stringify(otel?.meta?.name));
if (otel?.meta?.version !== ${JSON.stringify(rootPkg.version)}) problems.push('meta.version is ' + JSON.stringify(otel?.meta?.version));
for (const preset of ['recommended', 'strict', 'all']) {
  const config = otel?.configs?.[preset];
  if (!config || typeof config.rules !== 'object') { problems.push('configs.' + preset + ' missing'); continue; }
  if (config.plugins?.otel !== otel) problems.push('configs.' + preset + '.plugins.otel is not the plugin');
  for (const id of Object.keys(config.rules)) {
    if (!id.startsWith('otel/') || !otel.rules[id.slice(5)]) problems.push('configs.' + preset + ' names unknown rule ' + id);
  }
}
if (!otel?.configs?.recommended?.rules?.['otel/require-job-span']) problems.push('otel/require-job-span is not in configs.recommended');
if (problems.length) { console.error(problems.join('\\n')); process.exit(1); }
console.log(otel.meta.name + '@' + otel.meta.version + ': ' + Object.keys(otel.rules).length + ' rules, presets ' + Object.keys(otel.configs).join('/'));
`,
);
log(run(process.execPath, ['check-meta.mjs'], project).stdout.trim());

writeFileSync(
  path.join(project, 'tsconfig.json'),
  `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['types-check.ts'],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  path.join(project, 'types-check.ts'),
  `import otel from 'eslint-plugin-otel';
import { defineConfig } from 'eslint/config';
import type { Linter } from 'eslint';
const name: string = otel.meta.name;
const ruleNames: string[] = Object.keys(otel.rules);
// What a user writes in eslint.config.ts: the presets and the plugin fit ESLint's own config types.
const asArray: Linter.Config[] = [otel.configs.recommended, otel.configs.strict, otel.configs.all];
const defined = defineConfig([otel.configs.recommended, { plugins: { otel }, rules: { 'otel/require-job-span': 'warn' } }]);
export { name, ruleNames, asArray, defined };
`,
);
run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
log('types resolve from dist/index.d.ts and fit defineConfig / Linter.Config[] (tsc, NodeNext)');

// ---- 4. lint an untraced BullMQ worker -------------------------------------------------------------------
writeFileSync(
  path.join(project, 'eslint.config.js'),
  `import tsParser from '@typescript-eslint/parser';
import otel from 'eslint-plugin-otel';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' } },
  otel.configs.recommended,
];
`,
);
writeFileSync(
  path.join(project, 'src', 'worker.ts'),
  `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job.data);
});
`,
);
// exit code 1 = lint problems found (expected), 2 = crash/config error
const linted = run('npx', ['--no-install', 'eslint', '--format', 'json', 'src/worker.ts'], project, { allowExitCodes: [0, 1] });
let results;
try {
  results = JSON.parse(linted.stdout);
} catch (err) {
  fail(`cannot parse eslint JSON output (${err.message}):\n${linted.stdout}\n${linted.stderr}`);
}
const messages = results.flatMap((r) => r.messages);
const summary = messages.map((m) => `  ${m.line}:${m.column} ${m.ruleId ?? '(no rule)'} [severity ${m.severity}] ${m.message}`).join('\n');
if (messages.length !== 1 || messages[0].ruleId !== 'otel/require-job-span') {
  fail(`expected exactly one otel/require-job-span message on src/worker.ts, got ${messages.length}:\n${summary || '  (none)'}`);
}
log(`eslint reports on src/worker.ts:\n${summary}`);

// ---- 5. the otel-audit bin ----------------------------------------------------------------------------
const audited = run('npx', ['--no-install', 'otel-audit', '--format', 'json'], project, { allowExitCodes: [1] });
let audit;
try {
  audit = JSON.parse(audited.stdout);
} catch (err) {
  fail(`cannot parse otel-audit JSON output (${err.message}):\n${audited.stdout}\n${audited.stderr}`);
}
const auditFindings = audit.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
const jobCoverage = audit.coverage.find((c) => c.rule === 'require-job-span');
if (auditFindings.join() !== 'src/worker.ts:3 otel/require-job-span' || jobCoverage?.found !== 1 || jobCoverage?.fine !== 0) {
  fail(`otel-audit: expected one require-job-span finding in src/worker.ts and coverage 1/0, got ${JSON.stringify({ auditFindings, jobCoverage })}`);
}
const markdown = run('npx', ['--no-install', 'otel-audit', '--fail-on', 'none'], project).stdout;
if (!markdown.startsWith('# Observability audit: `.`') || !markdown.includes('job handlers: 1, traced 0 (0%)')) {
  fail(`otel-audit Markdown report is not as expected:\n${markdown}`);
}
log(`otel-audit from the packed package: ${auditFindings.join(', ')}; ${jobCoverage.items}: ${jobCoverage.found}, ${jobCoverage.fineLabel} ${jobCoverage.fine}`);
log('PASSED');
