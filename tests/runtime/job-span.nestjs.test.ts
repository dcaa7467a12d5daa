/**
 * Run-time proof for `otel/require-job-span` on NestJS handlers: a `@Processor()` class extending `WorkerHost`
 * (`@nestjs/bullmq`, real redis-server) and `@Interval()` / `@Cron()` methods (`@nestjs/schedule`). The unfixed
 * source is fixed with the real ESLint, transpiled with legacy decorators + decorator metadata (as Nest needs),
 * booted in a real Nest application context, and the spans are read from an in-memory exporter.
 */
import 'reflect-metadata';

import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { getQueueToken, type WorkerHost } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Job, Queue, QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startRedis, type RedisServer } from '../helpers/redis.js';
import { hasServer, REDIS } from '../helpers/servers.js';

const redisInstalled = hasServer(REDIS, 'NestJS @Processor run-time test');
import {
  fixSource,
  loadModule,
  parentSpanId,
  setupOtel,
  typeCheck,
  waitFor,
  type FixResult,
  type Otel,
} from '../helpers/runtime.js';

const QUEUE = 'emails';
/** What Nest needs from the compiler (and what a Nest project's tsconfig sets). */
const DECORATORS = { experimentalDecorators: true, emitDecoratorMetadata: true } as const;
const TEST_TIMEOUT = 20_000;

/**
 * What a Nest app has before the fix: a BullMQ processor, an interval and a cron job, none of which starts a
 * span. The interval's and the cron's names differ from their methods' names, so the span names show where
 * they come from; `this.deps` inside the handlers shows `this` survives the wrap.
 */
const SOURCE = `
import 'reflect-metadata';
import { Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { BullModule, Processor, WorkerHost } from '@nestjs/bullmq';
import { Cron, Interval, ScheduleModule } from '@nestjs/schedule';
import type { Job } from 'bullmq';

export const DEPS = 'DEPS';

export interface Deps {
  lookupMx(to: string): Promise<string>;
  fetchStock(source: string): Promise<number>;
}

@Processor('${QUEUE}')
export class EmailProcessor extends WorkerHost {
  constructor(@Inject(DEPS) private readonly deps: Deps) {
    super();
  }

  async process(job: Job): Promise<{ to: string; mx: string; size: number }> {
    if (job.data.fail) {
      throw new Error(\`smtp refused for \${job.data.to}\`);
    }
    const mx = await this.deps.lookupMx(job.data.to);
    return { to: job.data.to, mx, size: String(job.data.body).length };
  }
}

@Injectable()
export class InventoryPoller {
  private runs = 0;

  constructor(@Inject(DEPS) private readonly deps: Deps) {}

  @Interval('poll', 200)
  async pollInventory(): Promise<void> {
    this.runs += 1;
    const run = this.runs;
    if (run === 2) {
      throw new Error('inventory service down');
    }
    await this.deps.fetchStock(\`poll-\${run}\`);
  }

  @Cron('* * * * * *', { name: 'tick' })
  async onTick(): Promise<void> {
    await this.deps.fetchStock('tick');
  }
}

@Module({})
export class QueueAppModule {
  static register(connection: { host: string; port: number }, deps: Deps): DynamicModule {
    return {
      module: QueueAppModule,
      imports: [BullModule.forRoot({ connection }), BullModule.registerQueue({ name: '${QUEUE}' })],
      providers: [{ provide: DEPS, useValue: deps }, EmailProcessor],
    };
  }
}

@Module({})
export class ScheduleAppModule {
  static register(deps: Deps): DynamicModule {
    return {
      module: ScheduleAppModule,
      imports: [ScheduleModule.forRoot()],
      providers: [{ provide: DEPS, useValue: deps }, InventoryPoller],
    };
  }
}
`;

interface Deps {
  lookupMx(to: string): Promise<string>;
  fetchStock(source: string): Promise<number>;
}

