/**
 * Integration: `eslint --fix` on a fixture project whose settings name the project's tracer (and span helper)
 * by a path relative to ESLint's working directory, with handlers at three folder depths. Each file must
 * import the module by its own relative path, and the fixed project must pass strict `tsc` and typed lint
 * (typescript-eslint's `recommendedTypeChecked`: `await-thenable`, `require-await`, unsafe-any rules, …).
 */
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../../index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, '../fixtures/projects/depths');
const FILES = ['src/worker.ts', 'src/jobs/payments.worker.ts', 'src/jobs/cron/rollup.ts'];

/** A fresh copy under the git-ignored __fixed__ folder (inside the repo, so packages resolve). */
function copyFixture(name: string): string {
  const dir = path.join(here, '__fixed__', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

async function fixProject(dir: string, otel: Record<string, unknown>): Promise<Map<string, string>> {
  const eslint = new ESLint({
    cwd: dir,
    fix: true,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      plugin.configs.all as unknown as Linter.Config,
      { settings: { otel } },
    ],
  });
  const results = await eslint.lintFiles(FILES);
  await ESLint.outputFixes(results);
  const left = results.flatMap((result) => result.messages.map((m) => `${result.filePath}:${m.line} ${m.ruleId ?? ''} ${m.message}`));
  expect(left, 'reports left after --fix').toEqual([]);
  return new Map(FILES.map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]));
}

/** Strict `tsc --noEmit` with the project's own tsconfig.json. */
function typeErrors(dir: string): string[] {
  const configPath = path.join(dir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** typescript-eslint's `recommendedTypeChecked` through its config helper, as a typed-linting team runs it. */
async function typedLintErrors(dir: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: tseslint.config(
      { files: ['**/*.ts'] },
      ...tseslint.configs.recommendedTypeChecked,
      { languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: dir } } },
    ) as Linter.Config[],
  });
  const results = await eslint.lintFiles(['src/**/*.ts']);
  return results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(dir, result.filePath)}:${m.line} ${m.ruleId ?? ''} ${m.message}`),
  );
}

const dirs: string[] = [];
afterAll(() => {
  if (!process.env.KEEP_FIXED) for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a relative settings.otel.tracer.from, files at three depths', () => {
  let dir = '';
  let fixed = new Map<string, string>();

  beforeAll(async () => {
    dir = copyFixture('depths-tracer');
    dirs.push(dir);
    fixed = await fixProject(dir, { tracer: { from: './src/telemetry', name: 'tracer' } });
  });

  it('the unfixed project is clean under strict tsc and typed lint (so any error is the fix’s)', async () => {
    const original = copyFixture('depths-original');
    dirs.push(original);
    expect(typeErrors(original)).toEqual([]);
    expect(await typedLintErrors(original)).toEqual([]);
  });

  it('each file imports the tracer by its own relative path', () => {
    expect(fixed.get('src/worker.ts')).toContain("import { tracer } from './telemetry';");
    expect(fixed.get('src/jobs/payments.worker.ts')).toContain("import { tracer } from '../telemetry';");
    expect(fixed.get('src/jobs/cron/rollup.ts')).toContain("import { tracer } from '../../telemetry';");
    for (const text of fixed.values()) expect(text).not.toContain('getTracer(');
  });

  it('member reads and literals are returned without await; cron jobs take the name they are bound to', () => {
    expect(fixed.get('src/worker.ts')).toContain('      return rows.length;');
    expect(fixed.get('src/jobs/payments.worker.ts')).toContain("if (intent.amount > 1000) return 'review';");
    expect(fixed.get('src/jobs/payments.worker.ts')).toContain('return intent.id;');
    expect(fixed.get('src/jobs/cron/rollup.ts')).toContain("tracer.startActiveSpan('rollupJob', async (span) => {");
    expect(fixed.get('src/jobs/cron/rollup.ts')).toContain("span.setAttributes({ 'job.name': 'rollupJob' });");
    expect(fixed.get('src/jobs/cron/rollup.ts')).not.toContain('cron job');
  });

  it('the fixed project passes strict tsc', () => {
    expect(typeErrors(dir)).toEqual([]);
  });

  it('the fixed project passes typed lint (recommendedTypeChecked)', async () => {
    expect(await typedLintErrors(dir)).toEqual([]);
  });
});

describe('a relative settings.otel.spanHelper, files at three depths', () => {
  let dir = '';
  let fixed = new Map<string, string>();

  beforeAll(async () => {
    dir = copyFixture('depths-helper');
    dirs.push(dir);
    fixed = await fixProject(dir, { spanHelper: { from: './src/telemetry', name: 'withJobSpan' } });
  });

  it('each file imports the helper by its own relative path and calls it, the body kept as it was', () => {
    expect(fixed.get('src/worker.ts')).toContain("import { withJobSpan } from './telemetry';");
    expect(fixed.get('src/jobs/payments.worker.ts')).toContain("import { withJobSpan } from '../telemetry';");
    expect(fixed.get('src/jobs/cron/rollup.ts')).toContain("import { withJobSpan } from '../../telemetry';");
    const worker = fixed.get('src/worker.ts')!;
    expect(worker).toContain("(job) => withJobSpan('process reports', {");
    // The body's lines are untouched (same text, same indentation).
    expect(worker).toContain(`{
      const rows = await loadRows(job.data.id);
      return rows.length;
    })`);
    for (const text of fixed.values()) {
      expect(text).not.toContain('@opentelemetry/api');
      expect(text).not.toContain('try {');
    }
  });

  it('the fixed project passes strict tsc', () => {
    expect(typeErrors(dir)).toEqual([]);
  });

  it('the fixed project passes typed lint (recommendedTypeChecked)', async () => {
    expect(await typedLintErrors(dir)).toEqual([]);
  });
});
