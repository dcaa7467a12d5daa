/**
 * An editor applies ONE quick fix, not `eslint --fix`: the fix of a single finding (not the first) in a file
 * with several findings must yield code that type-checks and runs on its own. Both rules, one file.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { loadModule, setupOtel, typeCheck, type Otel } from '../helpers/runtime.js';
import { rawValues, startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

const SOURCE = `
export const started: string[] = [];

export async function runJob<T>(name: string, handler: () => Promise<T>): Promise<T> {
  started.push(name);
  return handler();
}

export async function first(): Promise<number> {
  return runJob('first', async () => 1);
}

export async function second(rows: number[]): Promise<number> {
  return runJob('second', async () => rows.reduce((sum, n) => sum + n, 0));
}

export async function deliver(webhookUrl: string, payload: unknown): Promise<number> {
  const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return res.status;
}
`;

const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser },
    plugins: { otel: plugin as never },
    rules: { 'otel/require-job-span': 'error', 'otel/require-trace-propagation': 'error' },
    settings: { otel: { tracerName: 'single-fix', checkApiDependency: false, jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }] } },
  },
];

function applyOne(code: string, message: Linter.LintMessage): string {
  const fix = message.fix!;
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

interface Module {
  started: string[];
  first(): Promise<number>;
  second(rows: number[]): Promise<number>;
  deliver(url: string, payload: unknown): Promise<number>;
}

let otel: Otel;
let server: RecordingServer;
beforeAll(async () => {
  otel = setupOtel();
  server = await startRecordingServer();
});
afterEach(() => otel.reset());
afterAll(async () => {
  await server?.close();
  await otel?.shutdown();
});

describe('one quick fix, applied alone, in a file with several findings', () => {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(SOURCE, config, 'jobs.ts');

  it('every finding carries its own fix', () => {
    expect(messages.map((m) => [m.ruleId, m.line, !!m.fix])).toEqual([
      ['otel/require-job-span', 10, true],
      ['otel/require-job-span', 14, true],
      ['otel/require-trace-propagation', 18, true],
    ]);
  });

  it("the second job's fix alone: type-checks, runs, and traces only that job", async () => {
    const fixed = applyOne(SOURCE, messages[1]!);
    expect(typeCheck(fixed, 'single-fix-second'), fixed).toEqual([]);
    // The other two findings are still there, untouched.
    const left = linter.verify(fixed, config, 'jobs.ts');
    expect(left.map((m) => m.ruleId)).toEqual(['otel/require-job-span', 'otel/require-trace-propagation']);
    expect(left[0]!.message).toContain("'first'");
    const mod = await loadModule<Module>(fixed, 'single-fix-second');
    expect(await mod.second([2, 3])).toBe(5);
    expect(await mod.first()).toBe(1);
    expect(otel.spans().map((span) => span.name)).toEqual(['second']);
  });

  it("the webhook's fix alone: type-checks and the receiver gets a traceparent", async () => {
    const fixed = applyOne(SOURCE, messages[2]!);
    expect(typeCheck(fixed, 'single-fix-webhook'), fixed).toEqual([]);
    const mod = await loadModule<Module>(fixed, 'single-fix-webhook');
    const span = otel.tracer.startSpan('caller');
    const { context, trace } = await import('@opentelemetry/api');
    const status = await context.with(trace.setSpan(context.active(), span), () => mod.deliver(server.url, { ok: true }));
    span.end();
    expect(status).toBe(200);
    const [request] = server.received;
    expect(rawValues(request!.rawHeaders, 'traceparent')).toHaveLength(1);
    expect(rawValues(request!.rawHeaders, 'traceparent')[0]).toMatch(new RegExp(`^00-${span.spanContext().traceId}-[0-9a-f]{16}-01$`));
  });
});
