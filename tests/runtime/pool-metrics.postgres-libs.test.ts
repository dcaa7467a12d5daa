/**
 * Run-time proof for `otel/require-pool-metrics` on the PostgreSQL libraries that pool themselves or build a
 * pg.Pool for you: postgres.js 4 (`sql.stats`), slonik (`pool.state()`), Sequelize (untyped
 * `connectionManager.pool`) and drizzle given a URL (`db.$client`), against a real PostgreSQL on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { observedValueTypes, pointOf, setupMetrics, valueOf, type MetricsSdk } from '../helpers/metrics.js';
import { fixSource, loadModule, typeCheck } from '../helpers/runtime.js';
import { hasServer, POSTGRES } from '../helpers/servers.js';
import { startPostgres, type SqlServer } from '../helpers/sql-servers.js';

const postgresInstalled = hasServer(POSTGRES, 'PostgreSQL-library pool-metrics run-time tests');

const MAX = 2;

let server: SqlServer | undefined;
let sdk: MetricsSdk;
let url = '';

beforeAll(async () => {
  if (!postgresInstalled) return;
  server = await startPostgres();
  url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
  process.env.POOL_TEST_PG_URL = url;
  sdk = setupMetrics();
}, 90_000);

afterAll(async () => {
  await sdk?.shutdown();
  await server?.stop();
}, 30_000);

async function fixLoad<T>(source: string, name: string): Promise<T> {
  const { output } = await fixSource(source, { filename: `${name}.ts` });
  expect(output).toContain('addBatchObservableCallback(');
  expect(typeCheck(output, name)).toEqual([]);
  expect(observedValueTypes(output).length).toBeGreaterThanOrEqual(4);
  expect(new Set(observedValueTypes(output))).toEqual(new Set(['number']));
  return loadModule<T>(output, name);
}

async function expectFigures(name: string, used: number, pendingAtLeast: number): Promise<void> {
  const collected = await sdk.collect();
  const pool = { 'db.client.connection.pool.name': name };
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(used);
  expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBeGreaterThanOrEqual(pendingAtLeast);
  if (pendingAtLeast === 0) expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBe(0);
  expect(valueOf(collected, 'db.client.connection.max', pool)).toBe(MAX);
}

const tick = (ms = 100): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgresInstalled)('require-pool-metrics at run time: PostgreSQL libraries', () => {
  it('postgres.js 4: sql.stats', async () => {
    type Sql = import('postgres').Sql;
    const { sql } = await fixLoad<{ sql: Sql }>(
      `import postgres from 'postgres';\n\nexport const sql = postgres(process.env.POOL_TEST_PG_URL!, { max: ${MAX} });\n`,
      'pool-postgresjs',
    );
    const held = await Promise.all(Array.from({ length: MAX }, () => sql.reserve()));
    const waiting = sql.reserve();
    await tick();
    expect(sql.stats.waiting).toBeGreaterThanOrEqual(1);
    await expectFigures('sql', MAX, 1);
    for (const reserved of held) reserved.release();
    (await waiting).release();
    await tick();
    await expectFigures('sql', 0, 0);
    await sql.end();
  }, 60_000);

  it('slonik: pool.state() after `await createPool`, in a factory', async () => {
    type DatabasePool = import('slonik').DatabasePool;
    const { open } = await fixLoad<{ open(): Promise<DatabasePool> }>(
      `import { createPool } from 'slonik';

export async function open() {
  const pool = await createPool(process.env.POOL_TEST_PG_URL!, { maximumPoolSize: ${MAX} });
  return pool;
}
`,
      'pool-slonik',
    );
    const pool = await open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: MAX + 1 }, () => pool.connect(() => gate));
    await tick(500);
    expect(pool.state().waitingClients).toBeGreaterThanOrEqual(1);
    await expectFigures('pool', MAX, 1);
    release();
    await Promise.all(holders);
    await expectFigures('pool', 0, 0);
    await pool.end();
  }, 60_000);

  it('Sequelize: the untyped connectionManager.pool', async () => {
    type Sequelize = import('sequelize').Sequelize;
    const { sequelize } = await fixLoad<{ sequelize: Sequelize }>(
      `import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize(process.env.POOL_TEST_PG_URL!, { logging: false, pool: { max: ${MAX}, min: 0 } });
`,
      'pool-sequelize',
    );
    const manager = sequelize.connectionManager;
    const held = await Promise.all(Array.from({ length: MAX }, () => manager.getConnection({ type: 'read' })));
    const waiting = manager.getConnection({ type: 'read' });
    await tick(200);
    await expectFigures('sequelize', MAX, 1);
    for (const connection of held) manager.releaseConnection(connection);
    manager.releaseConnection(await waiting);
    await tick();
    await expectFigures('sequelize', 0, 0);
    // The acquire hooks timed every acquire; the one that waited, at least the 200 ms it was held up.
    const wait = pointOf(await sdk.collect(), 'db.client.connection.wait_time', { 'db.client.connection.pool.name': 'sequelize' });
    expect(wait?.count).toBe(MAX + 1);
    expect(wait?.max).toBeGreaterThanOrEqual(0.19);
    expect(wait?.max).toBeLessThan(30);
    await sequelize.close();
  }, 60_000);

  it('TypeORM (postgres): the untyped driver.master, observed once initialize() has made it', async () => {
    type DataSource = import('typeorm').DataSource;
    const { dataSource } = await fixLoad<{ dataSource: DataSource }>(
      `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.POOL_TEST_PG_URL, poolSize: ${MAX} });
`,
      'pool-typeorm',
    );
    // Before initialize() there is no pool: nothing is observed (and nothing throws).
    const before = await sdk.collect();
    expect(valueOf(before, 'db.client.connection.max', { 'db.client.connection.pool.name': 'dataSource' })).toBeUndefined();
    await dataSource.initialize();
    const runners = Array.from({ length: MAX + 1 }, () => dataSource.createQueryRunner());
    await Promise.all(runners.slice(0, MAX).map((runner) => runner.connect()));
    const waiting = runners[MAX]!.connect();
    await tick();
    await expectFigures('dataSource', MAX, 1);
    for (const runner of runners.slice(0, MAX)) await runner.release();
    await waiting;
    await runners[MAX]!.release();
    await expectFigures('dataSource', 0, 0);
    await dataSource.destroy();
  }, 60_000);

  it('drizzle given a URL: the pg.Pool it builds ($client)', async () => {
    type Db = { $client: import('pg').Pool };
    const { db } = await fixLoad<{ db: Db }>(
      `import { drizzle } from 'drizzle-orm/node-postgres';

export const db = drizzle({ connection: { connectionString: process.env.POOL_TEST_PG_URL!, max: ${MAX} } });
`,
      'pool-drizzle',
    );
    const held = await Promise.all(Array.from({ length: MAX }, () => db.$client.connect()));
    const waiting = db.$client.connect();
    await expectFigures('db', MAX, 1);
    for (const client of held) client.release();
    (await waiting).release();
    await expectFigures('db', 0, 0);
    await db.$client.end();
  }, 60_000);
});
