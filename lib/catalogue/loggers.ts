import type { InstanceSource } from './types.js';

/**
 * Loggers: how an instance is made or typed, which methods write a line, where a call carries structured
 * fields, how a per-job child logger is made, which bindings are shared mutable state (and so leak between
 * concurrent jobs), and which OpenTelemetry instrumentation injects the trace id into its lines.
 * Facts: shared/P2-FACTS.md ("RULE C — job_id / trace_id in log context").
 */

/** How a logger of this library can carry a job's identity on every line it writes. */
export type LoggerBinding =
  /** `logger.child({ job_id })` returns a new logger with the bindings on every line (pino, winston, bunyan). */
  | { readonly kind: 'child'; readonly method: string }
  /**
   * No per-instance structured binding the rule can add safely: the calls themselves must pass the fields
   * (NestJS `Logger` structured params, `console`, nestjs-pino `PinoLogger`, consola). Suggestion only.
   */
  | { readonly kind: 'fields' };

/** Where a log call's structured fields go. */
export type FieldsPosition =
  /** pino/bunyan: `log.info({ job_id }, 'msg')` — an object first argument. */
  | 'first'
  /** winston / NestJS Logger / console: `log.info('msg', { job_id })` — an object argument after the message. */
  | 'after-message';

export interface LoggerLibrary {
  /** Stable id, used in settings (`loggers[].library`, `logInstrumentation`) and messages. */
  readonly id: string;
  readonly label: string;
  /** Modules the library is imported from; `null` for the `console` global. */
  readonly modules: readonly string[] | null;
  readonly instance?: InstanceSource;
  /** The logger is a property of the instance (`pinoHttp().logger`). */
  readonly loggerProperty?: string;
  /** Methods that write a line. */
  readonly methods: readonly string[];
  readonly fields: FieldsPosition;
  readonly binding: LoggerBinding;
  /**
   * Bindings that mutate a shared instance: on a logger shared by concurrent jobs, one job's id would end up
   * on the other job's lines (pino `setBindings`, winston `defaultMeta`), or that throw outside an HTTP
   * request (nestjs-pino `assign`). The rule never writes them and never counts them as the job's context.
   */
  readonly sharedBindings: readonly string[];
  /**
   * OpenTelemetry packages that inject `trace_id` into this library's lines when the job runs in an active
   * span; `maxMajor` is the last major of the library they support (instrumentation-bunyan: bunyan 1.x).
   */
  readonly instrumentation: { readonly packages: readonly string[]; readonly maxMajor?: number };
}

const AUTO = '@opentelemetry/auto-instrumentations-node';

export const LOGGER_LIBRARIES: readonly LoggerLibrary[] = [
  {
    id: 'pino',
    label: 'pino',
    modules: ['pino'],
    instance: {
      // pino(), pino.pino(), pino.default() (ESM/CJS interop both resolve to the same factory)
      createdBy: [
        { path: [], invoke: 'call' },
        { path: ['pino'], invoke: 'call' },
      ],
      types: [['Logger'], ['BaseLogger']],
    },
    methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
    fields: 'first',
    binding: { kind: 'child', method: 'child' },
    sharedBindings: ['setBindings'],
    instrumentation: { packages: ['@opentelemetry/instrumentation-pino', AUTO] },
  },
  {
    id: 'pino-http',
    label: 'pino-http',
    modules: ['pino-http'],
    instance: {
      createdBy: [
        { path: [], invoke: 'call' },
        { path: ['pinoHttp'], invoke: 'call' },
      ],
      types: [['HttpLogger']],
    },
    loggerProperty: 'logger',
    methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
    fields: 'first',
    binding: { kind: 'child', method: 'child' },
    sharedBindings: ['setBindings'],
    instrumentation: { packages: ['@opentelemetry/instrumentation-pino', AUTO] },
  },
  {
    id: 'winston',
    label: 'winston',
    modules: ['winston'],
    instance: {
      createdBy: [
        { path: ['createLogger'], invoke: 'call' },
        { path: ['Logger'], invoke: 'construct' },
      ],
      types: [['Logger']],
    },
    methods: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'],
    fields: 'after-message',
    binding: { kind: 'child', method: 'child' },
    sharedBindings: ['defaultMeta'],
    instrumentation: { packages: ['@opentelemetry/instrumentation-winston', AUTO] },
  },
  {
    id: 'bunyan',
    label: 'bunyan',
    modules: ['bunyan'],
    instance: {
      createdBy: [
        { path: ['createLogger'], invoke: 'call' },
        { path: [], invoke: 'construct' },
      ],
      // @types/bunyan: `export = Logger` (the default import is the class) and `Logger` in its namespace.
      types: [[], ['Logger']],
    },
    methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
    fields: 'first',
    binding: { kind: 'child', method: 'child' },
    sharedBindings: [],
    // instrumentation-bunyan@0.68 supports bunyan >=1 <2 only.
    instrumentation: { packages: ['@opentelemetry/instrumentation-bunyan', AUTO], maxMajor: 1 },
  },
  {
    id: 'consola',
    label: 'consola',
    modules: ['consola'],
    instance: {
      createdBy: [{ path: ['createConsola'], invoke: 'call' }],
      types: [['ConsolaInstance']],
    },
    methods: ['log', 'info', 'success', 'ready', 'start', 'warn', 'error', 'fatal', 'debug', 'trace', 'box'],
    // consola's log objects have no arbitrary keys (withTag gives a text tag only): fields after the message.
    fields: 'after-message',
    binding: { kind: 'fields' },
    sharedBindings: [],
    instrumentation: { packages: [] },
  },
  {
    id: 'nestjs',
    label: 'NestJS Logger',
    modules: ['@nestjs/common'],
    instance: {
      createdBy: [
        { path: ['Logger'], invoke: 'construct' },
        { path: ['ConsoleLogger'], invoke: 'construct' },
      ],
      types: [['Logger'], ['ConsoleLogger'], ['LoggerService']],
    },
    methods: ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'],
    fields: 'after-message',
    binding: { kind: 'fields' },
    sharedBindings: [],
    instrumentation: { packages: [] },
  },
  {
    id: 'nestjs-pino',
    label: 'nestjs-pino PinoLogger',
    modules: ['nestjs-pino'],
    instance: { createdBy: [], types: [['PinoLogger'], ['Logger']] },
    methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'log', 'verbose'],
    fields: 'first',
    binding: { kind: 'fields' },
    sharedBindings: ['assign'],
    instrumentation: { packages: ['@opentelemetry/instrumentation-pino', AUTO] },
  },
  {
    id: 'console',
    label: 'console',
    modules: null,
    methods: ['log', 'info', 'warn', 'error', 'debug', 'trace'],
    fields: 'after-message',
    binding: { kind: 'fields' },
    sharedBindings: [],
    instrumentation: { packages: [] },
  },
];

/** Library ids a configured logger (`settings.otel.loggers[].library`) may name. */
export const LOGGER_LIBRARY_IDS: readonly string[] = LOGGER_LIBRARIES.map((library) => library.id);
