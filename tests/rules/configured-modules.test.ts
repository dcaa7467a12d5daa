/**
 * A relative `module` in settings (`jobRunners[].module`, `httpClients[].module`) names a file relative to
 * ESLint's working directory, so files at every folder depth that import it by their own relative path match,
 * and a module of the same name elsewhere does not.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';

const cwd = process.cwd();
const settings = {
  otel: {
    tracerName: 'svc',
    checkApiDependency: false,
    jobRunners: [{ name: 'runJob', module: './src/jobs/runner', handlerArg: 1, nameArg: 0 }],
    httpClients: [{ name: 'post', module: './src/lib/http' }],
  },
};

function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd });
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { otel: plugin as never },
          rules: { 'otel/require-job-span': 'error', 'otel/require-trace-propagation': ['error', { scope: 'all' }] },
          settings,
        },
      ],
      path.join(cwd, file),
    )
    .map((m) => `${m.ruleId}:${m.line}`);
}

const JOB = (from: string): string => `import { runJob } from '${from}';\nrunJob('nightly', async () => {\n  await Promise.resolve();\n});\n`;
const HTTP = (from: string): string => `import { post } from '${from}';\nexport async function send(url: string) {\n  await post(url, { headers: {} });\n}\n`;

describe('relative module settings, resolved per file', () => {
  it('a job runner imported two folders down (with an extension) is the configured one', () => {
    expect(lint('src/workers/deep/a.ts', JOB('../../jobs/runner.js'))).toEqual(['otel/require-job-span:2']);
  });

  it('the same runner imported from the folder next to it, and through an index file', () => {
    expect(lint('src/jobs/b.ts', JOB('./runner'))).toEqual(['otel/require-job-span:2']);
    expect(lint('src/c.ts', JOB('./jobs/runner/index.js'))).toEqual(['otel/require-job-span:2']);
  });

  it('a module of the same name elsewhere is not the configured one', () => {
    expect(lint('src/workers/a.ts', JOB('./jobs/runner.js'))).toEqual([]);
  });

  it('an HTTP wrapper from a relative module, at any depth', () => {
    expect(lint('src/api/v1/hooks.ts', HTTP('../../lib/http.js'))).toEqual(['otel/require-trace-propagation:3']);
    expect(lint('src/api/v1/hooks.ts', HTTP('../lib/http.js'))).toEqual([]);
  });
});
