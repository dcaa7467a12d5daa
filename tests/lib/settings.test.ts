import { describe, expect, it } from 'vitest';

import { OtelSettingsError, getSettings, parseSettings } from '../../lib/settings.js';

describe('parseSettings: valid', () => {
  it('gives the defaults for no settings', () => {
    for (const raw of [undefined, null, {}]) {
      const settings = parseSettings(raw);
      expect(settings.tracerName).toBeUndefined();
      expect(settings.tracer).toBeUndefined();
      expect(settings).toMatchObject({
        spanWrappers: [],
        propagationHelpers: [],
        jobRunners: [],
        httpClients: [],
        httpInstrumentation: false,
        attributes: { jobName: 'job.name', jobId: 'job.id' },
      });
    }
  });

  it('reads every key', () => {
    expect(
      parseSettings({
        tracerName: 'svc',
        tracer: { from: '~/telemetry', name: 'tracer' },
        spanWrappers: ['withSpan', 'telemetry.traced'],
        propagationHelpers: ['withTraceHeaders'],
        jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }, { name: 'register', module: '~/jobs', handlerArg: 2 }],
        httpClients: [{ name: 'fetchWithTimeout' }, { name: 'call', module: '~/http', urlArg: 1, optionsArg: 2 }],
        httpInstrumentation: true,
        attributes: { jobName: 'messaging.destination.name' },
        poolMetricsHelpers: ['registerPoolMetrics'],
        pgPoolInstrumentation: false,
        conventions: 'job',
        spanHelper: { from: './src/telemetry', name: 'withJobSpan' },
      }),
    ).toEqual({
      tracerName: 'svc',
      tracer: { from: '~/telemetry', name: 'tracer' },
      spanWrappers: ['withSpan', 'telemetry.traced', 'withJobSpan'],
      propagationHelpers: ['withTraceHeaders'],
      jobRunners: [
        { name: 'runJob', module: undefined, handlerArg: 1, nameArg: 0, awaitsHandler: false },
        { name: 'register', module: '~/jobs', handlerArg: 2, nameArg: undefined, awaitsHandler: false },
      ],
      httpClients: [
        { name: 'fetchWithTimeout', module: undefined, urlArg: 0, optionsArg: 1 },
        { name: 'call', module: '~/http', urlArg: 1, optionsArg: 2 },
      ],
      httpInstrumentation: true,
      attributes: { jobName: 'messaging.destination.name', jobId: 'job.id' },
      checkApiDependency: true,
      loggers: [],
      poolMetricsHelpers: ['registerPoolMetrics'],
      pgPoolInstrumentation: false,
      conventions: 'job',
      spanHelper: { from: './src/telemetry', name: 'withJobSpan' },
    });
  });

  it('reads the log-context keys (require-job-log-context)', () => {
    const parsed = parseSettings({
      loggers: [{ name: 'logger', module: '~/logger', library: 'pino' }, { name: 'app.log' }],
      logContext: { name: 'updateLogContext', module: '~/log-context' },
      logInstrumentation: ['pino', 'winston'],
    });
    expect(parsed.loggers).toEqual([
      { name: 'logger', module: '~/logger', library: 'pino' },
      { name: 'app.log', module: undefined, library: undefined },
    ]);
    expect(parsed.logContext).toEqual({ name: 'updateLogContext', module: '~/log-context' });
    expect(parsed.logInstrumentation).toEqual(['pino', 'winston']);
    expect(parseSettings({ logInstrumentation: true }).logInstrumentation).toBe(true);
    expect(() => parseSettings({ loggers: [{ name: 'logger', library: 'log4js' }] })).toThrow(
      /loggers\[0\]\.library must be one of pino, pino-http, winston, bunyan, consola, nestjs, nestjs-pino, console \(got "log4js"\)/,
    );
    expect(() => parseSettings({ logInstrumentation: ['pino', 'log4js'] })).toThrow(/logInstrumentation\[1\] must be one of pino/);
    expect(() => parseSettings({ logInstrumentation: 'pino' })).toThrow(/logInstrumentation must be a boolean or an array of: pino/);
    expect(() => parseSettings({ logContext: 'updateLogContext' })).toThrow(/logContext must be an object \{ name, module\? \}/);
    expect(() => parseSettings({ logContext: { name: 'set', from: 'x' } })).toThrow(/unknown key "from" in logContext \(allowed: name, module\)/);
    expect(() => parseSettings({ loggers: [{}] })).toThrow(/loggers\[0\]\.name must be a non-empty string/);
  });

  it('pool settings: helpers must be names, pgPoolInstrumentation a boolean (unset: undefined)', () => {
    expect(parseSettings({}).pgPoolInstrumentation).toBeUndefined();
    expect(() => parseSettings({ poolMetricsHelpers: 'registerPoolMetrics' })).toThrow(/poolMetricsHelpers must be an array of strings/);
    expect(() => parseSettings({ pgPoolInstrumentation: 'yes' })).toThrow(/pgPoolInstrumentation must be a boolean/);
  });

  it('getSettings validates once per settings object and tolerates no settings', () => {
    const settings = { otel: { tracerName: 'svc' } };
    const context = { settings } as never;
    const first = getSettings(context);
    expect(first.tracerName).toBe('svc');
    expect(getSettings(context)).toBe(first);
    expect(getSettings({ settings: undefined } as never).spanWrappers).toEqual([]);
    expect(getSettings({ settings: {} } as never).spanWrappers).toEqual([]);
  });
});