interface NestAppSource {
  EmailProcessor: Type<WorkerHost>;
  QueueAppModule: { register(connection: { host: string; port: number }, deps: Deps): DynamicModule };
  ScheduleAppModule: { register(deps: Deps): DynamicModule };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let otel: Otel;
let redis: RedisServer;
let fixed: FixResult;
let mod: NestAppSource;

/** Dependencies the app calls: each starts a span with the test's tracer under whatever context is active. */
const deps: Deps = {
  async lookupMx(to) {
    // After a timer: the job's context must survive the await inside the job.
    await delay(5);
    return otel.tracer.startActiveSpan('mx-lookup', async (span) => {
      span.setAttribute('to', to);
      await delay(5);
      span.end();
      return `mx.${to.split('@')[1]}`;
    });
  },
  async fetchStock(source) {
    await delay(2);
    return otel.tracer.startActiveSpan('fetch-stock', (span) => {
      span.setAttribute('source', source);
      span.end();
      return 42;
    });
  },
};

function spansNamed(name: string): ReadableSpan[] {
  return otel.spans().filter((s) => s.name === name);
}

function childrenOf(parent: ReadableSpan, name: string): ReadableSpan[] {
  return spansNamed(name).filter((s) => parentSpanId(s) === parent.spanContext().spanId);
}

function exceptionMessages(span: ReadableSpan): unknown[] {
  return span.events.filter((e) => e.name === 'exception').map((e) => e.attributes?.['exception.message']);
}

beforeAll(async () => {
  otel = setupOtel();
  if (redisInstalled) redis = await startRedis();
  fixed = await fixSource(SOURCE, { filename: 'nest-app.ts' });
  mod = await loadModule<NestAppSource>(fixed.output, 'nest-app', DECORATORS);
});

afterEach(() => otel.reset());

afterAll(async () => {
  await redis?.stop();
  await otel?.shutdown();
});

describe('require-job-span on NestJS handlers: the fix itself', () => {
  it('wraps all three handlers and leaves no job-span report behind', () => {
    expect(fixed.messages.filter((m) => m.ruleId === 'otel/require-job-span'), fixed.output).toEqual([]);
    expect(fixed.output.match(/\.startActiveSpan\(/g), fixed.output).toHaveLength(3);
  });

  it('the fixed module type-checks under strict with decorators (as the unfixed source does)', () => {
    expect(typeCheck(SOURCE, 'nest-app-src', DECORATORS)).toEqual([]);
    expect(typeCheck(fixed.output, 'nest-app', DECORATORS), fixed.output).toEqual([]);
  });
});

describe.skipIf(!redisInstalled)('require-job-span on a @nestjs/bullmq @Processor (Nest app context, real redis)', () => {
  let app: INestApplicationContext | undefined;
  let queue: Queue;
  let events: QueueEvents;

  function jobSpan(job: Job): ReadableSpan {
    const matches = spansNamed(`process ${QUEUE}`).filter((s) => s.attributes['job.id'] === job.id);
    expect(matches, `spans for job ${job.id}`).toHaveLength(1);
    return matches[0]!;
  }

  beforeAll(async () => {
    const connection = { host: redis.host, port: redis.port };
    app = await NestFactory.createApplicationContext(mod.QueueAppModule.register(connection, deps), { logger: false });
    queue = app.get<Queue>(getQueueToken(QUEUE));
    events = new QueueEvents(QUEUE, { connection });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), app.get(mod.EmailProcessor).worker.waitUntilReady()]);
  });

  afterAll(async () => {
    await events?.close();
    // Closes the processor's worker and the registered queue (BullModule's shutdown hooks).
    await app?.close();
    app = undefined;
  });

  it(
    'one span per job, named for the queue, with job.name and job.id; return values intact',
    async () => {
      const a = await queue.add('welcome', { to: 'ann@example.com', body: 'hello' });
      const b = await queue.add('digest', { to: 'bob@example.org', body: 'weekly news' });
      expect(await a.waitUntilFinished(events, 5_000)).toEqual({ to: 'ann@example.com', mx: 'mx.example.com', size: 5 });
      expect(await b.waitUntilFinished(events, 5_000)).toEqual({ to: 'bob@example.org', mx: 'mx.example.org', size: 11 });
      expect((await Job.fromId(queue, a.id!))?.returnvalue).toEqual({ to: 'ann@example.com', mx: 'mx.example.com', size: 5 });

      expect(spansNamed(`process ${QUEUE}`)).toHaveLength(2);
      const spanA = jobSpan(a);
      const spanB = jobSpan(b);
      expect(spanA.attributes['job.name']).toBe('welcome');
      expect(spanB.attributes['job.name']).toBe('digest');
      expect(spanB.attributes['job.id']).toBe(b.id);
      expect(spanB.kind).toBe(SpanKind.CONSUMER);
      expect(spanB.attributes).toMatchObject({
        'messaging.system': 'bullmq',
        'messaging.destination.name': QUEUE,
        'messaging.message.id': b.id,
      });
      for (const span of [spanA, spanB]) {
        expect(span.ended).toBe(true);
        expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
        expect(exceptionMessages(span)).toEqual([]);
      }
      expect(spanA.spanContext().traceId).not.toBe(spanB.spanContext().traceId);
    },
    TEST_TIMEOUT,
  );

