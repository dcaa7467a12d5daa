/**
 * Run-time proof for `otel/require-pool-metrics` on MySQL-protocol pools (mysql2, mysql2/promise, mariadb)
 * against a real MariaDB on 127.0.0.1: fix, type-check strictly (mysql2's counters are untyped privates),
 * load, hold every connection, make one request wait, collect through the OpenTelemetry metrics SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { observedValueTypes, setupMetrics, valueOf, type MetricsSdk } from '../helpers/metrics.js';
import { fixSource, loadModule, typeCheck } from '../helpers/runtime.js';
import { hasServer, MARIADB } from '../helpers/servers.js';
import { startMariadb, type SqlServer } from '../helpers/sql-servers.js';

const mariadbInstalled = hasServer(MARIADB, 'MySQL-protocol pool-metrics run-time tests');

const MAX = 2;
const CONFIG = `host: '127.0.0.1', port: Number(process.env.POOL_TEST_MYSQL_PORT), user: 'root', database: 'mysql'`;

let server: SqlServer | undefined;
let sdk: MetricsSdk;

beforeAll(async () => {
  if (!mariadbInstalled) return;
  server = await startMariadb();
  process.env.POOL_TEST_MYSQL_PORT = String(server.port);
  sdk = setupMetrics();
}, 90_000);

afterAll(async () => {
  await sdk?.shutdown();
  await server?.stop();
}, 30_000);

async function expectSaturated(name: string): Promise<void> {
  const collected = await sdk.collect();
  const pool = { 'db.client.connection.pool.name': name };
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(MAX);
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'idle' })).toBe(0);
  expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBeGreaterThanOrEqual(1);
  expect(valueOf(collected, 'db.client.connection.max', pool)).toBe(MAX);
}

async function expectIdle(name: string): Promise<void> {
  const collected = await sdk.collect();
  const pool = { 'db.client.connection.pool.name': name };
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(0);
  expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBe(0);
}

interface Releasable {
  release(): void;
}

describe.skipIf(!mariadbInstalled)('require-pool-metrics at run time: MySQL-protocol pools on MariaDB', () => {
  it('mysql2/promise: the untyped counters type-check and match the pool', async () => {
    const source = `import mysql from 'mysql2/promise';\n\nexport const billingPool = mysql.createPool({ ${CONFIG}, connectionLimit: ${MAX} });\n`;
    const { output } = await fixSource(source, { filename: 'pool-mysql2-promise.ts' });
    expect(output).toContain('as unknown as {');
    expect(typeCheck(output, 'pool-mysql2-promise')).toEqual([]);
    expect(observedValueTypes(output)).toEqual(['number', 'number', 'number', 'number']);
    const { billingPool } = await loadModule<{ billingPool: import('mysql2/promise').Pool }>(output, 'pool-mysql2-promise');
    const held = await Promise.all(Array.from({ length: MAX }, () => billingPool.getConnection()));
    const waiting = billingPool.getConnection();
    await expectSaturated('billingPool');
    for (const connection of held) connection.release();
    (await waiting).release();
    await expectIdle('billingPool');
    await billingPool.end();
  }, 60_000);

  it('mysql2 (callback pool), in a class constructor', async () => {
    const source = `import mysql, { type Pool } from 'mysql2';

export class Store {
  readonly pool: Pool;
  constructor() {
    this.pool = mysql.createPool({ ${CONFIG}, connectionLimit: ${MAX} });
  }
}
`;
    const { output } = await fixSource(source, { filename: 'pool-mysql2.ts' });
    expect(typeCheck(output, 'pool-mysql2')).toEqual([]);
    const { Store } = await loadModule<{ Store: new () => { pool: import('mysql2').Pool } }>(output, 'pool-mysql2');
    const store = new Store();
    const get = (): Promise<import('mysql2').PoolConnection> =>
      new Promise((resolve, reject) => store.pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))));
    const held = await Promise.all(Array.from({ length: MAX }, get));
    const waiting = get();
    await expectSaturated('pool');
    for (const connection of held) connection.release();
    (await waiting).release();
    await expectIdle('pool');
    await new Promise<void>((resolve) => store.pool.end(() => resolve()));
  }, 60_000);

  it('mariadb: counts from the typed methods, the limit from the config literal', async () => {
    const source = `import * as mariadb from 'mariadb';\n\nexport const auditPool = mariadb.createPool({ ${CONFIG}, connectionLimit: ${MAX}, minimumIdle: 0 });\n`;
    const { output } = await fixSource(source, { filename: 'pool-mariadb.ts' });
    expect(output).toContain(`result.observe(dbClientConnectionMax, ${MAX}, attributes);`);
    expect(typeCheck(output, 'pool-mariadb')).toEqual([]);
    const { auditPool } = await loadModule<{ auditPool: import('mariadb').Pool }>(output, 'pool-mariadb');
    const held: Releasable[] = await Promise.all(Array.from({ length: MAX }, () => auditPool.getConnection()));
    const waiting = auditPool.getConnection();
    await expectSaturated('auditPool');
    for (const connection of held) connection.release();
    (await waiting).release();
    await expectIdle('auditPool');
    await auditPool.end();
  }, 60_000);
});
