/**
 * Run-time proof for `otel/require-job-span` on Bull and Bee-Queue, against a real redis-server:
 *
 * - promise-style handlers (`queue.process(async (job) => …)`) are autofixed: the output of the real ESLint
 *   `--fix` is loaded and runs real jobs;
 * - callback-style handlers (`queue.process((job, done) => …)`) must not be autofixed (the job ends when
 *   `done` is called, not when the body returns): the rule's single suggestion is applied through the ESLint
 *   `Linter` API, type-checked, loaded and run. Its span must last until `done` is called.
 *
 * Every source is the UNFIXED text an app would have; spans are read from an in-memory exporter.
 */
import path from 'node:path';

import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as tsParser from '@typescript-eslint/parser';
import type BeeQueue from 'bee-queue';
import type Bull from 'bull';
import { Linter, type ESLint } from 'eslint';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { hasServer, REDIS } from '../helpers/servers.js';

const redisInstalled = hasServer(REDIS, 'Bull and bee-queue run-time tests');
import {
  FIXED_DIR,
  fixSource,
  loadModule,
  parentSpanId,
  setupOtel,
  typeCheck,
  waitFor,
  type Otel,
} from '../helpers/runtime.js';

const TEST_TIMEOUT = 15_000;
const SETTINGS = { tracerName: 'bull-test' };
const RULE_ID = 'otel/require-job-span';

/** How long the (awaited) work inside a callback-style job takes before it calls `done`. */
const WORK_MS = 100;
/** Lower bound for the span of such a job: a span that ended when the body returned would be ~0 ms long. */
const MIN_SPAN_MS = 80;

interface RedisOptions {
  host: string;
  port: number;
}

let otel: Otel;
let redis: RedisServer;
let redisOptions: RedisOptions;
let queueCounter = 0;
/** Everything to close in afterAll, newest first. */
const closers: (() => Promise<unknown>)[] = [];

