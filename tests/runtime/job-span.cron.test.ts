/**
 * Run-time proof for `otel/require-job-span` on scheduled jobs: a node-cron task (a real scheduled run plus
 * `task.execute()`), a `cron` CronJob whose onTick uses `this`, and a project job runner configured through
 * `settings.otel.jobRunners`. Each source is fixed with the real ESLint, loaded and run.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { CronJob } from 'cron';
import type { ScheduledTask } from 'node-cron';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  fixSource,
  inActiveSpan,
  loadModule,
  parentSpanId,
  setupOtel,
  typeCheck,
  waitFor,
  type Otel,
} from '../helpers/runtime.js';

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

function onlySpan(spans: ReadableSpan[]): ReadableSpan {
  expect(spans.map((s) => s.name)).toHaveLength(1);
  return spans[0]!;
}

// -------------------------------------------------------------------------------------------------------
// node-cron
// -------------------------------------------------------------------------------------------------------

const NODE_CRON_SOURCE = `
import cron from 'node-cron';

export const state = { beats: 0, fail: false };

export function scheduleHeartbeat() {
  return cron.schedule('* * * * * *', async () => {
    state.beats += 1;
    if (state.fail) {
      throw new Error(\`heartbeat \${state.beats} failed\`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    return \`beat \${state.beats}\`;
  }, { name: 'heartbeat' });
}
`;

interface NodeCronModule {
  state: { beats: number; fail: boolean };
  scheduleHeartbeat(): ScheduledTask;
}

describe('require-job-span on node-cron', () => {
  let output = '';
  let mod: NodeCronModule;
  let task: ScheduledTask | undefined;

  beforeAll(async () => {
    output = (await fixSource(NODE_CRON_SOURCE, { filename: 'heartbeat.ts' })).output;
    mod = await loadModule<NodeCronModule>(output, 'heartbeat');
  });
  afterAll(async () => {
    await task?.destroy();
  });

  it('the fixed module type-checks under strict (as the unfixed source does)', () => {
    expect(typeCheck(NODE_CRON_SOURCE, 'heartbeat-src')).toEqual([]);
    expect(typeCheck(output, 'heartbeat'), output).toEqual([]);
  });

  it('a real scheduled run (every second) produces an ended span and keeps the result', async () => {
    task = mod.scheduleHeartbeat();
    await waitFor(() => mod.state.beats >= 1 && otel.spans().length >= 1, 'the first scheduled heartbeat', 4_000);
    await task.stop();
    await waitFor(() => task!.lastRun() !== null, 'node-cron to record the run', 1_000);

    const span = otel.spans()[0]!;
    expect(span.name).toBe('heartbeat');
    expect(span.attributes['job.name']).toBe('heartbeat');
    expect(span.ended).toBe(true);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(task.lastRun()?.result).toBe('beat 1');
    expect(task.lastRun()?.error).toBeUndefined();
    expect(parentSpanId(span)).toBeUndefined();
  }, 6_000);

  it('task.execute(): the handler result comes back through the span wrapper', async () => {
    const before = mod.state.beats;
    const result: unknown = await task!.execute();
    expect(result).toBe(`beat ${before + 1}`);
    const span = onlySpan(otel.spans());
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('a failing run: the error reaches node-cron unchanged and the span records it', async () => {
    mod.state.fail = true;
    // node-cron logs a failed run with console.error: captured here, where the failure is expected.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const expected = `heartbeat ${mod.state.beats + 1} failed`;
      await expect(task!.execute()).rejects.toThrow(expected);
      const span = onlySpan(otel.spans());
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toBe(expected);
      expect(exceptionMessages(span)).toEqual([expected]);
      expect(span.ended).toBe(true);
      expect(logged.mock.calls.some((call) => String(call[0]).includes('[NODE-CRON]') && String(call[0]).includes(expected))).toBe(true);
    } finally {
      logged.mockRestore();
      mod.state.fail = false;
    }
  });
});

// -------------------------------------------------------------------------------------------------------
// cron (CronJob): onTick uses `this`
// -------------------------------------------------------------------------------------------------------

const CRON_SOURCE = `
import { CronJob } from 'cron';

export const seen: string[] = [];
export const errors: unknown[] = [];

export const cleanup = CronJob.from({
  cronTime: '0 0 3 * * *',
  name: 'cleanup',
  start: false,
  waitForCompletion: true,
  errorHandler: (error) => {
    errors.push(error);
  },
  onTick: async function () {
    seen.push(this.name ?? 'unnamed');
    if (seen.length > 1) {
      throw new Error('cleanup lock held');
    }
  },
});
`;

interface CronModule {
  seen: string[];
  errors: unknown[];
  cleanup: CronJob;
}

describe('require-job-span on cron (CronJob.from, onTick with this)', () => {
  let output = '';
  let mod: CronModule;

  beforeAll(async () => {
    output = (await fixSource(CRON_SOURCE, { filename: 'cleanup.ts' })).output;
    mod = await loadModule<CronModule>(output, 'cleanup');
  });

  it('the fixed module type-checks under strict (as the unfixed source does)', () => {
    expect(typeCheck(CRON_SOURCE, 'cleanup-src')).toEqual([]);
    expect(typeCheck(output, 'cleanup'), output).toEqual([]);
  });

  it('a tick gets a span and `this` is still the CronJob', async () => {
    await mod.cleanup.fireOnTick();
    expect(mod.seen).toEqual(['cleanup']);
    expect(mod.errors).toEqual([]);
    const span = onlySpan(otel.spans());
    expect(span.name).toBe('cleanup');
    expect(span.ended).toBe(true);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('a failing tick: the error reaches cron errorHandler unchanged and the span records it', async () => {
    await mod.cleanup.fireOnTick();
    expect(mod.errors).toHaveLength(1);
    expect((mod.errors[0] as Error).message).toBe('cleanup lock held');
    const span = onlySpan(otel.spans());
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(exceptionMessages(span)).toEqual(['cleanup lock held']);
  });
});

// -------------------------------------------------------------------------------------------------------
// A project's own job runner (settings.otel.jobRunners)
// -------------------------------------------------------------------------------------------------------

const RUNNER_SOURCE = `
export const started: string[] = [];

export async function runJob<T>(name: string, handler: () => Promise<T>): Promise<T> {
  started.push(name);
  return handler();
}

export async function nightlyReport(rows: number[]): Promise<number> {
  return runJob('nightly-report', async () => {
    if (rows.length === 0) {
      throw new Error('no rows for the nightly report');
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
    return rows.reduce((sum, n) => sum + n, 0);
  });
}
`;

interface RunnerModule {
  started: string[];
  nightlyReport(rows: number[]): Promise<number>;
}

describe('require-job-span on a configured runner (runJob)', () => {
  let output = '';
  let mod: RunnerModule;

  beforeAll(async () => {
    output = (
      await fixSource(RUNNER_SOURCE, {
        filename: 'nightly.ts',
        settings: { jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }] },
      })
    ).output;
    mod = await loadModule<RunnerModule>(output, 'nightly');
  });

  it('the fixed module type-checks under strict (as the unfixed source does)', () => {
    expect(typeCheck(RUNNER_SOURCE, 'nightly-src')).toEqual([]);
    expect(typeCheck(output, 'nightly'), output).toEqual([]);
  });

  it('produces a span named for the job and returns the handler value', async () => {
    expect(await mod.nightlyReport([1, 2, 3])).toBe(6);
    expect(mod.started).toEqual(['nightly-report']);
    const span = onlySpan(otel.spans());
    expect(span.name).toBe('nightly-report');
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.ended).toBe(true);
  });

  it('records an error and rethrows the original error', async () => {
    const failure = mod.nightlyReport([]);
    await expect(failure).rejects.toThrow('no rows for the nightly report');
    const span = onlySpan(otel.spans());
    expect(span.name).toBe('nightly-report');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(exceptionMessages(span)).toEqual(['no rows for the nightly report']);
  });

  it('the job span joins the trace of the caller (context propagates into the runner)', async () => {
    const { traceId, spanId, result } = await inActiveSpan(otel.tracer, 'cli', () => mod.nightlyReport([4]));
    expect(result).toBe(4);
    const span = otel.spans().find((s) => s.name === 'nightly-report')!;
    expect(span.spanContext().traceId).toBe(traceId);
    expect(parentSpanId(span)).toBe(spanId);
  });
});
