import type { TSESLint } from '@typescript-eslint/utils';

import { LOGGER_LIBRARY_IDS } from './catalogue/loggers.js';

/**
 * Plugin-wide settings under `settings.otel` (the ESLint convention for settings shared by a plugin's rules).
 * Validated once per settings object, with errors that name the offending key.
 */

export interface TracerImport {
  /** Module the project's tracer is imported from, e.g. `~/telemetry`. */
  readonly from: string;
  /** Exported name of the tracer, e.g. `tracer`. */
  readonly name: string;
}

export interface JobRunnerSetting {
  /** Function or method name of the project's job runner (`runJob`, `jobs.register`'s `register`). */
  readonly name: string;
  /** Only calls of this export of this module count (otherwise any call named `name`). */
  readonly module?: string;
  /** Index of the handler argument. */
  readonly handlerArg: number;
  /** Index of the job-name argument, if any. */
  readonly nameArg?: number;
  /**
   * The runner awaits what the handler returns (default false): a non-async handler that returns a value may
   * then get an async span callback, so the span covers the promise it returns.
   */
  readonly awaitsHandler: boolean;
}

export interface HttpClientSetting {
  /** Function or method name of the project's HTTP wrapper (`fetchWithTimeout`). */
  readonly name: string;
  readonly module?: string;
  /** Index of the URL argument (default 0). */
  readonly urlArg: number;
  /** Index of the options argument whose `headers` property is sent (default 1). */
  readonly optionsArg: number;
}

/** A project logger `require-job-log-context` should know: `{ name: 'logger', module: '~/logger', library: 'pino' }`. */
export interface LoggerSetting {
  /** Name (or dotted `object.name`) the logger is used by: `logger` matches `logger.info(…)` and `this.logger.info(…)`. */
  readonly name: string;
  /** Only this export of this module (through any import style). */
  readonly module?: string;
  /** Which library it is (lib/catalogue/loggers.ts ids); unknown: the rule suggests, never autofixes. */
  readonly library?: string;
}

/** The project's log-context setter, called with the job's fields at the start of a job. */
export interface LogContextSetting {
  readonly name: string;
  /** Imported from this module when the fix needs it and it is not in scope. */
  readonly module?: string;
}

export interface OtelSettings {
  /** Tracer scope name for a created `trace.getTracer(name)`; default: the nearest package.json name. */
  readonly tracerName?: string;
  /** Import the project's tracer instead of creating one. */
  readonly tracer?: TracerImport;
  /** Functions (by name, or dotted `object.method`) that run their callback inside an active span. */
  readonly spanWrappers: readonly string[];
  /** Functions that inject trace context into headers (`withTraceHeaders(headers)`). */
  readonly propagationHelpers: readonly string[];
  readonly jobRunners: readonly JobRunnerSetting[];
  readonly httpClients: readonly HttpClientSetting[];
  /** HTTP auto-instrumentation (instrumentation-http / -undici) is active: outgoing calls propagate already. */
  readonly httpInstrumentation: boolean;
  readonly attributes: { readonly jobName: string; readonly jobId: string };
  /**
   * Autofix only where the file's own package.json (the nearest) lists `@opentelemetry/api` (or the file already
   * imports it); elsewhere the same edits are offered as suggestions, since an import of a package the
   * project lacks would break it. Set false to always autofix.
   */
  readonly checkApiDependency: boolean;
  /** require-job-log-context: project loggers. */
  readonly loggers: readonly LoggerSetting[];
  /** require-job-log-context: the project's log-context setter (`updateLogContext({ job_id })`). */
  readonly logContext?: LogContextSetting;
  /**
   * require-job-log-context: a log instrumentation injects `trace_id` into these loggers' lines (`true`: all
   * of them; a list of library ids). Default: read from the nearest package.json.
   */
  readonly logInstrumentation?: boolean | readonly string[];
  /** Project functions (by name, or dotted) that register a pool's metrics when given the pool (`registerPoolMetrics(pool)`). */
  readonly poolMetricsHelpers: readonly string[];
  /**
   * `@opentelemetry/instrumentation-pg` (≥ 0.45, which emits `pg.Pool` metrics) is active: true/false, or
   * unset to decide from the file's package.json.
   */
  readonly pgPoolInstrumentation?: boolean;
  /**
   * How job spans are named: `'messaging'` (default) — queue jobs follow the OpenTelemetry messaging
   * conventions (`process <queue>`, `SpanKind.CONSUMER`, `messaging.*` attributes beside `job.name`/`job.id`);
   * `'job'` — every span is named after the job, with only the `job.name`/`job.id` attributes.
   */
  readonly conventions: SpanConventions;
  /**
   * The project's span helper, `(name, attributes, fn) => result` (optionally `(name, attributes, fn, options)`):
   * when set, the job-span fix calls it around the handler body instead of writing a try/catch/finally.
   */
  readonly spanHelper?: TracerImport;
}