describe('parseSettings: invalid, with a message naming the key', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', 'svc', 'settings.otel must be an object'],
    ['an array', [], 'settings.otel must be an object'],
    ['an unknown key', { tracername: 'x' }, 'unknown key "tracername"'],
    ['tracerName not a string', { tracerName: 1 }, 'tracerName must be a non-empty string (got 1)'],
    ['tracerName empty', { tracerName: '' }, 'tracerName must be a non-empty string'],
    ['tracer a string', { tracer: '~/telemetry' }, 'tracer must be an object { from, name }'],
    ['tracer without from', { tracer: { name: 'tracer' } }, 'tracer.from must be a non-empty string (got undefined)'],
    ['tracer without name', { tracer: { from: '~/t' } }, 'tracer.name must be a non-empty string'],
    ['tracer with an extra key', { tracer: { from: '~/t', name: 't', default: true } }, 'unknown key "default" in tracer'],
    ['spanWrappers a string', { spanWrappers: 'withSpan' }, 'spanWrappers must be an array of strings'],
    ['spanWrappers with a number', { spanWrappers: ['a', 2] }, 'spanWrappers[1] must be a non-empty string (got 2)'],
    ['propagationHelpers an object', { propagationHelpers: {} }, 'propagationHelpers must be an array of strings'],
    ['jobRunners an object', { jobRunners: { name: 'x' } }, 'jobRunners must be an array of objects'],
    ['jobRunners item a string', { jobRunners: ['runJob'] }, 'jobRunners[0] must be an object'],
    ['job runner without name', { jobRunners: [{ handlerArg: 1 }] }, 'jobRunners[0].name must be a non-empty string'],
    ['job runner without handlerArg', { jobRunners: [{ name: 'r' }] }, 'jobRunners[0].handlerArg must be a non-negative integer (got undefined)'],
    ['job runner negative handlerArg', { jobRunners: [{ name: 'r', handlerArg: -1 }] }, 'jobRunners[0].handlerArg must be a non-negative integer (got -1)'],
    ['job runner fractional nameArg', { jobRunners: [{ name: 'r', handlerArg: 1, nameArg: 0.5 }] }, 'jobRunners[0].nameArg must be a non-negative integer (got 0.5)'],
    ['job runner empty module', { jobRunners: [{ name: 'r', handlerArg: 1, module: '' }] }, 'jobRunners[0].module must be a non-empty string'],
    ['job runner extra key', { jobRunners: [{ name: 'r', handlerArg: 1, handler: 1 }] }, 'unknown key "handler" in jobRunners[0]'],
    ['http client urlArg a string', { httpClients: [{ name: 'f', urlArg: '0' }] }, 'httpClients[0].urlArg must be a non-negative integer (got "0")'],
    ['http client extra key', { httpClients: [{ name: 'f', headersArg: 1 }] }, 'unknown key "headersArg" in httpClients[0]'],
    ['httpInstrumentation a string', { httpInstrumentation: 'yes' }, 'httpInstrumentation must be a boolean'],
    ['attributes an array', { attributes: [] }, 'attributes must be an object { jobName, jobId }'],
    ['attributes extra key', { attributes: { queue: 'q' } }, 'unknown key "queue" in attributes'],
    ['attributes.jobId empty', { attributes: { jobId: '' } }, 'attributes.jobId must be a non-empty string'],
    ['conventions not one of the values', { conventions: 'semconv' }, 'conventions must be one of "messaging", "job" (got "semconv")'],
    ['spanHelper without name', { spanHelper: { from: './telemetry' } }, 'spanHelper.name must be a non-empty string'],
    ['spanHelper with an extra key', { spanHelper: { from: './t', name: 'w', kind: 'x' } }, 'unknown key "kind" in spanHelper'],
  ];
  for (const [title, raw, message] of cases) {
    it(title, () => {
      let error: unknown;
      try {
        parseSettings(raw);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(OtelSettingsError);
      expect((error as Error).message).toContain('eslint-plugin-otel: invalid settings.otel: ');
      expect((error as Error).message).toContain(message);
    });
  }

  it('lists the allowed keys for an unknown key', () => {
    expect(() => parseSettings({ nope: 1 })).toThrow(/allowed: tracerName, tracer, spanWrappers/);
  });
});
