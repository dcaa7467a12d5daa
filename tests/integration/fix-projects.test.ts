/**
 * Integration: the real `ESLint` class with `fix: true` on a fixture project, every rule of the plugin at
 * once. Several rules fixing one file must converge to valid, idempotent code that type-checks, and files
 * that are already right must come out unchanged.
 */
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import ts from 'typescript';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

import plugin from '../../index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.join(here, '../fixtures/projects/backend');
const fixedDir = path.join(here, '__fixed__', 'backend');

function createESLint(fix: boolean): ESLint {
  return new ESLint({
    cwd: project,
    fix,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
      plugin.configs.all as unknown as Linter.Config,
      {
        settings: {
          otel: { tracerName: 'fixture-backend', jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }] },
        },
      },
    ],
  });
}

const files = ['src/webhook.worker.ts', 'src/jobs.ts', 'src/notifier.ts', 'src/runner.ts', 'src/already-right.ts', 'src/outbox.cjs'];
let fixed: Map<string, string>;
let before: Map<string, ESLint.LintResult>;

beforeAll(async () => {
  const linted = await createESLint(false).lintFiles(files);
  before = new Map(linted.map((result) => [path.relative(project, result.filePath), result]));
  const results = await createESLint(true).lintFiles(files);
  fixed = new Map(
    results.map((result) => [path.relative(project, result.filePath), result.output ?? readFileSync(result.filePath, 'utf8')]),
  );
});

describe('eslint --fix on a fixture backend', () => {
  it('finds the gaps of both rules, and none in code that is already right', () => {
    const count = (file: string, rule: string) => before.get(file)!.messages.filter((m) => m.ruleId === rule).length;
    expect(count('src/webhook.worker.ts', 'otel/require-job-span')).toBe(1);
    expect(count('src/webhook.worker.ts', 'otel/require-trace-propagation')).toBe(2);
    expect(count('src/jobs.ts', 'otel/require-job-span')).toBe(2);
    expect(count('src/notifier.ts', 'otel/require-trace-propagation')).toBe(2);
    expect(count('src/outbox.cjs', 'otel/require-job-span')).toBe(1);
    expect(count('src/outbox.cjs', 'otel/require-trace-propagation')).toBe(1);
    // The cron task's console.log has no job context: a suggestion only (console has no per-job binding).
    expect(count('src/jobs.ts', 'otel/require-job-log-context')).toBe(1);
    expect(before.get('src/already-right.ts')!.messages).toEqual([]);
    expect(before.get('src/runner.ts')!.messages).toEqual([]);
    for (const result of before.values()) expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  });

  it('converges: nothing left to report after one --fix run (but suggestion-only findings)', async () => {
    const eslint = createESLint(false);
    for (const [file, text] of fixed) {
      const [result] = await eslint.lintText(text, { filePath: path.join(project, file) });
      const suggestionOnly = (m: Linter.LintMessage) => m.ruleId === 'otel/require-job-log-context' && !m.fix && (m.suggestions?.length ?? 0) > 0;
      expect(result!.messages.filter((m) => !suggestionOnly(m)), file).toEqual([]);
      expect(result!.messages.filter(suggestionOnly).length, file).toBe(file === 'src/jobs.ts' ? 1 : 0);
    }
  });

  it('is idempotent: fixing the fixed code changes nothing', async () => {
    const eslint = createESLint(true);
    for (const [file, text] of fixed) {
      const [result] = await eslint.lintText(text, { filePath: path.join(project, file) });
      expect(result!.output ?? text, file).toBe(text);
    }
  });

  it('leaves already-instrumented files byte for byte', () => {
    const file = 'src/already-right.ts';
    expect(fixed.get(file)).toBe(readFileSync(path.join(project, file), 'utf8'));
  });

  it('keeps comments and the user code of both rules in one handler', () => {
    const worker = fixed.get('src/webhook.worker.ts')!;
    expect(worker).toContain('// Deliver with fetch first, then confirm with axios.');
    expect(worker).toContain("return tracer.startActiveSpan('process webhook-deliveries', { kind: SpanKind.CONSUMER }, async (span) => {");
    expect(worker).toContain("headers: { ...traceHeaders, 'content-type': 'application/json', 'x-event': job.data.event },");
    expect(worker).toMatch(/axios\.post\(`\$\{job\.data\.url\}\/confirm`, \{ id: job\.id \}, \{ headers: traceHeaders2 \}\)/);
    expect(worker.match(/import \{[^}]*\} from '@opentelemetry\/api';/g)).toHaveLength(1);
    expect(fixed.get('src/outbox.cjs')).toMatch(/^'use strict';\n\nconst axios = require\('axios'\);\nconst \{ Worker \} = require\('bullmq'\);\nconst \{ [^}]+ \} = require\('@opentelemetry\/api'\);/);
  });

  it('type-checks (strict) against the real libraries', () => {
    rmSync(fixedDir, { recursive: true, force: true });
    mkdirSync(path.join(fixedDir, 'src'), { recursive: true });
    const tsFiles: string[] = [];
    for (const [file, text] of fixed) {
      if (!file.endsWith('.ts')) continue;
      const target = path.join(fixedDir, file);
      writeFileSync(target, text);
      tsFiles.push(target);
    }
    writeFileSync(path.join(fixedDir, 'package.json'), '{ "type": "module" }\n');
    const program = ts.createProgram(tsFiles, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: ['node'],
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${path.relative(fixedDir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