  it(
    'a child span started in process() (after an await) is the job span’s child, in its trace',
    async () => {
      const job = await queue.add('welcome', { to: 'cy@example.net', body: 'hi' });
      expect(await job.waitUntilFinished(events, 5_000)).toEqual({ to: 'cy@example.net', mx: 'mx.example.net', size: 2 });

      const parent = jobSpan(job);
      const lookups = spansNamed('mx-lookup');
      expect(lookups).toHaveLength(1);
      expect(lookups[0]!.attributes['to']).toBe('cy@example.net');
      expect(lookups[0]!.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(parentSpanId(lookups[0]!)).toBe(parent.spanContext().spanId);
      // The job span lasted until the awaited child (≈ 5 ms) ended. Each span anchors its clock on Date.now()
      // when it starts, so two spans' absolute times may disagree by up to 1 ms: allow that much.
      const endMs = (s: ReadableSpan): number => s.endTime[0] * 1e3 + s.endTime[1] / 1e6;
      expect(endMs(parent)).toBeGreaterThanOrEqual(endMs(lookups[0]!) - 1.5);
    },
    TEST_TIMEOUT,
  );

  it(
    'a failing job: ERROR status and one exception event on its span, and the job fails with the original message',
    async () => {
      const job = await queue.add('welcome', { to: 'eve@example.com', fail: true }, { attempts: 1 });
      await expect(job.waitUntilFinished(events, 5_000)).rejects.toThrow('smtp refused for eve@example.com');
      expect((await Job.fromId(queue, job.id!))?.failedReason).toBe('smtp refused for eve@example.com');

      const span = jobSpan(job);
      expect(span.attributes['job.name']).toBe('welcome');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toBe('smtp refused for eve@example.com');
      expect(exceptionMessages(span)).toEqual(['smtp refused for eve@example.com']);
      expect(span.ended).toBe(true);
      expect(spansNamed('mx-lookup')).toHaveLength(0);
    },
    TEST_TIMEOUT,
  );
});

describe('require-job-span on @nestjs/schedule @Interval / @Cron methods (Nest app context)', () => {
  let app: INestApplicationContext | undefined;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(mod.ScheduleAppModule.register(deps), { logger: false });
  });

  afterAll(async () => {
    // Clears the interval and stops the cron job (SchedulerOrchestrator's shutdown hook).
    await app?.close();
    app = undefined;
  });

  it(
    "@Interval('poll', 200): a span named 'poll' per run (not the method's name), errors recorded, children nested",
    async () => {
      // Runs 1 and 3 succeed, run 2 throws: wait until run 3's child span exists (≈ 600 ms; bounded at 3 s).
      await waitFor(
        () => spansNamed('fetch-stock').some((s) => s.attributes['source'] === 'poll-3'),
        "the interval's third run",
        3_000,
      );
      const polls = spansNamed('poll');
      expect(polls.length).toBeGreaterThanOrEqual(3);
      expect(spansNamed('pollInventory')).toHaveLength(0);
      for (const span of polls) expect(span.attributes['job.name']).toBe('poll');

      // Run 2: the thrown error is on its span (Nest's scheduler catches and logs it; the interval goes on).
      const failed = polls.filter((s) => s.status.code === SpanStatusCode.ERROR);
      expect(failed).toHaveLength(1);
      expect(exceptionMessages(failed[0]!)).toEqual(['inventory service down']);
      expect(childrenOf(failed[0]!, 'fetch-stock')).toHaveLength(0);

      // Every successful run ended its span, recorded no exception, and its `fetch-stock` call is its child.
      for (const run of [1, 3]) {
        const child = spansNamed('fetch-stock').filter((s) => s.attributes['source'] === `poll-${run}`);
        expect(child, `fetch-stock of run ${run}`).toHaveLength(1);
        const parent = polls.filter((s) => s.spanContext().spanId === parentSpanId(child[0]!));
        expect(parent, `poll span of run ${run}`).toHaveLength(1);
        expect(parent[0]!.spanContext().traceId).toBe(child[0]!.spanContext().traceId);
        expect(parent[0]!.status.code).not.toBe(SpanStatusCode.ERROR);
        expect(exceptionMessages(parent[0]!)).toEqual([]);
      }
      // Separate runs, separate traces.
      expect(new Set(polls.map((s) => s.spanContext().traceId)).size).toBe(polls.length);
    },
    TEST_TIMEOUT,
  );

  it(
    "@Cron('* * * * * *', { name: 'tick' }): a span named 'tick' within 3 s, with its child nested",
    async () => {
      await waitFor(() => spansNamed('tick').length > 0, "a 'tick' span", 3_000);
      const tick = spansNamed('tick')[0]!;
      expect(tick.attributes['job.name']).toBe('tick');
      expect(tick.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(spansNamed('onTick')).toHaveLength(0);
      await waitFor(() => childrenOf(tick, 'fetch-stock').length > 0, "the tick's fetch-stock span", 1_000);
      const [child] = childrenOf(tick, 'fetch-stock');
      expect(child!.attributes['source']).toBe('tick');
      expect(child!.spanContext().traceId).toBe(tick.spanContext().traceId);
    },
    TEST_TIMEOUT,
  );
});
