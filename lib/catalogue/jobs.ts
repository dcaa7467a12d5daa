import type { ArgumentLocation, ExportPath, InstanceSource, Invocation } from './types.js';

/**
 * Background-job libraries: where a job handler is registered, which argument is the handler, where the
 * job's static name is, and what the handler's first parameter exposes at run time.
 * Facts: shared/API-FACTS.md ("Job libraries: where the handler is").
 */

/** A registration through a call: `new Worker(name, fn)`, `cron.schedule(expr, fn)`, `queue.process(fn)`. */
export interface CallRegistration {
  readonly via: 'export';
  readonly path: ExportPath;
  readonly invoke: Invocation;
  readonly handler: ArgumentLocation;
  /** Every own property value of this object literal is a handler, keyed by job name (graphile-worker). */
  readonly handlerMap?: { readonly arg: number; readonly property: string };
  /** Where the static job name is; with several places, the first that states one. */
  readonly jobName?: ArgumentLocation | readonly ArgumentLocation[];
  /** A property of the options argument that, when present, means the library traces the job itself. */
  readonly tracedByOption?: { readonly arg: number; readonly property: string };
}

export interface MethodRegistration {
  readonly via: 'instance';
  readonly instance: InstanceSource;
  readonly method: string;
  readonly handler: ArgumentLocation;
  readonly jobName?: ArgumentLocation;
}

/** A registration through decorators on a class (NestJS). */
export interface DecoratorRegistration {
  readonly via: 'decorator';
  /** A method decorator from the library marks the method as the handler (`@Process()`, `@Cron()`). */
  readonly methodDecorators?: readonly string[];
  /** A class decorator from the library marks `method` as the handler (`@Processor() … process(job)`). */
  readonly classDecorator?: { readonly name: string; readonly method: string; readonly requiresExtends?: string };
  /** Which decorator argument carries the job name: a string at `arg`, or `{ name }` at `arg`. */
  readonly jobNameArg?: number;
  /** Method decorators whose string first argument is a name only when a second argument follows. */
  readonly nameWhenTwoArgs?: boolean;
}

export type JobRegistration = CallRegistration | MethodRegistration | DecoratorRegistration;

export interface JobLibrary {
  /** Stable id, used in options (`ignoreLibraries`) and messages. */
  readonly id: string;
  /** Human name for messages. */
  readonly label: string;
  readonly modules: readonly string[];
  readonly registrations: readonly JobRegistration[];
  /**
   * The library awaits whatever the handler returns. A non-async handler that returns a value may then be
   * wrapped in an async span callback without changing what the library sees.
   */
  readonly awaitsHandler: boolean;
  /** A handler with at least this many parameters is callback-style (`(job, done)`): suggestion only. */
  readonly callbackArity?: number;
  /**
   * Run-time expressions for the job's name and id over the handler's parameters: `$` is the first, `$1` the
   * second. Used only when those parameters are plain identifiers.
   */
  readonly runtime?: { readonly name?: string; readonly id?: string };
  /** The first parameter is an array of jobs (pg-boss ≥ 10): no per-job attributes. */
  readonly batch?: boolean;
  /**
   * A message queue: with `settings.otel.conventions: 'messaging'` (the default) its spans follow the
   * OpenTelemetry messaging conventions (`process <queue>`, `SpanKind.CONSUMER`, `messaging.*` attributes).
   */
  readonly messaging?: {
    /** The `messaging.system` value. */
    readonly system: string;
    /** Where the code states the queue's name: the registration's job-name place, or the queue instance's first argument. */
    readonly staticQueue: 'jobName' | 'instance';
    /** Run-time expression for the queue's name over the handler's parameters (as in `runtime`). */
    readonly queue?: string;
  };
}

const bullQueue: InstanceSource = {
  createdBy: [{ path: [], invoke: 'any' }],
  types: [['Queue'], []],
};

