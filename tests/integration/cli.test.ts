/**
 * The plugin as users run it: the real `eslint` CLI with an `eslint.config.js` that imports the built plugin,
 * and a real lint-staged pre-commit run (`eslint --fix` on staged files) in a throw-away git repository.
 * `npm test` builds `dist/` first (pretest).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = path.join(root, 'tests/integration/__fixed__/cli');
const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');
const lintStagedBin = path.join(root, 'node_modules/lint-staged/bin/lint-staged.js');

const CONFIG = `import otel from '${path.join(root, 'dist/index.js').replaceAll('\\\\', '/')}';
import tsParser from '@typescript-eslint/parser';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  otel.configs.recommended,
  { settings: { otel: { tracerName: 'cli-fixture', jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }] } } },
];
`;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: work, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(path.join(root, 'tests/fixtures/projects/backend/src'), path.join(work, 'src'), { recursive: true });
  writeFileSync(path.join(work, 'package.json'), '{ "name": "cli-fixture", "private": true, "type": "module", "dependencies": { "@opentelemetry/api": "^1.9.0" } }\n');
  writeFileSync(path.join(work, 'eslint.config.js'), CONFIG);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('eslint CLI', () => {
  it('reports the gaps with a non-zero exit code', () => {
    const result = spawnSync(process.execPath, [eslintBin, '--format', 'json', 'src/webhook.worker.ts', 'src/jobs.ts'], { cwd: work, encoding: 'utf8' });
    expect(result.status).toBe(1);
    const results = JSON.parse(result.stdout) as { messages: { ruleId: string }[] }[];
    const ruleIds = results.flatMap((r) => r.messages.map((m) => m.ruleId)).sort();
    expect(ruleIds).toEqual([
      // src/jobs.ts: a cron task logs with console.log (a suggestion, no autofix).
      'otel/require-job-log-context',
      'otel/require-job-span',
      'otel/require-job-span',
      'otel/require-job-span',
      'otel/require-trace-propagation',
      'otel/require-trace-propagation',
    ]);
  });

  it('--stats reports the plugin rules’ times', () => {
    const result = spawnSync(process.execPath, [eslintBin, '--stats', '--format', 'json', 'src/webhook.worker.ts'], { cwd: work, encoding: 'utf8' });
    const [file] = JSON.parse(result.stdout) as { stats: { times: { passes: { rules: Record<string, { total: number }> }[] } } }[];
    expect(Object.keys(file!.stats.times.passes[0]!.rules)).toEqual(expect.arrayContaining(['otel/require-job-span', 'otel/require-trace-propagation']));
  });
});

describe('lint-staged pre-commit', () => {
  it('fixes the staged files, stages the fixes, and the commit goes through', () => {
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(work, '.lintstagedrc.json'), `${JSON.stringify({ '*.{ts,cjs}': `node ${eslintBin} --fix` })}\n`);
    git('add', '-A');
    const before = readFileSync(path.join(work, 'src/webhook.worker.ts'), 'utf8');
    const run = spawnSync(process.execPath, [lintStagedBin], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const staged = git('show', ':src/webhook.worker.ts');
    expect(staged).not.toBe(before);
    expect(staged).toContain("tracer.startActiveSpan('process webhook-deliveries'");
    expect(staged).toContain('propagation.inject(context.active(), traceHeaders);');
    git('commit', '-q', '-m', 'fixture');
    // Nothing left for the rules in what was committed.
    const after = spawnSync(process.execPath, [eslintBin, 'src'], { cwd: work, encoding: 'utf8' });
    expect(after.status, after.stdout).toBe(0);
  });
});
