/**
 * Run-time proof for `otel/require-job-span` on a BullMQ worker: fix the unfixed source with the real ESLint,
 * load the output, run real jobs through a real redis-server, and read the spans from an in-memory exporter.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Job, Queue, QueueEvents, type Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startRedis, type RedisServer } from '../helpers/redis.js';
import { hasServer, REDIS } from '../helpers/servers.js';

const redisInstalled = hasServer(REDIS, 'BullMQ run-time tests');
import { fixSource, loadModule, parentSpanId, setupOtel, typeCheck, type FixResult, type Otel } from '../helpers/runtime.js';

const QUEUE = 'emails';

/** What an app has before the fix: a BullMQ worker whose handler creates no span. */
const SOURCE = `
import { Worker } from 'bullmq';

export interface Deps {
  httpGet(url: string): Promise<number>;
  send(to: string): Promise<string>;
}

export function startEmailWorker(connection: { host: string; port: number }, deps: Deps) {
  return new Worker('${QUEUE}', async (job) => {
    if (job.data.fail) {
      throw new Error(\`smtp refused for \${job.data.to}\`);
    }
    if (job.data.url) {
      const status = await deps.httpGet(job.data.url);
      return { to: job.data.to, status };
    }
    if (job.data.deferred) {
      return deps.send(job.data.to);
    }
    return { to: job.data.to, size: String(job.data.body).length };
  }, { connection });
}
`;

interface WorkerModule {
  startEmailWorker(
    connection: { host: string; port: number },
    deps: { httpGet(url: string): Promise<number>; send(to: string): Promise<string> },
  ): Worker;
}

let otel: Otel;
let redis: RedisServer;
let server: http.Server;
let serverUrl = '';
const receivedTraceparents: (string | undefined)[] = [];

let fixed: FixResult;
let worker: Worker;
let queue: Queue;
let events: QueueEvents;

/** The "instrumented HTTP client" the job calls: a CLIENT span under the active context, traceparent injected. */
function httpGet(url: string): Promise<number> {
  return otel.tracer.startActiveSpan('GET', { kind: SpanKind.CLIENT }, (span) => {
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    return new Promise<number>((resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          res.resume();
          res.on('end', () => {
            span.end();
            resolve(res.statusCode ?? 0);
          });
        })
        .on('error', (err) => {
          span.end();
          reject(err);
        });
    });
  });
}

const SEND_MS = 80;

/** A slow mail API: the handler returns this promise without awaiting it. */
async function send(to: string): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, SEND_MS));
  if (to.startsWith('bounce')) throw new Error(`mailbox full: ${to}`);
  return `queued:${to}`;
}

function durationMs(span: ReadableSpan): number {
  return span.duration[0] * 1_000 + span.duration[1] / 1e6;
}

function jobSpans(): ReadableSpan[] {
  return otel.spans().filter((s) => s.name === `process ${QUEUE}`);
}

function spanOfJob(job: Job): ReadableSpan {
  const matches = jobSpans().filter((s) => s.attributes['job.id'] === job.id);
  expect(matches, `spans for job ${job.id}`).toHaveLength(1);
  return matches[0]!;
}