export const SPAN_CONVENTIONS = ['messaging', 'job'] as const;
export type SpanConventions = (typeof SPAN_CONVENTIONS)[number];

const DEFAULTS: OtelSettings = {
  spanWrappers: [],
  propagationHelpers: [],
  jobRunners: [],
  httpClients: [],
  httpInstrumentation: false,
  attributes: { jobName: 'job.name', jobId: 'job.id' },
  checkApiDependency: true,
  loggers: [],
  poolMetricsHelpers: [],
  conventions: 'messaging',
};

export class OtelSettingsError extends Error {
  constructor(message: string) {
    super(`eslint-plugin-otel: invalid settings.otel: ${message}`);
    this.name = 'OtelSettingsError';
  }
}

const KNOWN_KEYS = new Set([
  'tracerName',
  'tracer',
  'spanWrappers',
  'propagationHelpers',
  'jobRunners',
  'httpClients',
  'httpInstrumentation',
  'attributes',
  'checkApiDependency',
  'loggers',
  'logContext',
  'logInstrumentation',
  'poolMetricsHelpers',
  'pgPoolInstrumentation',
  'conventions',
  'spanHelper',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new OtelSettingsError(`${where} must be a non-empty string (got ${JSON.stringify(value)})`);
  }
  return value;
}

function expectIndex(value: unknown, where: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new OtelSettingsError(`${where} must be a non-negative integer (got ${JSON.stringify(value)})`);
  }
  return value;
}

function expectStringArray(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new OtelSettingsError(`${where} must be an array of strings`);
  return value.map((item, index) => expectString(item, `${where}[${index}]`));
}

