/**
 * Run-time proof for `otel/require-job-log-context` (fixed together with `otel/require-job-span`, every rule
 * of the plugin in one real `eslint --fix` run): a BullMQ worker on a real redis-server and two node-cron
 * tasks log through real pino and winston (and, in the cron tasks, bunyan) loggers into in-memory streams.
 * Two jobs run interleaved (each waits until the other has started before it finishes); every line a job
 * writes must carry that job's id (or, for cron tasks, its name) and the trace id of that job's own span, and
 * never the other job's.
 */
import { Writable } from 'node:stream';

import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';

import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Queue, QueueEvents, type Worker } from 'bullmq';
import type { ScheduledTask } from 'node-cron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { fixSource, loadModule, setupOtel, typeCheck, waitFor, type Otel } from '../helpers/runtime.js';
import { hasServer, REDIS } from '../helpers/servers.js';

const redisInstalled = hasServer(REDIS, 'require-job-log-context BullMQ run-time test');

interface Line {
  readonly source: 'pino' | 'winston' | 'bunyan';
  readonly record: Record<string, unknown>;
}

/** A Writable that parses the JSON lines written to it. */
function lineStream(lines: Line[], source: Line['source']): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push({ source, record: JSON.parse(line) as Record<string, unknown> });
      }
      callback();
    },
  });
}

/** In-memory sinks: pino's destination (`write(line)`), Writables for winston's Stream transport and bunyan. */
function sinks(lines: Line[]): { pinoDestination: { write(line: string): void }; winstonStream: Writable; bunyanStream: Writable } {
  return {
    pinoDestination: { write: (line: string) => lines.push({ source: 'pino', record: JSON.parse(line) as Record<string, unknown> }) },
    winstonStream: lineStream(lines, 'winston'),
    bunyanStream: lineStream(lines, 'bunyan'),
  };
}

/** Resolves for everyone once `count` callers have arrived: the two jobs are in flight together. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    arrived += 1;
    if (arrived === count) open();
    await opened;
  };
}

let otel: Otel;

beforeAll(() => {
  otel = setupOtel();
});
afterAll(async () => {
  await otel?.shutdown();
});

// -------------------------------------------------------------------------------------------------------
// BullMQ
// -------------------------------------------------------------------------------------------------------

const BULLMQ_SOURCE = `
import { Worker } from 'bullmq';
import pino from 'pino';
import winston from 'winston';
import type { Writable } from 'node:stream';

export function startReportWorker(
  connection: { host: string; port: number },
  pinoDestination: { write(line: string): void },
  winstonStream: Writable,
  bothStarted: () => Promise<void>,
) {
  const logger = pino({ base: undefined }, pinoDestination);
  const audit = winston.createLogger({
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream: winstonStream })],
  });

  return new Worker('reports', async (job) => {
    logger.info({ step: 'start' }, 'report started');
    audit.info('audit: started');
    await bothStarted();
    logger.info(\`report \${job.data.title} done\`);
    audit.warn('audit: done', { step: 'end' });
    return job.data.title as string;
  }, { connection, concurrency: 2 });
}
`;

interface BullmqModule {
  startReportWorker(
    connection: { host: string; port: number },
    pinoDestination: { write(line: string): void },
    winstonStream: Writable,
    bothStarted: () => Promise<void>,
  ): Worker;
}

/** The jobs' own spans by job id, and the lines by job id. */
function checkLines(lines: Line[], spans: ReadableSpan[], key: 'job_id' | 'job_name', spanAttribute: string, ids: readonly string[]): void {
  const traceOf = new Map<string, Set<string>>();
  for (const span of spans) {
    const id = span.attributes[spanAttribute];
    if (typeof id !== 'string' || !ids.includes(id)) continue;
    const set = traceOf.get(id) ?? new Set<string>();
    set.add(span.spanContext().traceId);
    traceOf.set(id, set);
  }
  for (const id of ids) expect(traceOf.get(id)?.size, `spans of ${id}`).toBeGreaterThan(0);
  // Each job's span is a root span of its own: different traces.
  const [a, b] = ids.map((id) => [...traceOf.get(id)!]);
  expect(a!.some((trace) => b!.includes(trace))).toBe(false);

  for (const { source, record } of lines) {
    const where = `${source} line ${JSON.stringify(record)}`;
    const id = record[key];
    expect(ids, where).toContain(id);
    expect(record.trace_id, where).toMatch(/^[0-9a-f]{32}$/);
    expect(record.trace_id, where).not.toBe('0'.repeat(32));
    // The trace id of this job's own span.
    expect([...traceOf.get(id as string)!], where).toContain(record.trace_id);
    // Never the other job's id or trace id.
    const other = ids.find((candidate) => candidate !== id)!;
    expect(JSON.stringify(record), where).not.toContain(other);
    for (const trace of traceOf.get(other)!) expect(JSON.stringify(record), where).not.toContain(trace);
  }
}

