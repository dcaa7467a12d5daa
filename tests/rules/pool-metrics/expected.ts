/**
 * Expected texts shared by the `require-pool-metrics` RuleTester files: the module-level meter and
 * instruments a fix creates, and the per-pool registration (the first cases of each file spell them out).
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import type { MessageIds, Options } from '../../../lib/rules/require-pool-metrics.js';
import { TRACER_NAME } from '../../rule-tester.js';

export type Invalid = InvalidTestCase<MessageIds, Options>;
export type Valid = ValidTestCase<Options>;

/** The three module-level instruments (four with the wait-time histogram), declared from `meter`. */
export function instruments(
  meter = 'meter',
  limit: 'max' | 'limit' = 'max',
  names = { count: 'dbClientConnectionCount', pending: 'dbClientConnectionPendingRequests' },
  waitTime = false,
): string {
  const limitName = limit === 'max' ? 'dbClientConnectionMax' : 'dbClientConnectionLimit';
  return `const ${names.count} = ${meter}.createObservableUpDownCounter('db.client.connection.count', {
  description: 'Connections in the pool, by state (idle, used)',
  unit: '{connection}',
});
const ${names.pending} = ${meter}.createObservableUpDownCounter('db.client.connection.pending_requests', {
  description: 'Requests waiting for a connection',
  unit: '{request}',
});
const ${limitName} = ${meter}.createObservableUpDownCounter('db.client.connection.${limit}', {
  description: 'Connections the pool may open at most',
  unit: '{connection}',
});${
    waitTime
      ? `
const dbClientConnectionWaitTime = ${meter}.createHistogram('db.client.connection.wait_time', {
  description: 'Time it took to obtain a connection from the pool',
  unit: 's',
});`
      : ''
  }`;
}

/** The meter and the instruments with the wait-time histogram (knex, Sequelize). */
export const METER_AND_INSTRUMENTS_WAIT = `const meter = metrics.getMeter('${TRACER_NAME}');
${instruments('meter', 'max', undefined, true)}`;

/** Wait time from tarn's acquire events (knex). `view` is the expression the events are read from. */
export function tarnWaitTime(name: string, view: string, ts: boolean, indent = ''): string {
  return [
    `const acquireStarts = new Map${ts ? '<number, number>' : ''}();`,
    `const acquireEvents = ${view};`,
    "acquireEvents?.on('acquireRequest', (eventId) => {",
    '  acquireStarts.set(eventId, performance.now());',
    '});',
    "acquireEvents?.on('acquireSuccess', (eventId) => {",
    '  const start = acquireStarts.get(eventId);',
    '  acquireStarts.delete(eventId);',
    `  if (start !== undefined) dbClientConnectionWaitTime.record((performance.now() - start) / 1000, { 'db.client.connection.pool.name': '${name}' });`,
    '});',
    "acquireEvents?.on('acquireFail', (eventId) => {",
    '  acquireStarts.delete(eventId);',
    '});',
  ].join(`\n${indent}`);
}

export const TARN_EVENTS_TYPE = "{ on(event: 'acquireRequest' | 'acquireSuccess' | 'acquireFail', listener: (eventId: number) => void): void } | undefined";

/** Wait time from Sequelize's pool-acquire hooks. */
export function sequelizeWaitTime(pool: string, name: string, ts: boolean): string {
  return [
    `const acquireStarts = new WeakMap${ts ? '<object, number>' : ''}();`,
    `${pool}.addHook('beforePoolAcquire', (options) => {`,
    '  acquireStarts.set(options, performance.now());',
    '});',
    `${pool}.addHook('afterPoolAcquire', (_connection, options) => {`,
    '  const start = acquireStarts.get(options);',
    `  if (start !== undefined) dbClientConnectionWaitTime.record((performance.now() - start) / 1000, { 'db.client.connection.pool.name': '${name}' });`,
    '});',
  ].join('\n');
}

/** `const meter = metrics.getMeter(…)` and the instruments. */
export const METER_AND_INSTRUMENTS = `const meter = metrics.getMeter('${TRACER_NAME}');
${instruments()}`;

export interface Reading {
  readonly idle: string;
  readonly used: string;
  readonly pending: string;
  /** Omitted where the pool's limit is unknowable. */
  readonly max?: string;
  /** Lines before the observations (an untyped view of the pool). */
  readonly prelude?: readonly string[];
}

export const PG = (pool: string): Reading => ({
  idle: `${pool}.idleCount`,
  used: `${pool}.totalCount - ${pool}.idleCount`,
  pending: `${pool}.waitingCount`,
  max: `${pool}.options.max ?? 10`,
});

/** The batch callback registered after the pool's statement, at `indent`. */
export function registration(
  name: string,
  reading: Reading,
  { indent = '', meter = 'meter', limit = 'dbClientConnectionMax', unit = '  ' }: { indent?: string; meter?: string; limit?: string; unit?: string } = {},
): string {
  const body = [
    ...(reading.prelude ?? []),
    `const attributes = { 'db.client.connection.pool.name': '${name}' };`,
    `result.observe(dbClientConnectionCount, ${reading.idle}, { ...attributes, 'db.client.connection.state': 'idle' });`,
    `result.observe(dbClientConnectionCount, ${reading.used}, { ...attributes, 'db.client.connection.state': 'used' });`,
    `result.observe(dbClientConnectionPendingRequests, ${reading.pending}, attributes);`,
    ...(reading.max === undefined ? [] : [`result.observe(${limit}, ${reading.max}, attributes);`]),
  ];
  const observed = ['dbClientConnectionCount', 'dbClientConnectionPendingRequests', ...(reading.max === undefined ? [] : [limit])];
  return [
    `${meter}.addBatchObservableCallback(`,
    `${unit}(result) => {`,
    ...body.map((line) => `${unit}${unit}${line}`),
    `${unit}},`,
    `${unit}[${observed.join(', ')}],`,
    ');',
  ]
    .map((line, index) => (index === 0 ? line : `${indent}${line}`))
    .join('\n');
}

/** The fixed output and every suggestion must lint clean (the fix is idempotent). */
export function relinted(cases: readonly Invalid[]): Valid[] {
  const out: Valid[] = [];
  const seen = new Set<string>();
  for (const item of cases) {
    const results: [string, string][] = [];
    if (typeof item.output === 'string') results.push(['fixed output', item.output]);
    for (const error of item.errors) {
      for (const [index, suggested] of (error.suggestions ?? []).entries()) results.push([`suggestion ${index}`, suggested.output]);
    }
    for (const [what, code] of results) {
      const key = JSON.stringify([code, item.filename, item.options, item.settings]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        name: `re-lint of the ${what} reports nothing: ${item.name ?? item.code}`,
        code,
        ...(item.filename === undefined ? {} : { filename: item.filename }),
        ...(item.options === undefined ? {} : { options: item.options }),
        ...(item.settings === undefined ? {} : { settings: item.settings }),
        ...(item.languageOptions === undefined ? {} : { languageOptions: item.languageOptions }),
      });
    }
  }
  return out;
}
