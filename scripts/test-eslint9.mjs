#!/usr/bin/env node
// Runs the rule tests (tests/rules/**) against ESLint 9 instead of the ESLint 10 the repo develops with.
//
//   node scripts/test-eslint9.mjs [extra vitest args…]
//
// How: the repo is copied to .tmp/eslint9/ (without .git, .tmp, node_modules), its node_modules is a
// hard-linked copy of ours (no network, a second or two), and in that copy `node_modules/eslint` is replaced
// by the `eslint9` package (devDependency `"eslint9": "npm:eslint@^9"`, i.e. the real eslint@9 tarball
// with its own nested dependencies). So every `import 'eslint'` / `require('eslint')` — from the tests,
// from @typescript-eslint/rule-tester, from @typescript-eslint/utils — gets ESLint 9, with no aliasing
// tricks inside vitest. tests/compat/eslint-version.test.ts runs too and fails unless the ESLint that the
// rule tester loads has major EXPECT_ESLINT_MAJOR (9 here).
//
// Exits non-zero if the copy cannot be prepared, ESLint 9 is not what gets loaded, no rule tests exist,
// or any test fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(repoRoot, '.tmp', 'eslint9');
const EXPECTED_MAJOR = '9';

function fail(message) {
  console.error(`\n[test-eslint9] FAILED: ${message}`);
  process.exit(1);
}

function log(message) {
  console.log(`[test-eslint9] ${message}`);
}

const srcModules = path.join(repoRoot, 'node_modules');
const eslint9Pkg = path.join(srcModules, 'eslint9', 'package.json');
if (!existsSync(srcModules)) fail('node_modules/ is missing: run `npm ci` first.');
if (!existsSync(eslint9Pkg)) fail('node_modules/eslint9 is missing (devDependency "eslint9": "npm:eslint@^9"): run `npm ci`.');
const eslint9Version = JSON.parse(readFileSync(eslint9Pkg, 'utf8')).version;
if (!eslint9Version.startsWith(`${EXPECTED_MAJOR}.`)) fail(`node_modules/eslint9 is eslint@${eslint9Version}, not ${EXPECTED_MAJOR}.x`);

const ruleTests = [];
(function collect(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full);
    else if (/\.test\.[cm]?[jt]s$/.test(entry.name)) ruleTests.push(full);
  }
})(path.join(repoRoot, 'tests', 'rules'));
if (ruleTests.length === 0) fail('no rule tests found under tests/rules/.');

// ---- 1. copy the repo (sources, tests, configs; dist/ too, in case a test reads the build) -------------
log(`preparing ${path.relative(repoRoot, work)}/ …`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const SKIP_TOP = new Set(['.git', '.tmp', 'node_modules', 'coverage']);
for (const entry of readdirSync(repoRoot)) {
  if (SKIP_TOP.has(entry)) continue;
  cpSync(path.join(repoRoot, entry), path.join(work, entry), { recursive: true, verbatimSymlinks: true });
}

// ---- 2. node_modules: hard links where possible (same file system), plain copies otherwise -------------
// Caches that tools rewrite in place (vite/vitest) are skipped: a hard-linked file written in place would
// change the original too.
let linkFallback = false;
function linkTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name === '.vite' || entry.name === '.cache') continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isSymbolicLink()) {
      cpSync(src, dst, { verbatimSymlinks: true });
    } else if (entry.isDirectory()) {
      linkTree(src, dst);
    } else if (linkFallback) {
      cpSync(src, dst);
    } else {
      try {
        linkSync(src, dst);
      } catch {
        linkFallback = true;
        cpSync(src, dst);
      }
    }
  }
}
const started = Date.now();
linkTree(srcModules, path.join(work, 'node_modules'));
log(`node_modules ${linkFallback ? 'copied' : 'hard-linked'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);

// ---- 3. swap eslint@10 for eslint@9 --------------------------------------------------------------------
const dstModules = path.join(work, 'node_modules');
rmSync(path.join(dstModules, 'eslint'), { recursive: true, force: true });
renameSync(path.join(dstModules, 'eslint9'), path.join(dstModules, 'eslint'));
const swapped = JSON.parse(readFileSync(path.join(dstModules, 'eslint', 'package.json'), 'utf8'));
if (swapped.name !== 'eslint' || !swapped.version.startsWith(`${EXPECTED_MAJOR}.`)) {
  fail(`after the swap node_modules/eslint is ${swapped.name}@${swapped.version}`);
}
if (!statSync(path.join(dstModules, 'eslint', 'lib')).isDirectory()) fail('node_modules/eslint/lib missing after the swap');
log(`node_modules/eslint is now eslint@${swapped.version}`);

// ---- 4. run the rule tests (+ the version guard) with the copy's vitest ---------------------------------
const vitestArgs = [
  path.join('node_modules', 'vitest', 'vitest.mjs'),
  'run',
  'tests/rules/',
  'tests/compat/',
  ...process.argv.slice(2),
];
log(`running: node ${vitestArgs.join(' ')}   (EXPECT_ESLINT_MAJOR=${EXPECTED_MAJOR})`);
const result = spawnSync(process.execPath, vitestArgs, {
  cwd: work,
  stdio: 'inherit',
  env: { ...process.env, EXPECT_ESLINT_MAJOR: EXPECTED_MAJOR },
});
if (result.error) fail(`could not start vitest: ${result.error.message}`);
if (result.status !== 0) fail(`rule tests failed against eslint@${swapped.version} (vitest exit code ${result.status ?? result.signal})`);

if (!process.env.KEEP_TMP) rmSync(work, { recursive: true, force: true });
log(`rule tests passed against eslint@${swapped.version}`);