export const JOB_LIBRARIES: readonly JobLibrary[] = [
  {
    id: 'bullmq',
    label: 'BullMQ',
    modules: ['bullmq', 'bullmq-pro', '@taskforcesh/bullmq-pro'],
    awaitsHandler: true,
    runtime: { name: '$.name', id: '$.id' },
    messaging: { system: 'bullmq', staticQueue: 'jobName', queue: '$.queueName' },
    registrations: [
      {
        via: 'export',
        path: ['Worker'],
        invoke: 'construct',
        handler: { arg: 1 },
        jobName: { arg: 0 },
        tracedByOption: { arg: 2, property: 'telemetry' },
      },
      {
        via: 'export',
        path: ['WorkerPro'],
        invoke: 'construct',
        handler: { arg: 1 },
        jobName: { arg: 0 },
        tracedByOption: { arg: 2, property: 'telemetry' },
      },
    ],
  },
  {
    id: 'bull',
    label: 'Bull',
    modules: ['bull'],
    awaitsHandler: true,
    callbackArity: 2,
    runtime: { name: '$.name', id: '$.id' },
    messaging: { system: 'bull', staticQueue: 'instance', queue: '$.queue.name' },
    registrations: [
      { via: 'instance', instance: bullQueue, method: 'process', handler: { lastFunctionArg: true }, jobName: { arg: 0 } },
    ],
  },
  {
    id: 'bee-queue',
    label: 'Bee-Queue',
    modules: ['bee-queue'],
    awaitsHandler: true,
    callbackArity: 2,
    runtime: { id: '$.id' },
    messaging: { system: 'bee-queue', staticQueue: 'instance', queue: '$.queue.name' },
    registrations: [
      {
        via: 'instance',
        instance: { createdBy: [{ path: [], invoke: 'construct' }], types: [[]] },
        method: 'process',
        handler: { lastFunctionArg: true },
      },
    ],
  },
  {
    id: 'agenda',
    label: 'Agenda',
    modules: ['agenda', '@hokify/agenda'],
    awaitsHandler: true,
    callbackArity: 2,
    runtime: { name: '$.attrs.name', id: 'String($.attrs._id)' },
    registrations: [
      {
        via: 'instance',
        instance: {
          createdBy: [
            { path: [], invoke: 'construct' },
            { path: ['Agenda'], invoke: 'construct' },
          ],
          types: [['Agenda'], []],
        },
        method: 'define',
        handler: { lastFunctionArg: true },
        jobName: { arg: 0 },
      },
    ],
  },
  {
    id: 'pg-boss',
    label: 'pg-boss',
    modules: ['pg-boss'],
    awaitsHandler: true,
    batch: true,
    messaging: { system: 'pg-boss', staticQueue: 'jobName' },
    registrations: [
      {
        via: 'instance',
        instance: {
          createdBy: [
            { path: [], invoke: 'construct' },
            { path: ['PgBoss'], invoke: 'construct' },
          ],
          types: [['PgBoss'], []],
        },
        method: 'work',
        handler: { lastFunctionArg: true },
        jobName: { arg: 0 },
      },
    ],
  },
  {
    id: 'node-cron',
    label: 'node-cron',
    modules: ['node-cron'],
    awaitsHandler: false,
    registrations: [
      { via: 'export', path: ['schedule'], invoke: 'call', handler: { arg: 1 }, jobName: { arg: 2, property: 'name' } },
      { via: 'export', path: ['createTask'], invoke: 'call', handler: { arg: 1 }, jobName: { arg: 2, property: 'name' } },
    ],
  },
  {
    id: 'cron',
    label: 'cron',
    modules: ['cron'],
    awaitsHandler: false,
    registrations: [
      { via: 'export', path: ['CronJob'], invoke: 'construct', handler: { arg: 1 } },
      {
        via: 'export',
        path: ['CronJob', 'from'],
        invoke: 'call',
        handler: { arg: 0, property: 'onTick' },
        jobName: { arg: 0, property: 'name' },
      },
    ],
  },
  {
    id: 'croner',
    label: 'croner',
    modules: ['croner'],
    awaitsHandler: false,
    registrations: [
      // Cron(pattern, fn), Cron(pattern, options, fn), Cron(pattern, fn, options); with or without `new`
      ...[['Cron'], []].map((path) => ({
        via: 'export' as const,
        path,
        invoke: 'any' as const,
        handler: { lastFunctionArg: true } as const,
        jobName: [
          { arg: 1, property: 'name' },
          { arg: 2, property: 'name' },
        ],
      })),
    ],
  },
  {
    id: 'graphile-worker',
    label: 'graphile-worker',
    modules: ['graphile-worker'],
    awaitsHandler: true,
    runtime: { id: '$1.job.id' },
    registrations: [
      { via: 'export', path: ['run'], invoke: 'call', handler: { arg: 0, property: 'taskList' }, handlerMap: { arg: 0, property: 'taskList' } },
      { via: 'export', path: ['runOnce'], invoke: 'call', handler: { arg: 0, property: 'taskList' }, handlerMap: { arg: 0, property: 'taskList' } },
    ],
  },
  {
    id: 'inngest',
    label: 'Inngest',
    modules: ['inngest'],
    awaitsHandler: true,
    runtime: { id: '$.runId' },
    registrations: [
      {
        via: 'instance',
        instance: { createdBy: [{ path: ['Inngest'], invoke: 'construct' }], types: [['Inngest']] },
        method: 'createFunction',
        handler: { lastFunctionArg: true },
        jobName: { arg: 0, property: 'id' },
      },
    ],
  },
  {
    id: '@nestjs/bullmq',
    label: 'NestJS BullMQ',
    modules: ['@nestjs/bullmq'],
    awaitsHandler: true,
    runtime: { name: '$.name', id: '$.id' },
    messaging: { system: 'bullmq', staticQueue: 'jobName', queue: '$.queueName' },
    registrations: [
      { via: 'decorator', classDecorator: { name: 'Processor', method: 'process', requiresExtends: 'WorkerHost' }, jobNameArg: 0 },
    ],
  },
  {
    id: '@nestjs/bull',
    label: 'NestJS Bull',
    modules: ['@nestjs/bull'],
    awaitsHandler: true,
    callbackArity: 2,
    runtime: { name: '$.name', id: '$.id' },
    messaging: { system: 'bull', staticQueue: 'instance', queue: '$.queue.name' },
    registrations: [{ via: 'decorator', methodDecorators: ['Process'], jobNameArg: 0 }],
  },
  {
    id: '@nestjs/schedule',
    label: 'NestJS Schedule',
    modules: ['@nestjs/schedule'],
    awaitsHandler: false,
    registrations: [
      { via: 'decorator', methodDecorators: ['Cron'], jobNameArg: 1 },
      { via: 'decorator', methodDecorators: ['Interval', 'Timeout'], jobNameArg: 0, nameWhenTwoArgs: true },
    ],
  },
];
