/**
 * `otel/require-pool-metrics` on libraries that pool themselves or build a pool for you: postgres.js 4,
 * slonik, Sequelize, drizzle given a URL. Pools handed to an adapter are measured where they are created.
 */
import rule from '../../lib/rules/require-pool-metrics.js';
import { createRuleTester } from '../rule-tester.js';
import {
  METER_AND_INSTRUMENTS,
  METER_AND_INSTRUMENTS_WAIT,
  PG,
  registration,
  relinted,
  sequelizeWaitTime,
  type Invalid,
  type Valid,
} from './pool-metrics/expected.js';

const missing = (library: string, pool: string, line: number, column: number, endColumn: number) => ({
  messageId: 'missingPoolMetrics' as const,
  data: { library, pool },
  line,
  column,
  endLine: line,
  endColumn,
});

const SEQUELIZE_TYPE = '{ pool: { available?: number; using?: number; waiting?: number; maxSize?: number } }';
const sequelize = (view: string) => ({
  prelude: [`const stats = ${view};`, "if (typeof stats.pool.using !== 'number') return;"],
  idle: 'stats.pool.available ?? 0',
  used: 'stats.pool.using',
  pending: 'stats.pool.waiting ?? 0',
  max: 'stats.pool.maxSize ?? 5',
});

const valid: Valid[] = [
  {
    name: 'drizzle, kysely and PrismaPg given a pool: nothing to report at the adapter (the pool is measured where it is made)',
    code: `import type { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';

export const make = (pool: Pool) => ({ a: drizzle(pool), b: drizzle({ client: pool }) });
`,
  },
  {
    name: 'postgres.js: a tagged-template query on the instance is not a pool',
    code: `import { metrics } from '@opentelemetry/api';
import postgres from 'postgres';

const meter = metrics.getMeter('x');
export const sql = postgres('postgres://localhost/db');
meter.createObservableGauge('leased').addCallback((result) => result.observe(sql.stats.leased));
export const users = () => sql\`select * from users\`;
`,
  },
  {
    name: 'TypeORM postgres with instrumentation-pg active: its master is a pg.Pool, measured by it',
    settings: { otel: { tracerName: 'test-service', pgPoolInstrumentation: true } },
    code: `import { DataSource } from 'typeorm';\nexport const ds = new DataSource({ type: 'postgres' });\n`,
  },
  {
    name: 'PrismaClient has no pool statistics API (Prisma 7): not reported',
    code: `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'postgres.js 4: sql.stats read once per collection',
    code: `import postgres from 'postgres';

export const sql = postgres(process.env.DATABASE_URL!, { max: 4 });
`,
    output: `import postgres from 'postgres';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const sql = postgres(process.env.DATABASE_URL!, { max: 4 });
${registration('sql', {
  prelude: ['const stats = sql.stats;'],
  idle: 'stats.idle',
  used: 'stats.connections - stats.idle',
  pending: 'stats.waiting',
  max: 'sql.options.max',
})}
`,
    errors: [missing('postgres.js pool', '`sql`', 3, 20, 28)],
  },
  {
    name: 'slonik: `await createPool(…)` in a factory',
    code: `import { createPool } from 'slonik';

export async function open(url: string) {
  const pool = await createPool(url, { maximumPoolSize: 4 });
  return pool;
}
`,
    output: `import { createPool } from 'slonik';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export async function open(url: string) {
  const pool = await createPool(url, { maximumPoolSize: 4 });
  ${registration(
    'pool',
    {
      prelude: ['const stats = pool.state();'],
      idle: 'stats.idleConnections',
      used: 'stats.acquiredConnections',
      pending: 'stats.waitingClients',
      max: 'pool.configuration.maximumPoolSize ?? 10',
    },
    { indent: '  ' },
  )}
  return pool;
}
`,
    errors: [missing('slonik pool', '`pool`', 4, 22, 32)],
  },
  {
    name: 'slonik created inline and awaited: reported, no suggestion (binding would move an await)',
    code: `import { createPool } from 'slonik';

export const db = { pool: await createPool('postgres://localhost/db') };
`,
    output: null,
    errors: [missing('slonik pool', 'created inline', 3, 33, 43)],
  },
  {
    name: 'Sequelize: the untyped connectionManager.pool through a typed view',
    code: `import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize('postgres://localhost/db', { pool: { max: 4 } });
`,
    output: `import { Sequelize } from 'sequelize';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS_WAIT}

export const sequelize = new Sequelize('postgres://localhost/db', { pool: { max: 4 } });
${registration('sequelize', sequelize(`sequelize.connectionManager as unknown as ${SEQUELIZE_TYPE}`))}
${sequelizeWaitTime('sequelize', 'sequelize', true)}
`,
    errors: [missing('Sequelize pool', '`sequelize`', 3, 30, 39)],
  },
  {
    name: 'Sequelize default export in JavaScript',
    filename: 'db.js',
    code: `import Sequelize from 'sequelize';

export const db = new Sequelize('db', 'user', 'pass', { dialect: 'mysql' });
`,
    output: `import Sequelize from 'sequelize';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS_WAIT}

export const db = new Sequelize('db', 'user', 'pass', { dialect: 'mysql' });
${registration('db', sequelize('db.connectionManager'))}
${sequelizeWaitTime('db', 'db', false)}
`,
    errors: [missing('Sequelize pool', '`db`', 3, 23, 32)],
  },
  {
    name: 'Sequelize with replication (read and write pools): reported without a fix',
    code: `import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize('db', 'u', 'p', { replication: { read: [], write: {} } });