function expectObjectArray(value: unknown, where: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new OtelSettingsError(`${where} must be an array of objects`);
  return value.map((item, index) => {
    if (!isRecord(item)) throw new OtelSettingsError(`${where}[${index}] must be an object`);
    return item;
  });
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new OtelSettingsError(`unknown key "${key}" in ${where} (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function parseSettings(raw: unknown): OtelSettings {
  if (raw === undefined || raw === null) return DEFAULTS;
  if (!isRecord(raw)) throw new OtelSettingsError('settings.otel must be an object');
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new OtelSettingsError(`unknown key "${key}" (allowed: ${[...KNOWN_KEYS].join(', ')})`);
    }
  }

  const tracer = parseImport(raw.tracer, 'tracer');
  const spanHelper = parseImport(raw.spanHelper, 'spanHelper');
  if (raw.conventions !== undefined && !SPAN_CONVENTIONS.includes(raw.conventions as SpanConventions)) {
    throw new OtelSettingsError(`conventions must be one of ${SPAN_CONVENTIONS.map((v) => `"${v}"`).join(', ')} (got ${JSON.stringify(raw.conventions)})`);
  }

  const jobRunners = expectObjectArray(raw.jobRunners, 'jobRunners').map((runner, index) => {
    const where = `jobRunners[${index}]`;
    checkKeys(runner, ['name', 'module', 'handlerArg', 'nameArg', 'awaitsHandler'], where);
    if (runner.awaitsHandler !== undefined && typeof runner.awaitsHandler !== 'boolean') {
      throw new OtelSettingsError(`${where}.awaitsHandler must be a boolean`);
    }
    return {
      name: expectString(runner.name, `${where}.name`),
      module: runner.module === undefined ? undefined : expectString(runner.module, `${where}.module`),
      handlerArg: expectIndex(runner.handlerArg, `${where}.handlerArg`),
      nameArg: runner.nameArg === undefined ? undefined : expectIndex(runner.nameArg, `${where}.nameArg`),
      awaitsHandler: runner.awaitsHandler === true,
    };
  });

  const httpClients = expectObjectArray(raw.httpClients, 'httpClients').map((client, index) => {
    const where = `httpClients[${index}]`;
    checkKeys(client, ['name', 'module', 'urlArg', 'optionsArg'], where);
    return {
      name: expectString(client.name, `${where}.name`),
      module: client.module === undefined ? undefined : expectString(client.module, `${where}.module`),
      urlArg: expectIndex(client.urlArg, `${where}.urlArg`, 0),
      optionsArg: expectIndex(client.optionsArg, `${where}.optionsArg`, 1),
    };
  });

  let attributes = DEFAULTS.attributes;
  if (raw.attributes !== undefined) {
    if (!isRecord(raw.attributes)) throw new OtelSettingsError('attributes must be an object { jobName, jobId }');
    checkKeys(raw.attributes, ['jobName', 'jobId'], 'attributes');
    attributes = {
      jobName: raw.attributes.jobName === undefined ? attributes.jobName : expectString(raw.attributes.jobName, 'attributes.jobName'),
      jobId: raw.attributes.jobId === undefined ? attributes.jobId : expectString(raw.attributes.jobId, 'attributes.jobId'),
    };
  }

  for (const key of ['httpInstrumentation', 'checkApiDependency', 'pgPoolInstrumentation'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean') throw new OtelSettingsError(`${key} must be a boolean`);
  }

  const { loggers, logContext, logInstrumentation } = parseLogSettings(raw);

  return {
    loggers,
    logContext,
    logInstrumentation,
    tracerName: raw.tracerName === undefined ? undefined : expectString(raw.tracerName, 'tracerName'),
    tracer,
    // The project's span helper runs its callback in an active span: a handler that calls it is traced.
    spanWrappers: [...new Set([...expectStringArray(raw.spanWrappers, 'spanWrappers'), ...(spanHelper ? [spanHelper.name] : [])])],
    propagationHelpers: expectStringArray(raw.propagationHelpers, 'propagationHelpers'),
    jobRunners,
    httpClients,
    httpInstrumentation: raw.httpInstrumentation === true,
    attributes,
    checkApiDependency: raw.checkApiDependency !== false,
    poolMetricsHelpers: expectStringArray(raw.poolMetricsHelpers, 'poolMetricsHelpers'),
    pgPoolInstrumentation: raw.pgPoolInstrumentation === undefined ? undefined : raw.pgPoolInstrumentation === true,
    conventions: (raw.conventions as SpanConventions | undefined) ?? DEFAULTS.conventions,
    spanHelper,
  };
}

/** `loggers`, `logContext`, `logInstrumentation` (require-job-log-context). */
function parseLogSettings(raw: Record<string, unknown>): Pick<OtelSettings, 'loggers' | 'logContext' | 'logInstrumentation'> {
  const libraries = LOGGER_LIBRARY_IDS;
  const loggers = expectObjectArray(raw.loggers, 'loggers').map((logger, index) => {
    const where = `loggers[${index}]`;
    checkKeys(logger, ['name', 'module', 'library'], where);
    if (logger.library !== undefined && !libraries.includes(logger.library as string)) {
      throw new OtelSettingsError(`${where}.library must be one of ${libraries.join(', ')} (got ${JSON.stringify(logger.library)})`);
    }
    return {
      name: expectString(logger.name, `${where}.name`),
      module: logger.module === undefined ? undefined : expectString(logger.module, `${where}.module`),
      library: logger.library as string | undefined,
    };
  });
  let logContext: LogContextSetting | undefined;
  if (raw.logContext !== undefined) {
    if (!isRecord(raw.logContext)) throw new OtelSettingsError('logContext must be an object { name, module? }');
    checkKeys(raw.logContext, ['name', 'module'], 'logContext');
    logContext = {
      name: expectString(raw.logContext.name, 'logContext.name'),
      module: raw.logContext.module === undefined ? undefined : expectString(raw.logContext.module, 'logContext.module'),
    };
  }
  let logInstrumentation: boolean | string[] | undefined;
  if (typeof raw.logInstrumentation === 'boolean') {
    logInstrumentation = raw.logInstrumentation;
  } else if (raw.logInstrumentation !== undefined) {
    if (!Array.isArray(raw.logInstrumentation)) {
      throw new OtelSettingsError(`logInstrumentation must be a boolean or an array of: ${libraries.join(', ')}`);
    }
    logInstrumentation = raw.logInstrumentation.map((item, index) => {
      if (typeof item !== 'string' || !libraries.includes(item)) {
        throw new OtelSettingsError(`logInstrumentation[${index}] must be one of ${libraries.join(', ')} (got ${JSON.stringify(item)})`);
      }
      return item;
    });
  }
  return { loggers, logContext, logInstrumentation };
}

/** `{ from, name }`: a module (relative to ESLint's working directory when it starts with `.`) and an export. */
function parseImport(value: unknown, where: string): TracerImport | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new OtelSettingsError(`${where} must be an object { from, name }`);
  checkKeys(value, ['from', 'name'], where);
  return { from: expectString(value.from, `${where}.from`), name: expectString(value.name, `${where}.name`) };
}

const cache = new WeakMap<object, OtelSettings>();

/** The validated `settings.otel` of this lint run (cached per settings object). */
export function getSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): OtelSettings {
  const settings = context.settings as Record<string, unknown> | undefined;
  if (!settings) return DEFAULTS;
  let parsed = cache.get(settings);
  if (!parsed) {
    parsed = parseSettings(settings.otel);
    cache.set(settings, parsed);
  }
  return parsed;
}