describe.skipIf(!redisInstalled)('require-job-log-context on a BullMQ worker (real redis, pino + winston)', () => {
  let redis: RedisServer;
  let output = '';
  let worker: Worker | undefined;
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  const lines: Line[] = [];

  beforeAll(async () => {
    if (!redisInstalled) return;
    redis = await startRedis();
    const fixed = await fixSource(BULLMQ_SOURCE, { filename: 'report-worker.ts' });
    output = fixed.output;
    expect(fixed.messages, output).toEqual([]);
    const mod = await loadModule<BullmqModule>(output, 'report-worker');
    const connection = { host: redis.host, port: redis.port };
    const { pinoDestination, winstonStream } = sinks(lines);
    worker = mod.startReportWorker(connection, pinoDestination, winstonStream, barrier(2));
    queue = new Queue('reports', { connection });
    events = new QueueEvents('reports', { connection });
    await Promise.all([worker.waitUntilReady(), queue.waitUntilReady(), events.waitUntilReady()]);
  });

  afterAll(async () => {
    await worker?.close();
    await events?.close();
    await queue?.close();
    await redis?.stop();
  });

  it('the fix binds a child logger per logger inside the job span, and the output type-checks (strict)', () => {
    expect(output).toContain('return tracer.startActiveSpan(');
    expect(output).toMatch(/try \{\n\s+const log = logger\.child\(\{ job_id: job\.id, job_name: job\.name, trace_id: trace\.getActiveSpan\(\)\?\.spanContext\(\)\.traceId \}\);\n\s+const log2 = audit\.child\(/);
    expect(typeCheck(BULLMQ_SOURCE, 'report-worker-src')).toEqual([]);
    expect(typeCheck(output, 'report-worker'), output).toEqual([]);
  });

  it('two interleaved jobs: every line carries its own job id and its own span\'s trace id, never the other job\'s', async () => {
    const ids = ['report-alpha', 'report-beta'];
    const jobs = await Promise.all(ids.map((jobId) => queue!.add('monthly', { title: jobId.slice(7) }, { jobId })));
    const results = await Promise.all(jobs.map((job) => job.waitUntilFinished(events!, 10_000)));
    expect(results).toEqual(['alpha', 'beta']);
    await waitFor(() => otel.spans().filter((span) => span.name === 'process reports').length === 2, 'two job spans');

    // Interleaved: both jobs logged their start before either logged its end.
    expect(lines).toHaveLength(8);
    const starts = lines.slice(0, 4).map((line) => line.record.job_id);
    expect(new Set(starts)).toEqual(new Set(ids));
    expect(lines.slice(0, 4).every((line) => /started/.test(String(line.record.msg ?? line.record.message)))).toBe(true);
    for (const source of ['pino', 'winston'] as const) expect(lines.filter((line) => line.source === source)).toHaveLength(4);

    checkLines(lines, otel.spans(), 'job_id', 'job.id', ids);
    // The line's own fields are kept beside the bound ones.
    expect(lines.filter((line) => line.record.step === 'end')).toHaveLength(2);
    expect(lines.every((line) => line.record.job_name === 'monthly')).toBe(true);
  });
});

// -------------------------------------------------------------------------------------------------------
// node-cron
// -------------------------------------------------------------------------------------------------------

const CRON_SOURCE = `
import cron from 'node-cron';
import bunyan from 'bunyan';
import pino from 'pino';
import winston from 'winston';
import type { Writable } from 'node:stream';

export function scheduleTasks(
  pinoDestination: { write(line: string): void },
  winstonStream: Writable,
  bunyanStream: Writable,
  bothStarted: () => Promise<void>,
) {
  const ops = bunyan.createLogger({ name: 'ops', streams: [{ stream: bunyanStream, level: 'info' }] });
  const logger = pino({ base: undefined }, pinoDestination);
  const audit = winston.createLogger({
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream: winstonStream })],
  });

  const cleanup = cron.schedule('0 0 1 1 *', async () => {
    logger.info('cleanup started');
    await bothStarted();
    audit.info('cleanup done');
    ops.info({ removed: 2 }, 'cleanup stats');
  }, { name: 'cleanup' });

  const digest = cron.schedule('0 0 1 1 *', async () => {
    audit.info('digest started');
    await bothStarted();
    logger.info({ sent: 3 }, 'digest done');
  }, { name: 'digest' });

  return { cleanup, digest };
}
`;

interface CronModule {
  scheduleTasks(
    pinoDestination: { write(line: string): void },
    winstonStream: Writable,
    bunyanStream: Writable,
    bothStarted: () => Promise<void>,
  ): { cleanup: ScheduledTask; digest: ScheduledTask };
}

describe('require-job-log-context on node-cron tasks (pino + winston + bunyan)', () => {
  let output = '';
  let tasks: { cleanup: ScheduledTask; digest: ScheduledTask } | undefined;
  const lines: Line[] = [];

  beforeAll(async () => {
    const fixed = await fixSource(CRON_SOURCE, { filename: 'cron-tasks.ts' });
    output = fixed.output;
    expect(fixed.messages, output).toEqual([]);
    const mod = await loadModule<CronModule>(output, 'cron-tasks');
    const { pinoDestination, winstonStream, bunyanStream } = sinks(lines);
    tasks = mod.scheduleTasks(pinoDestination, winstonStream, bunyanStream, barrier(2));
  });

  afterAll(async () => {
    await tasks?.cleanup.destroy();
    await tasks?.digest.destroy();
  });

  it('the fix binds the task name and trace id inside each task span, and the output type-checks (strict)', () => {
    expect(output).toMatch(/try \{\n\s+const log = logger\.child\(\{ job_name: 'cleanup', trace_id: trace\.getActiveSpan\(\)\?\.spanContext\(\)\.traceId \}\);\n\s+const log2 = audit\.child\(\{ job_name: 'cleanup'/);
    expect(typeCheck(output, 'cron-tasks'), output).toEqual([]);
  });

  it('two interleaved runs: every line carries its task name and its own span\'s trace id, never the other\'s', async () => {
    await Promise.all([tasks!.cleanup.execute(), tasks!.digest.execute()]);
    await waitFor(() => otel.spans().filter((span) => span.name === 'cleanup' || span.name === 'digest').length === 2, 'two task spans');
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 2).map((line) => line.record.job_name).sort()).toEqual(['cleanup', 'digest']);
    expect(lines.filter((line) => line.source === 'bunyan').map((line) => [line.record.job_name, line.record.removed])).toEqual([['cleanup', 2]]);
    checkLines(lines, otel.spans(), 'job_name', 'job.name', ['cleanup', 'digest']);
  });
});

describe('control: the same node-cron tasks with only require-job-span fixed', () => {
  it('write lines without the task name or trace id (what the assertions above would catch)', async () => {
    const output = new Linter().verifyAndFix(
      CRON_SOURCE,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { otel: plugin as never },
          rules: { 'otel/require-job-span': 'error' },
          // This repo lists the API as a devDependency only, which does not count: autofix anyway.
          settings: { otel: { checkApiDependency: false } },
        },
      ],
      'cron-control.ts',
    ).output;
    expect(output).toContain('startActiveSpan');
    const mod = await loadModule<CronModule>(output, 'cron-control');
    const lines: Line[] = [];
    const { pinoDestination, winstonStream, bunyanStream } = sinks(lines);
    const tasks = mod.scheduleTasks(pinoDestination, winstonStream, bunyanStream, barrier(2));
    try {
      await Promise.all([tasks.cleanup.execute(), tasks.digest.execute()]);
    } finally {
      await tasks.cleanup.destroy();
      await tasks.digest.destroy();
    }
    expect(lines).toHaveLength(5);
    expect(lines.every((line) => line.record.job_name === undefined && line.record.trace_id === undefined)).toBe(true);
  });
});