`,
    output: null,
    errors: [missing('Sequelize pool', '`sequelize`', 3, 30, 39)],
  },
  {
    name: 'drizzle given a URL or connection options builds the pg.Pool: measured through $client',
    code: `import { drizzle } from 'drizzle-orm/node-postgres';

export const db = drizzle(process.env.DATABASE_URL!);
`,
    output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const db = drizzle(process.env.DATABASE_URL!);
${registration('db', PG('db.$client'))}
`,
    errors: [missing('drizzle (node-postgres) pool', '`db`', 3, 19, 26)],
  },
  {
    name: 'drizzle (mysql2) given a URL: the core pool through an untyped view',
    filename: 'db.js',
    code: `import { drizzle } from 'drizzle-orm/mysql2';

export const db = drizzle({ connection: { uri: 'mysql://localhost/db' } });
`,
    output: `import { drizzle } from 'drizzle-orm/mysql2';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const db = drizzle({ connection: { uri: 'mysql://localhost/db' } });
${registration('db', {
  prelude: ['const stats = db.$client;'],
  idle: 'stats._freeConnections.length',
  used: 'stats._allConnections.length - stats._freeConnections.length',
  pending: 'stats._connectionQueue.length',
  max: 'stats.config.connectionLimit ?? 10',
})}
`,
    errors: [missing('drizzle (mysql2) pool', '`db`', 3, 19, 26)],
  },
  {
    name: 'TypeORM postgres: the untyped driver.master, absent until initialize()',
    code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', poolSize: 4 });
`,
    output: `import { DataSource } from 'typeorm';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const dataSource = new DataSource({ type: 'postgres', poolSize: 4 });
${registration('dataSource', {
  prelude: [
    'const stats = dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number; options: { max?: number } } };',
    'if (!stats.master) return;',
  ],
  idle: 'stats.master.idleCount',
  used: 'stats.master.totalCount - stats.master.idleCount',
  pending: 'stats.master.waitingCount',
  max: 'stats.master.options.max ?? 10',
})}
`,
    errors: [missing('TypeORM DataSource pool', '`dataSource`', 3, 31, 41)],
  },
  {
    name: 'TypeORM mysql in CommonJS JavaScript: driver.pool, no type syntax (instrumentation-pg does not apply)',
    filename: 'ds.cjs',
    languageOptions: { sourceType: 'commonjs' } as never,
    settings: { otel: { tracerName: 'test-service', pgPoolInstrumentation: true } },
    code: `const { DataSource } = require('typeorm');
const ds = new DataSource({ type: 'mysql' });
module.exports = ds;
`,
    output: `const { DataSource } = require('typeorm');
const { metrics } = require('@opentelemetry/api');

${METER_AND_INSTRUMENTS}

const ds = new DataSource({ type: 'mysql' });
${registration('ds', {
  prelude: ['const stats = ds.driver;', 'if (!stats.pool) return;'],
  idle: 'stats.pool._freeConnections.length',
  used: 'stats.pool._allConnections.length - stats.pool._freeConnections.length',
  pending: 'stats.pool._connectionQueue.length',
  max: 'stats.pool.config.connectionLimit ?? 10',
})}
module.exports = ds;
`,
    errors: [missing('TypeORM DataSource pool', '`ds`', 2, 16, 26)],
  },
  {
    name: 'TypeORM with options from elsewhere: the driver is unknown, reported without a fix',
    code: `import { DataSource } from 'typeorm';
import { options } from './options';

export const ds = new DataSource(options);
`,
    output: null,
    errors: [missing('TypeORM DataSource pool', '`ds`', 4, 23, 33)],
  },
  {
    name: 'MongoClient: counts kept from CMAP events, the wait from durationMS',
    code: `import { MongoClient } from 'mongodb';

export const client = new MongoClient(process.env.MONGO_URL!, { maxPoolSize: 20 });
`,
    output: `import { MongoClient } from 'mongodb';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS_WAIT}

export const client = new MongoClient(process.env.MONGO_URL!, { maxPoolSize: 20 });
const clientConnections = { open: 0, used: 0, pending: 0 };
client.on('connectionCreated', () => {
  clientConnections.open += 1;
});
client.on('connectionClosed', () => {
  clientConnections.open -= 1;
});
client.on('connectionCheckOutStarted', () => {
  clientConnections.pending += 1;
});
client.on('connectionCheckOutFailed', (event) => {
  clientConnections.pending -= 1;
  dbClientConnectionWaitTime.record(event.durationMS / 1000, { 'db.client.connection.pool.name': 'client' });
});
client.on('connectionCheckedOut', (event) => {
  clientConnections.pending -= 1;
  clientConnections.used += 1;
  dbClientConnectionWaitTime.record(event.durationMS / 1000, { 'db.client.connection.pool.name': 'client' });
});
client.on('connectionCheckedIn', () => {
  clientConnections.used -= 1;
});
${registration('client', {
  idle: 'clientConnections.open - clientConnections.used',
  used: 'clientConnections.used',
  pending: 'clientConnections.pending',
  max: 'client.options.maxPoolSize',
})}
`,
    errors: [missing('MongoClient connection pool', '`client`', 3, 27, 38)],
  },
];

createRuleTester().run('require-pool-metrics (postgres.js, slonik, Sequelize, drizzle)', rule, {
  valid: [...valid, ...relinted(invalid)],
  invalid,
});