beforeAll(async () => {
  if (!redisInstalled) return;
  otel = setupOtel();
  redis = await startRedis();
  server = http.createServer((req, res) => {
    const traceparent = req.headers.traceparent;
    receivedTraceparents.push(Array.isArray(traceparent) ? traceparent.join(', ') : traceparent);
    res.statusCode = 202;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mx`;

  fixed = await fixSource(SOURCE, { filename: 'email-worker.ts' });
  const mod = await loadModule<WorkerModule>(fixed.output, 'email-worker');
  const connection = { host: redis.host, port: redis.port };
  worker = mod.startEmailWorker(connection, { httpGet, send });
  queue = new Queue(QUEUE, { connection });
  events = new QueueEvents(QUEUE, { connection });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady(), queue.waitUntilReady()]);
});

afterEach(() => otel.reset());

afterAll(async () => {
  await worker?.close();
  await events?.close();
  await queue?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await redis?.stop();
  await otel?.shutdown();
});

describe.skipIf(!redisInstalled)('require-job-span on a BullMQ worker (real redis)', () => {
  it('the fixed worker module type-checks under strict (as the unfixed source does)', () => {
    expect(typeCheck(SOURCE, 'email-worker-src')).toEqual([]);
    expect(typeCheck(fixed.output, 'email-worker'), fixed.output).toEqual([]);
  });

  it('creates one span per job, named for the queue, with job.name and job.id, and keeps return values', async () => {
    const a = await queue.add('welcome', { to: 'ann@example.com', body: 'hello' });
    const b = await queue.add('digest', { to: 'bob@example.com', body: 'weekly news' });
    expect(await a.waitUntilFinished(events, 5_000)).toEqual({ to: 'ann@example.com', size: 5 });
    expect(await b.waitUntilFinished(events, 5_000)).toEqual({ to: 'bob@example.com', size: 11 });

    // The stored return value is intact too.
    expect((await Job.fromId(queue, a.id!))?.returnvalue).toEqual({ to: 'ann@example.com', size: 5 });

    expect(jobSpans()).toHaveLength(2);
    const spanA = spanOfJob(a);
    const spanB = spanOfJob(b);
    expect(spanA.attributes['job.name']).toBe('welcome');
    expect(spanB.attributes['job.name']).toBe('digest');
    expect(spanA.attributes['job.id']).toBe(a.id);
    // The OpenTelemetry messaging conventions: a consumer span named `process <queue>`.
    expect(spanA.kind).toBe(SpanKind.CONSUMER);
    expect(spanA.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': QUEUE,
      'messaging.message.id': a.id,
    });
    for (const span of [spanA, spanB]) {
      expect(span.ended).toBe(true);
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(span.events.filter((e) => e.name === 'exception')).toHaveLength(0);
    }
    // Two jobs, two separate traces.
    expect(spanA.spanContext().traceId).not.toBe(spanB.spanContext().traceId);
  });

  it('records a failing job: ERROR status, exception event, and the job fails with the original error', async () => {
    const job = await queue.add('welcome', { to: 'eve@example.com', fail: true }, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 5_000)).rejects.toThrow('smtp refused for eve@example.com');
    expect((await Job.fromId(queue, job.id!))?.failedReason).toBe('smtp refused for eve@example.com');

    const span = spanOfJob(job);
    expect(span.attributes['job.name']).toBe('welcome');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toBe('smtp refused for eve@example.com');
    const exceptions = span.events.filter((e) => e.name === 'exception');
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]!.attributes?.['exception.message']).toBe('smtp refused for eve@example.com');
    expect(span.ended).toBe(true);
  });

  it('makes the job span the active context: an outgoing HTTP call inside the job is its child', async () => {
    receivedTraceparents.length = 0;
    const job = await queue.add('bounce-check', { to: 'dan@example.com', url: serverUrl });
    expect(await job.waitUntilFinished(events, 5_000)).toEqual({ to: 'dan@example.com', status: 202 });

    const jobSpan = spanOfJob(job);
    const client = otel.spans().filter((s) => s.name === 'GET');
    expect(client).toHaveLength(1);
    expect(client[0]!.spanContext().traceId).toBe(jobSpan.spanContext().traceId);
    expect(parentSpanId(client[0]!)).toBe(jobSpan.spanContext().spanId);
    // The child ended before the job span did.
    expect(jobSpan.ended).toBe(true);

    // And the downstream service saw the job's trace.
    expect(receivedTraceparents).toHaveLength(1);
    expect(receivedTraceparents[0]).toBe(`00-${jobSpan.spanContext().traceId}-${client[0]!.spanContext().spanId}-01`);
  });

  it('a handler that returns an un-awaited promise: the span lasts until it settles and keeps its value', async () => {
    const job = await queue.add('receipt', { to: 'kim@example.com', deferred: true });
    expect(await job.waitUntilFinished(events, 5_000)).toBe('queued:kim@example.com');
    const span = spanOfJob(job);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    // Ending the span before the returned promise settles would make it ~0 ms long.
    expect(durationMs(span)).toBeGreaterThanOrEqual(SEND_MS - 10);
  });

  it('a returned promise that rejects: the span records the rejection, the job fails with it', async () => {
    const job = await queue.add('receipt', { to: 'bounce@example.com', deferred: true }, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 5_000)).rejects.toThrow('mailbox full: bounce@example.com');
    const span = spanOfJob(job);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toBe('mailbox full: bounce@example.com');
    expect(span.events.filter((e) => e.name === 'exception').map((e) => e.attributes?.['exception.message'])).toEqual([
      'mailbox full: bounce@example.com',
    ]);
    expect(durationMs(span)).toBeGreaterThanOrEqual(SEND_MS - 10);
  });
});
