/**
 * Run-time proof for `otel/require-pool-metrics` on `pg.Pool`: fix the source with the real ESLint, type-check
 * it strictly, load it, check out every connection of a real PostgreSQL on 127.0.0.1 and make one more request
 * wait, then collect through the OpenTelemetry metrics SDK (and a prom-client registry for the prom-client
 * form) and compare the exported values with the pool's own figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { Pool, PoolClient } from 'pg';
import client from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { observedValueTypes, pointOf, setupMetrics, valueOf, type MetricsSdk } from '../helpers/metrics.js';
import { FIXED_DIR, fixSource, loadModule, typeCheck } from '../helpers/runtime.js';
import { hasServer, POSTGRES } from '../helpers/servers.js';
import { startPostgres, type SqlServer } from '../helpers/sql-servers.js';

const postgresInstalled = hasServer(POSTGRES, 'pg pool-metrics run-time tests');

const MAX = 3;

const OTEL_SOURCE = `import { Pool } from 'pg';

export const ordersPool = new Pool({
  host: '127.0.0.1',
  port: Number(process.env.POOL_TEST_PG_PORT),
  user: 'postgres',
  database: 'postgres',
  max: ${MAX},
});
`;

const PROM_SOURCE = `import client from 'prom-client';
import { Pool } from 'pg';

export const registry = client.register;
export const reportsPool = new Pool({
  host: '127.0.0.1',
  port: Number(process.env.POOL_TEST_PG_PORT),
  user: 'postgres',
  database: 'postgres',
  max: ${MAX},
});
`;

let server: SqlServer | undefined;
let sdk: MetricsSdk;

beforeAll(async () => {
  if (!postgresInstalled) return;
  server = await startPostgres();
  process.env.POOL_TEST_PG_PORT = String(server.port);
  sdk = setupMetrics();
}, 90_000);

afterAll(async () => {
  await sdk?.shutdown();
  await server?.stop();
}, 30_000);

/** Check out every connection, then start one more request that must wait. */
async function saturate(pool: Pool): Promise<{ held: PoolClient[]; waiting: Promise<PoolClient> }> {
  const held = await Promise.all(Array.from({ length: MAX }, () => pool.connect()));
  const waiting = pool.connect();
  expect(pool.waitingCount).toBe(1);
  return { held, waiting };
}

async function drain(pool: Pool, held: PoolClient[], waiting: Promise<PoolClient>): Promise<void> {
  for (const connection of held) connection.release();
  (await waiting).release();
  await pool.end();
}

