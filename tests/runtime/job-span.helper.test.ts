/**
 * Run-time proof for `settings.otel.spanHelper`: the ready-to-copy `withJobSpan` helper of
 * docs/rules/require-job-span.md (the fixture project's `src/telemetry.ts`, the same text) is loaded, node-cron
 * handlers are fixed to call it — imported through a `from` relative to ESLint's working directory — and run
 * with `task.execute()`: async and sync handlers, success and failure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ScheduledTask } from 'node-cron';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { FIXED_DIR, REPO_ROOT, fixSource, loadModule, setupOtel, type Otel } from '../helpers/runtime.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const HELPER_SOURCE = readFileSync(path.join(here, '../fixtures/projects/depths/src/telemetry.ts'), 'utf8');

let otel: Otel;
beforeAll(() => {
  otel = setupOtel();
});
afterEach(() => otel.reset());
afterAll(async () => {
  await otel?.shutdown();
});

function exceptionMessages(span: ReadableSpan): unknown[] {
  return span.events.filter((e) => e.name === 'exception').map((e) => e.attributes?.['exception.message']);
}

const SOURCE = `
import cron from 'node-cron';

export const state = { runs: 0 };

export const reportTask = cron.createTask('0 0 * * *', async (context) => {
  state.runs += 1;
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (context.triggeredAt.getTime() < 0) return 'never';
  if (state.runs === 2) throw new Error('report failed');
  return \`report \${state.runs}\`;
}, { name: 'nightly-report' });

export const pingTask = cron.createTask('* * * * *', () => ping(), { name: 'ping' });

let pings = 0;
function ping(): string {
  pings += 1;
  if (pings === 2) throw new Error('ping failed');
  return \`pong \${pings}\`;
}
`;

interface Module {
  state: { runs: number };
  reportTask: ScheduledTask;
  pingTask: ScheduledTask;
}

describe('require-job-span with settings.otel.spanHelper, run for real', () => {
  let output = '';
  let mod: Module;

  beforeAll(async () => {
    // The helper as the project has it, in the fixed dir under a name of its own.
    const helperBase = `job-span-helper-${process.pid}-${Date.now()}`;
    const js = ts.transpileModule(HELPER_SOURCE, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(path.join(FIXED_DIR, `${helperBase}.mjs`), js.outputText);
    const from = `./${path.relative(REPO_ROOT, path.join(FIXED_DIR, `${helperBase}.mjs`)).split(path.sep).join('/')}`;
    output = (await fixSource(SOURCE, { filename: 'reports.ts', settings: { spanHelper: { from, name: 'withJobSpan' } } })).output;
    mod = await loadModule<Module>(output, 'reports');
  });

  it('the fix imports the helper by the fixed file’s own relative path and calls it', () => {
    expect(output).toMatch(/import \{ withJobSpan \} from '\.\/job-span-helper-\d+-\d+\.mjs';/);
    expect(output).toContain("(context) => withJobSpan('nightly-report', { 'job.name': 'nightly-report' }, async () => {");
    expect(output).toContain("() => withJobSpan('ping', { 'job.name': 'ping' }, () => ping())");
    expect(output).not.toContain('@opentelemetry/api');
  });

  it('an async handler: the span lasts until the work ends, and the result comes back', async () => {
    expect(await mod.reportTask.execute()).toBe('report 1');
    const [span, ...rest] = otel.spans();
    expect(rest).toEqual([]);
    expect(span!.name).toBe('nightly-report');
    expect(span!.attributes['job.name']).toBe('nightly-report');
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.duration[0] * 1e3 + span!.duration[1] / 1e6).toBeGreaterThanOrEqual(15);
  });

  it('an async failure: ERROR status with the message, one exception event, the error reaches node-cron', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(mod.reportTask.execute()).rejects.toThrow('report failed');
    } finally {
      logged.mockRestore();
    }
    const [span] = otel.spans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'report failed' });
    expect(exceptionMessages(span!)).toEqual(['report failed']);
    expect(span!.ended).toBe(true);
  });

  it('a sync handler stays sync: its value and its throw pass through, the span ends either way', async () => {
    expect(await mod.pingTask.execute()).toBe('pong 1');
    expect(otel.spans().map((s) => [s.name, s.status.code])).toEqual([['ping', SpanStatusCode.UNSET]]);
    otel.reset();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(mod.pingTask.execute()).rejects.toThrow('ping failed');
    } finally {
      logged.mockRestore();
    }
    const [span] = otel.spans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ping failed' });
    expect(exceptionMessages(span!)).toEqual(['ping failed']);
  });
});