/** A fresh queue name per test (one redis-server serves the whole file). */
function freshQueueName(prefix: string): string {
  queueCounter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${queueCounter}`;
}

beforeAll(async () => {
  if (!redisInstalled) return;
  otel = setupOtel();
  redis = await startRedis();
  redisOptions = { host: redis.host, port: redis.port };
});

afterEach(() => otel.reset());

afterAll(async () => {
  for (const close of closers.reverse()) {
    await close().catch(() => undefined);
  }
  await redis?.stop();
  await otel?.shutdown();
});

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

function durationMs(span: ReadableSpan): number {
  return span.duration[0] * 1_000 + span.duration[1] / 1e6;
}

function exceptionMessages(span: ReadableSpan): unknown[] {
  return span.events.filter((e) => e.name === 'exception').map((e) => e.attributes?.['exception.message']);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The one span (of the given name) whose `job.id` attribute is this job's id. */
function spanOfJob(name: string, jobId: string | number): ReadableSpan {
  const matches = otel.spans().filter((s) => s.name === name && String(s.attributes['job.id']) === String(jobId));
  expect(
    matches,
    `spans named ${name} for job ${jobId}; finished spans: ${otel
      .spans()
      .map((s) => `${s.name}(${String(s.attributes['job.id'])})`)
      .join(', ')}`,
  ).toHaveLength(1);
  return matches[0]!;
}

/** The rule's reports on `code`, linted alone through the `Linter` API (no fixing). */
function lintWithRule(code: string, filename: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { otel: plugin as unknown as ESLint.Plugin },
      rules: { [RULE_ID]: 'error' },
      settings: { otel: SETTINGS },
    },
  ];
  const messages = linter.verify(code, config, { filename: path.join(FIXED_DIR, filename) });
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`parse error in ${filename}: ${fatal.map((m) => m.message).join('; ')}`);
  return messages;
}

/**
 * Assert that the rule reports the callback-style handler exactly once, offers no autofix but exactly one
 * suggestion, and that the real `--fix` leaves the file alone. Returns the text with the suggestion applied.
 */
async function applyOnlySuggestion(code: string, filename: string): Promise<string> {
  const messages = lintWithRule(code, filename).filter((m) => m.ruleId === RULE_ID);
  expect(messages, 'reports of the rule').toHaveLength(1);
  const [message] = messages;
  expect(message!.fix, 'a callback-style handler must not be autofixed').toBeUndefined();
  expect(message!.suggestions ?? [], 'suggestions').toHaveLength(1);

  // The real `ESLint --fix` (every rule of the plugin) leaves it unchanged, and still reports it.
  const fixed = await fixSource(code, { filename, settings: SETTINGS, requireChange: false });
  expect(fixed.output, 'eslint --fix must not touch a callback-style handler').toBe(code);
  expect(fixed.messages.filter((m) => m.ruleId === RULE_ID)).toHaveLength(1);

  const { fix } = message!.suggestions![0]!;
  const output = code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
  expect(output).not.toBe(code);
  // Once applied, the rule is satisfied.
  expect(lintWithRule(output, filename).filter((m) => m.ruleId === RULE_ID), output).toEqual([]);
  return output;
}

/** The suggestion output keeps the parameter list verbatim: the libraries pick callback style from its length. */
function expectParametersKept(source: string, output: string): void {
  const head = /\.process\((\(job[^)]*, done[^)]*\)) => \{/.exec(source);
  expect(head, 'the callback-style handler head in the source').not.toBeNull();
  expect(output).toContain(`.process(${head![1]} => {`);
}

// ---------------------------------------------------------------------------------------------------------
// Bull, promise-style handler: autofix
// ---------------------------------------------------------------------------------------------------------

const BULL_PROMISE_SOURCE = `
import Queue from 'bull';

export interface Deps {
  resize(id: string): Promise<number>;
}

export function startImageWorker(name: string, redis: { host: string; port: number }, deps: Deps) {
  const queue = new Queue(name, { redis });
  queue.process(async (job) => {
    if (job.data.fail) {
      throw new Error(\`corrupt image \${job.data.id}\`);
    }
    const bytes = await deps.resize(job.data.id);
    const result = { id: job.data.id, bytes };
    return result;
  });
  return queue;
}
`;

interface BullPromiseModule {
  startImageWorker(name: string, redis: RedisOptions, deps: { resize(id: string): Promise<number> }): Bull.Queue;
}

describe.skipIf(!redisInstalled)('require-job-span on a Bull promise-style handler (autofix, real redis)', () => {
  let output = '';
  let queue: Bull.Queue;

  /** The instrumented "image service" the job calls: a span of its own under the active context. */
  function resize(id: string): Promise<number> {
    return otel.tracer.startActiveSpan('resize', async (span) => {
      try {
        await sleep(10);
        return id.length * 100;
      } finally {
        span.end();
      }
    });
  }

  beforeAll(async () => {
    output = (await fixSource(BULL_PROMISE_SOURCE, { filename: 'bull-image-worker.ts', settings: SETTINGS })).output;
    const mod = await loadModule<BullPromiseModule>(output, 'bull-image-worker');
    queue = mod.startImageWorker(freshQueueName('bull-images'), redisOptions, { resize });
    closers.push(() => queue.close());
    await queue.isReady();
  });

  it('the fix wraps the handler in startActiveSpan, named by the job at run time, and type-checks', () => {
    expect(output).toContain("const tracer = trace.getTracer('bull-test');");
    expect(output).toContain('tracer.startActiveSpan(`process ${job.queue.name}`, { kind: SpanKind.CONSUMER }, async (span) => {');
    expect(typeCheck(BULL_PROMISE_SOURCE, 'bull-image-worker-src')).toEqual([]);
    expect(typeCheck(output, 'bull-image-worker'), output).toEqual([]);
  });

  it(
    'one span per job, named job.name, with job.name and job.id, and the return value is intact',
    async () => {
      const a = await queue.add({ id: 'a1' });
      const b = await queue.add({ id: 'bb22' });
      expect(await a.finished()).toEqual({ id: 'a1', bytes: 200 });
      expect(await b.finished()).toEqual({ id: 'bb22', bytes: 400 });
      expect((await queue.getJob(a.id))?.returnvalue).toEqual({ id: 'a1', bytes: 200 });

      // `queue.process(handler)` registers Bull's default job name; the span follows the messaging
      // conventions: `process <queue>`, a consumer, with the queue and the message id.
      expect(a.name).toBe('__default__');
      const jobSpans = otel.spans().filter((s) => s.name === `process ${queue.name}`);
      expect(jobSpans).toHaveLength(2);
      for (const job of [a, b]) {
        const span = spanOfJob(`process ${queue.name}`, job.id);
        expect(span.kind).toBe(SpanKind.CONSUMER);
        expect(span.attributes).toMatchObject({
          'messaging.system': 'bull',
          'messaging.operation.type': 'process',
          'messaging.destination.name': queue.name,
          'messaging.message.id': job.id,
          'job.name': '__default__',
        });
        expect(span.ended).toBe(true);
        expect(span.status.code).toBe(SpanStatusCode.UNSET);
        expect(exceptionMessages(span)).toEqual([]);
      }
      // Two jobs, two separate traces.
      expect(spanOfJob(`process ${queue.name}`, a.id).spanContext().traceId).not.toBe(
        spanOfJob(`process ${queue.name}`, b.id).spanContext().traceId,
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'a child span created inside the job is the job span’s child',
    async () => {
      const job = await queue.add({ id: 'c3' });
      expect(await job.finished()).toEqual({ id: 'c3', bytes: 200 });
      const jobSpan = spanOfJob(`process ${queue.name}`, job.id);
      const children = otel.spans().filter((s) => s.name === 'resize');
      expect(children).toHaveLength(1);
      expect(children[0]!.spanContext().traceId).toBe(jobSpan.spanContext().traceId);
      expect(parentSpanId(children[0]!)).toBe(jobSpan.spanContext().spanId);
    },
    TEST_TIMEOUT,
  );

  it(
    'a failing job: ERROR status, one exception event, and the job fails with the original message',
    async () => {
      const job = await queue.add({ id: 'd4', fail: true }, { attempts: 1 });
      await expect(job.finished()).rejects.toThrow('corrupt image d4');
      expect((await queue.getJob(job.id))?.failedReason).toBe('corrupt image d4');

      const span = spanOfJob(`process ${queue.name}`, job.id);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(exceptionMessages(span)).toEqual(['corrupt image d4']);
      expect(span.status.message).toBe('corrupt image d4');
      expect(span.ended).toBe(true);
    },
    TEST_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------------------
// Bull, callback-style handler: suggestion only
// ---------------------------------------------------------------------------------------------------------

const BULL_CALLBACK_SOURCE = `
import Queue from 'bull';

export interface Deps {
  render(id: string): Promise<string>;
}

export function startReportWorker(name: string, redis: { host: string; port: number }, deps: Deps) {
  const queue = new Queue(name, { redis });
  queue.process((job, done) => {
    if (job.data.sync) {
      throw new Error(\`bad report \${job.data.id}\`);
    }
    deps.render(job.data.id).then((r) => done(null, r), done);
  });
  return queue;
}
`;

interface RenderDeps {
  render(id: string): Promise<string>;
}

interface BullCallbackModule {
  startReportWorker(name: string, redis: RedisOptions, deps: RenderDeps): Bull.Queue;
}

/**
 * A slow, instrumented renderer: awaits WORK_MS inside a span of its own, then resolves, or rejects for ids
 * starting with `fail`. The job calls `done` only once this settles.
 */
function render(id: string): Promise<string> {
  return otel.tracer.startActiveSpan('render', async (span) => {
    try {
      await sleep(WORK_MS);
      if (id.startsWith('fail')) throw new Error(`render failed: ${id}`);
      return `report:${id}`;
    } finally {
      span.end();
    }
  });
}

describe.skipIf(!redisInstalled)('require-job-span on a Bull callback-style handler (suggestion, real redis)', () => {
  let output = '';
  let queue: Bull.Queue;

  beforeAll(async () => {
    output = await applyOnlySuggestion(BULL_CALLBACK_SOURCE, 'bull-report-worker.ts');
    const mod = await loadModule<BullCallbackModule>(output, 'bull-report-worker');
    queue = mod.startReportWorker(freshQueueName('bull-reports'), redisOptions, { render });
    closers.push(() => queue.close());
    await queue.isReady();
  });

  it('the suggestion keeps (job, done), shadows done, and type-checks under strict', () => {
    expectParametersKept(BULL_CALLBACK_SOURCE, output);
    expect(output).toContain('const doneJob = done;');
    expect(output).toContain('tracer.startActiveSpan(`process ${job.queue.name}`, { kind: SpanKind.CONSUMER }, (span) => {');
    expect(typeCheck(BULL_CALLBACK_SOURCE, 'bull-report-worker-src')).toEqual([]);
    expect(typeCheck(output, 'bull-report-worker'), output).toEqual([]);
  });

  it(
    'success: the span ends only when done is called, no error status, the result is intact',
    async () => {
      const job = await queue.add({ id: 'r1' });
      expect(await job.finished()).toBe('report:r1');
      expect((await queue.getJob(job.id))?.returnvalue).toBe('report:r1');

      const span = spanOfJob(`process ${queue.name}`, job.id);
      expect(span.attributes['job.name']).toBe('__default__');
      expect(span.ended).toBe(true);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(exceptionMessages(span)).toEqual([]);
      // The body returns at once; only `done` (called after WORK_MS) may end the span.
      expect(durationMs(span)).toBeGreaterThanOrEqual(MIN_SPAN_MS);
      // The work runs in the job span's context.
      const child = otel.spans().filter((s) => s.name === 'render');
      expect(child).toHaveLength(1);
      expect(parentSpanId(child[0]!)).toBe(span.spanContext().spanId);
    },
    TEST_TIMEOUT,
  );

  it(
    'done(err): ERROR status, one exception event, the job fails with the message',
    async () => {
      const job = await queue.add({ id: 'fail-r2' }, { attempts: 1 });
      await expect(job.finished()).rejects.toThrow('render failed: fail-r2');
      expect((await queue.getJob(job.id))?.failedReason).toBe('render failed: fail-r2');

      const span = spanOfJob(`process ${queue.name}`, job.id);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(exceptionMessages(span)).toEqual(['render failed: fail-r2']);
      expect(span.status.message).toBe('render failed: fail-r2');
      expect(span.ended).toBe(true);
      expect(durationMs(span)).toBeGreaterThanOrEqual(MIN_SPAN_MS);
    },
    TEST_TIMEOUT,
  );

  it(
    'a synchronous throw in the body: ERROR status, the span ends, the job fails with the message',
    async () => {
      const job = await queue.add({ id: 'r3', sync: true }, { attempts: 1 });
      await expect(job.finished()).rejects.toThrow('bad report r3');
      expect((await queue.getJob(job.id))?.failedReason).toBe('bad report r3');

      const span = spanOfJob(`process ${queue.name}`, job.id);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(exceptionMessages(span)).toEqual(['bad report r3']);
      expect(span.status.message).toBe('bad report r3');
      expect(span.ended).toBe(true);
      expect(otel.spans().filter((s) => s.name === 'render')).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------------------
// Bee-Queue
// ---------------------------------------------------------------------------------------------------------

/** Wait for a bee-queue job's outcome; the listeners are attached before `save()` so no event is missed. */
async function runBeeJob<T>(queue: BeeQueue, data: T): Promise<{ job: BeeQueue.Job<T>; outcome: Promise<unknown> }> {
  const job = queue.createJob(data) as BeeQueue.Job<T>;
  const outcome = new Promise<unknown>((resolve, reject) => {
    job.on('succeeded', resolve);
    job.on('failed', reject);
  });
  // Keep an early rejection from being reported as unhandled before the test awaits it.
  outcome.catch(() => undefined);
  await job.save();
  return { job, outcome };
}

/** The span the rule emits for a bee-queue job: `process <queue>` (messaging conventions, the queue at run time). */
const beeSpan = (queue: BeeQueue): string => `process ${queue.name}`;

const BEE_PROMISE_SOURCE = `
import BeeQueue from 'bee-queue';

export interface Deps {
  sum(values: number[]): Promise<number>;
}

export function startTotalsWorker(name: string, redis: { host: string; port: number }, deps: Deps) {
  const queue = new BeeQueue(name, { redis, removeOnSuccess: false, removeOnFailure: false });
  queue.process(async (job) => {
    if (job.data.fail) {
      throw new Error(\`cannot total \${job.data.id}\`);
    }
    const total = await deps.sum(job.data.values);
    return { id: job.data.id, total };
  });
  return queue;
}
`;

interface BeePromiseModule {
  startTotalsWorker(name: string, redis: RedisOptions, deps: { sum(values: number[]): Promise<number> }): BeeQueue;
}

describe.skipIf(!redisInstalled)('require-job-span on a bee-queue promise-style handler (autofix, real redis)', () => {
  let output = '';
  let queue: BeeQueue;

  function sum(values: number[]): Promise<number> {
    return otel.tracer.startActiveSpan('sum', async (span) => {
      try {
        await sleep(10);
        return values.reduce((a, b) => a + b, 0);
      } finally {
        span.end();
      }
    });
  }

  beforeAll(async () => {
    output = (await fixSource(BEE_PROMISE_SOURCE, { filename: 'bee-totals-worker.ts', settings: SETTINGS })).output;
    const mod = await loadModule<BeePromiseModule>(output, 'bee-totals-worker');
    queue = mod.startTotalsWorker(freshQueueName('bee-totals'), redisOptions, { sum });
    closers.push(() => queue.close(5_000));
    await queue.ready();
  });

  it('the fix wraps the handler in startActiveSpan and type-checks', () => {
    expect(output).toContain('tracer.startActiveSpan(`process ${job.queue.name}`, { kind: SpanKind.CONSUMER }, async (span) => {');
    expect(typeCheck(BEE_PROMISE_SOURCE, 'bee-totals-worker-src')).toEqual([]);
    expect(typeCheck(output, 'bee-totals-worker'), output).toEqual([]);
  });

  it(
    'one span per job with job.id, the result is intact, the work is the span’s child',
    async () => {
      const a = await runBeeJob(queue, { id: 'a', values: [1, 2, 3] });
      const b = await runBeeJob(queue, { id: 'b', values: [10, 20] });
      expect(await a.outcome).toEqual({ id: 'a', total: 6 });
      expect(await b.outcome).toEqual({ id: 'b', total: 30 });
      await waitFor(() => otel.spans().filter((s) => s.name === beeSpan(queue)).length === 2, 'two bee-queue job spans');

      const spanA = spanOfJob(beeSpan(queue), a.job.id);
      const spanB = spanOfJob(beeSpan(queue), b.job.id);
      for (const span of [spanA, spanB]) {
        expect(span.ended).toBe(true);
        expect(span.status.code).toBe(SpanStatusCode.UNSET);
        expect(exceptionMessages(span)).toEqual([]);
      }
      expect(spanA.spanContext().traceId).not.toBe(spanB.spanContext().traceId);
      const children = otel.spans().filter((s) => s.name === 'sum');
      expect(children.map(parentSpanId).sort()).toEqual([spanA.spanContext().spanId, spanB.spanContext().spanId].sort());
    },
    TEST_TIMEOUT,
  );

  it(
    'a failing job: ERROR status, one exception event, the job fails with the message',
    async () => {
      const { job, outcome } = await runBeeJob(queue, { id: 'z', values: [], fail: true });
      await expect(outcome).rejects.toThrow('cannot total z');
      await waitFor(() => otel.spans().some((s) => s.name === beeSpan(queue)), 'the bee-queue job span');
      const span = spanOfJob(`process ${queue.name}`, job.id);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(exceptionMessages(span)).toEqual(['cannot total z']);
      expect(span.status.message).toBe('cannot total z');
    },
    TEST_TIMEOUT,
  );
});

const BEE_CALLBACK_SOURCE = `
import BeeQueue from 'bee-queue';

export interface Deps {
  render(id: string): Promise<string>;
}

export interface ReportData {
  id: string;
  sync?: boolean;
}

export function startBeeReportWorker(name: string, redis: { host: string; port: number }, deps: Deps) {
  const queue = new BeeQueue(name, { redis, removeOnSuccess: false, removeOnFailure: false });
  // bee-queue's typings cannot infer the parameters of an unannotated callback-style handler (TS7006).
  queue.process((job: BeeQueue.Job<ReportData>, done: BeeQueue.DoneCallback<string>) => {
    if (job.data.sync) {
      throw new Error(\`bad report \${job.data.id}\`);
    }
    deps.render(job.data.id).then((r) => done(null, r), done);
  });
  return queue;
}
`;

interface BeeCallbackModule {
  startBeeReportWorker(name: string, redis: RedisOptions, deps: RenderDeps): BeeQueue;
}

describe.skipIf(!redisInstalled)('require-job-span on a bee-queue callback-style handler (suggestion, real redis)', () => {
  let output = '';
  let queue: BeeQueue;

  beforeAll(async () => {
    output = await applyOnlySuggestion(BEE_CALLBACK_SOURCE, 'bee-report-worker.ts');
    const mod = await loadModule<BeeCallbackModule>(output, 'bee-report-worker');
    queue = mod.startBeeReportWorker(freshQueueName('bee-reports'), redisOptions, { render });
    closers.push(() => queue.close(5_000));
    await queue.ready();
  });

  it('the suggestion keeps (job, done), shadows done, and type-checks under strict', () => {
    expectParametersKept(BEE_CALLBACK_SOURCE, output);
    expect(output).toContain('const doneJob = done;');
    expect(output).toContain('tracer.startActiveSpan(`process ${job.queue.name}`, { kind: SpanKind.CONSUMER }, (span) => {');
    expect(typeCheck(BEE_CALLBACK_SOURCE, 'bee-report-worker-src')).toEqual([]);
    expect(typeCheck(output, 'bee-report-worker'), output).toEqual([]);
  });

  it(
    'success: the span ends only when done is called, no error status, the result is intact',
    async () => {
      const { job, outcome } = await runBeeJob(queue, { id: 'r1' });
      expect(await outcome).toBe('report:r1');
      await waitFor(() => otel.spans().some((s) => s.name === beeSpan(queue)), 'the bee-queue job span');

      const span = spanOfJob(`process ${queue.name}`, job.id);
      expect(span.ended).toBe(true);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(exceptionMessages(span)).toEqual([]);
      expect(durationMs(span)).toBeGreaterThanOrEqual(MIN_SPAN_MS);
      const child = otel.spans().filter((s) => s.name === 'render');
      expect(child).toHaveLength(1);
      expect(parentSpanId(child[0]!)).toBe(span.spanContext().spanId);
    },
    TEST_TIMEOUT,
  );

  it(
    'done(err): ERROR status, one exception event, the job fails with the message',
    async () => {
      const { job, outcome } = await runBeeJob(queue, { id: 'fail-r2' });
      await expect(outcome).rejects.toThrow('render failed: fail-r2');
      await waitFor(() => otel.spans().some((s) => s.name === beeSpan(queue)), 'the bee-queue job span');

      const span = spanOfJob(`process ${queue.name}`, job.id);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(exceptionMessages(span)).toEqual(['render failed: fail-r2']);
      expect(span.status.message).toBe('render failed: fail-r2');
      expect(durationMs(span)).toBeGreaterThanOrEqual(MIN_SPAN_MS);
    },
    TEST_TIMEOUT,
  );

  it(
    'a synchronous throw in the body: ERROR status, the span ends, the job fails with the message',
    async () => {
      const { job, outcome } = await runBeeJob(queue, { id: 'r3', sync: true });
      await expect(outcome).rejects.toThrow('bad report r3');
      await waitFor(() => otel.spans().some((s) => s.name === beeSpan(queue)), 'the bee-queue job span');

      const span = spanOfJob(`process ${queue.name}`, job.id);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(exceptionMessages(span)).toEqual(['bad report r3']);
      expect(span.status.message).toBe('bad report r3');
      expect(span.ended).toBe(true);
      expect(otel.spans().filter((s) => s.name === 'render')).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