describe.skipIf(!postgresInstalled)('require-pool-metrics at run time: pg.Pool', () => {
  it('OpenTelemetry form: exported used/idle/pending/max equal the pool figures', async () => {
    const { output } = await fixSource(OTEL_SOURCE, { filename: 'pool-pg.ts' });
    expect(output).toContain('addBatchObservableCallback(');
    expect(typeCheck(output, 'pool-pg')).toEqual([]);
    const { ordersPool } = await loadModule<{ ordersPool: Pool }>(output, 'pool-pg');

    const { held, waiting } = await saturate(ordersPool);
    const collected = await sdk.collect();
    const pool = { 'db.client.connection.pool.name': 'ordersPool' };
    expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(MAX);
    expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'idle' })).toBe(ordersPool.idleCount);
    expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBeGreaterThanOrEqual(1);
    expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBe(ordersPool.waitingCount);
    expect(valueOf(collected, 'db.client.connection.max', pool)).toBe(MAX);

    await drain(ordersPool, held, waiting);
    const after = await sdk.collect();
    expect(valueOf(after, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(0);
    expect(valueOf(after, 'db.client.connection.pending_requests', pool)).toBe(0);
  }, 60_000);

  it('prom-client form: the registry reports the same figures', async () => {
    const { output } = await fixSource(PROM_SOURCE, { filename: 'pool-pg-prom.ts' });
    expect(output).toContain("new client.Gauge({");
    expect(typeCheck(output, 'pool-pg-prom')).toEqual([]);
    const { reportsPool, registry } = await loadModule<{ reportsPool: Pool; registry: client.Registry }>(output, 'pool-pg-prom');
    // The fixed module and this test share one prom-client (and so one default registry).
    expect(registry).toBe(client.register);

    const { held, waiting } = await saturate(reportsPool);
    const metrics = await registry.getMetricsAsJSON();
    const value = (name: string, labels: Record<string, string>): number | undefined =>
      metrics
        .find((metric) => metric.name === name)
        ?.values.find((point) => Object.entries(labels).every(([key, label]) => point.labels[key] === label))?.value;
    const pool = { db_client_connection_pool_name: 'reportsPool' };
    expect(value('db_client_connection_count', { ...pool, db_client_connection_state: 'used' })).toBe(MAX);
    expect(value('db_client_connection_count', { ...pool, db_client_connection_state: 'idle' })).toBe(0);
    expect(value('db_client_connection_pending_requests', pool)).toBeGreaterThanOrEqual(1);
    expect(value('db_client_connection_max', pool)).toBe(MAX);
    await drain(reportsPool, held, waiting);
    registry.clear();
  }, 60_000);

  it('knex (tarn pool over pg.Client), in a JavaScript file: no type syntax, same figures', async () => {
    const source = `const knex = require('knex');

const db = knex({
  client: 'pg',
  connection: { host: '127.0.0.1', port: Number(process.env.POOL_TEST_PG_PORT), user: 'postgres', database: 'postgres' },
  pool: { min: 0, max: ${MAX} },
});

module.exports = { db };
`;
    const { output } = await fixSource(source, { filename: 'pool-knex.js' });
    expect(output).toContain("const { metrics } = require('@opentelemetry/api');");
    expect(output).not.toMatch(/\bas unknown\b|: number|@type/);
    // Run it as the CommonJS module it is.
    mkdirSync(FIXED_DIR, { recursive: true });
    const file = path.join(FIXED_DIR, `pool-knex-${process.pid}-${Date.now()}.cjs`);
    writeFileSync(file, output);
    const { db } = createRequire(import.meta.url)(file) as { db: KnexLike };
    const held = await Promise.all(Array.from({ length: MAX }, () => db.client.acquireConnection()));
    const waiting = db.client.acquireConnection();
    await new Promise((r) => setTimeout(r, 50));
    const collected = await sdk.collect();
    const pool = { 'db.client.connection.pool.name': 'db' };
    expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(MAX);
    expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'idle' })).toBe(0);
    expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBeGreaterThanOrEqual(1);
    expect(valueOf(collected, 'db.client.connection.max', pool)).toBe(MAX);
    for (const connection of held) await db.client.releaseConnection(connection);
    await db.client.releaseConnection(await waiting);
    const after = await sdk.collect();
    expect(valueOf(after, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(0);
    await db.destroy();
  }, 60_000);

  it('knex in TypeScript: `db.client` is any, the view keeps `any` out', async () => {
    const source = `import knex from 'knex';

export const analytics = knex({ client: 'pg', connection: { host: '127.0.0.1', port: Number(process.env.POOL_TEST_PG_PORT), user: 'postgres', database: 'postgres' }, pool: { min: 0, max: ${MAX} } });
`;
    const { output } = await fixSource(source, { filename: 'pool-knex.ts' });
    expect(typeCheck(output, 'pool-knex')).toEqual([]);
    // `db.client` is `any` in knex's types: every observed and recorded value must still be a number.
    expect(observedValueTypes(output)).toEqual(['number', 'number', 'number', 'number', 'number', 'number']);
    const { analytics } = await loadModule<{ analytics: KnexLike }>(output, 'pool-knex-ts');
    const held = await Promise.all(Array.from({ length: MAX }, () => analytics.client.acquireConnection()));
    const waiting = analytics.client.acquireConnection();
    const collected = await sdk.collect();
    const pool = { 'db.client.connection.pool.name': 'analytics' };
    expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(MAX);
    // Hold for 200 ms: the waiting request's wait time is at least that.
    await new Promise((r) => setTimeout(r, 200));
    for (const connection of held) await analytics.client.releaseConnection(connection);
    await analytics.client.releaseConnection(await waiting);
    const after = await sdk.collect();
    const wait = pointOf(after, 'db.client.connection.wait_time', pool);
    expect(wait?.count).toBe(MAX + 1);
    expect(wait?.max).toBeGreaterThanOrEqual(0.19);
    expect(wait?.max).toBeLessThan(30);
    await analytics.destroy();
  }, 60_000);
});

interface KnexLike {
  client: { acquireConnection(): Promise<unknown>; releaseConnection(connection: unknown): Promise<unknown> };
  destroy(): Promise<void>;
}
