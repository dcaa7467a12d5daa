/**
 * `otel/require-pool-metrics` on mysql2, mysql2/promise, mariadb, knex and generic-pool: untyped counters read
 * through a typed view in TypeScript (`as unknown as {…}`), a JSDoc view in checked JavaScript and none in
 * plain JavaScript; the mariadb limit from the config literal; knex's query builder left alone.
 */
import type { TestLanguageOptions } from '@typescript-eslint/rule-tester';

import rule from '../../lib/rules/require-pool-metrics.js';
import { createRuleTester } from '../rule-tester.js';
import {
  METER_AND_INSTRUMENTS,
  METER_AND_INSTRUMENTS_WAIT,
  registration,
  relinted,
  TARN_EVENTS_TYPE,
  tarnWaitTime,
  type Invalid,
  type Reading,
  type Valid,
} from './pool-metrics/expected.js';

const CJS = { sourceType: 'commonjs' } as unknown as TestLanguageOptions;

const missing = (library: string, pool: string, line: number, column: number, endColumn: number) => ({
  messageId: 'missingPoolMetrics' as const,
  data: { library, pool },
  line,
  column,
  endLine: line,
  endColumn,
});

const MYSQL2_TYPE =
  '{ _allConnections: { length: number }; _freeConnections: { length: number }; _connectionQueue: { length: number }; config: { connectionLimit?: number } }';
const mysql2 = (view: string): Reading => ({
  prelude: [`const stats = ${view};`],
  idle: 'stats._freeConnections.length',
  used: 'stats._allConnections.length - stats._freeConnections.length',
  pending: 'stats._connectionQueue.length',
  max: 'stats.config.connectionLimit ?? 10',
});
const KNEX_TYPE = '{ numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number } | undefined';
const knex = (view: string): Reading => ({
  prelude: [`const stats = ${view};`, "if (typeof stats?.numUsed !== 'function') return;"],
  idle: 'stats.numFree()',
  used: 'stats.numUsed()',
  pending: 'stats.numPendingAcquires()',
  max: 'stats.max',
});
const mariadb = (pool: string, max: string | undefined): Reading => ({
  idle: `${pool}.idleConnections()`,
  used: `${pool}.activeConnections()`,
  pending: `${pool}.taskQueueSize()`,
  ...(max === undefined ? {} : { max }),
});

const valid: Valid[] = [
  {
    name: 'knex: query-builder calls on an instance are not pool creations; the pool is measured',
    code: `import knex from 'knex';
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('x');
export const db = knex({ client: 'pg' });
meter.createObservableGauge('knex.used').addCallback((result) => result.observe(db.client.pool.numUsed()));
export const users = () => db('users').select();
export const raw = () => db.raw('select 1');
`,
  },
  {
    name: 'mysql2/promise: a prom-client collect reads the pool',
    code: `import mysql from 'mysql2/promise';
import client from 'prom-client';

const pool = mysql.createPool({});
new client.Gauge({ name: 'mysql_pool', help: 'x', collect() { this.set(pool.pool.config.connectionLimit ?? 0); } });
`,
  },
  {
    name: 'createPool of another library',
    code: `import { createPool } from 'generic-pool-lookalike';\nimport { createPool as mk } from 'mysql';\nexport const a = createPool();\nexport const b = mk({});\n`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'mysql2/promise in TypeScript: the promise pool wraps the core pool, whose counters are untyped',
    code: `import mysql from 'mysql2/promise';

export const pool = mysql.createPool({ connectionLimit: 5 });
`,
    output: `import mysql from 'mysql2/promise';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = mysql.createPool({ connectionLimit: 5 });
meter.addBatchObservableCallback(
  (result) => {
    const stats = pool.pool as unknown as ${MYSQL2_TYPE};
    const attributes = { 'db.client.connection.pool.name': 'pool' };
    result.observe(dbClientConnectionCount, stats._freeConnections.length, { ...attributes, 'db.client.connection.state': 'idle' });
    result.observe(dbClientConnectionCount, stats._allConnections.length - stats._freeConnections.length, { ...attributes, 'db.client.connection.state': 'used' });
    result.observe(dbClientConnectionPendingRequests, stats._connectionQueue.length, attributes);
    result.observe(dbClientConnectionMax, stats.config.connectionLimit ?? 10, attributes);
  },
  [dbClientConnectionCount, dbClientConnectionPendingRequests, dbClientConnectionMax],
);
`,
    errors: [missing('mysql2/promise pool', '`pool`', 3, 21, 37)],
  },
  {
    name: 'mysql2 named import in plain JavaScript: no type syntax',
    filename: 'db.js',
    code: `import { createPool } from 'mysql2';

export const pool = createPool({ connectionLimit: 5 });
`,
    output: `import { createPool } from 'mysql2';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = createPool({ connectionLimit: 5 });
${registration('pool', mysql2('pool'))}
`,
    errors: [missing('mysql2 pool', '`pool`', 3, 21, 31)],
  },
  {
    name: 'mysql2 in checked JavaScript: a JSDoc view',
    filename: 'db.js',
    code: `// @ts-check
import mysql from 'mysql2';

export const pool = mysql.createPool({ connectionLimit: 4 });
`,
    output: `// @ts-check
import mysql from 'mysql2';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = mysql.createPool({ connectionLimit: 4 });
${registration('pool', mysql2(`/** @type {${MYSQL2_TYPE}} */ (/** @type {unknown} */ (pool))`))}
`,
    errors: [missing('mysql2 pool', '`pool`', 4, 21, 37)],
  },
  {
    name: 'mysql2 via require in CommonJS',
    filename: 'db.cjs',
    languageOptions: CJS,
    code: `const mysql = require('mysql2');
const pool = mysql.createPool({});
module.exports = { pool };
`,
    output: `const mysql = require('mysql2');
const { metrics } = require('@opentelemetry/api');

${METER_AND_INSTRUMENTS}

const pool = mysql.createPool({});
${registration('pool', mysql2('pool'))}
module.exports = { pool };
`,
    errors: [missing('mysql2 pool', '`pool`', 2, 14, 30)],
  },
  {
    name: 'mariadb: the limit from the config literal',
    code: `import mariadb from 'mariadb';

export const pool = mariadb.createPool({ host: 'db', connectionLimit: 3 });
`,
    output: `import mariadb from 'mariadb';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = mariadb.createPool({ host: 'db', connectionLimit: 3 });
${registration('pool', mariadb('pool', '3'))}
`,
    errors: [missing('mariadb pool', '`pool`', 3, 21, 39)],
  },
  {
    name: 'mariadb: no connectionLimit in the literal is the driver default (10)',
    code: `import * as mariadb from 'mariadb';

export const pool = mariadb.createPool({ host: 'db' });
`,
    output: `import * as mariadb from 'mariadb';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = mariadb.createPool({ host: 'db' });
${registration('pool', mariadb('pool', '10'))}
`,
    errors: [missing('mariadb pool', '`pool`', 3, 21, 39)],
  },
  {
    name: 'mariadb: a config that is not a literal leaves the limit out (the pool hides it)',
    code: `import { createPool } from 'mariadb';
import { config } from './config';

export const pool = createPool(config.db);
`,
    output: `import { createPool } from 'mariadb';
import { config } from './config';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = createPool(config.db);
${registration('pool', mariadb('pool', undefined))}
`,
    errors: [missing('mariadb pool', '`pool`', 4, 21, 31)],
  },
  {
    name: 'knex in TypeScript: `db.client` is any, read through a typed view that may be absent',
    code: `import knex from 'knex';

export const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 8 } });
`,
    output: `import knex from 'knex';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS_WAIT}

export const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 8 } });
${registration('db', knex(`db.client.pool as unknown as ${KNEX_TYPE}`))}
${tarnWaitTime('db', `db.client.pool as unknown as ${TARN_EVENTS_TYPE}`, true)}
`,
    errors: [missing('knex pool', '`db`', 3, 19, 23)],
  },
  {
    name: 'knex named export, in a class; CommonJS require of the default',
    filename: 'db.cjs',
    languageOptions: CJS,
    code: `const createKnex = require('knex');

class Repo {
  constructor(config) {
    this.knex = createKnex(config);
  }
}
module.exports = { Repo };
`,
    output: `const createKnex = require('knex');
const { metrics } = require('@opentelemetry/api');

${METER_AND_INSTRUMENTS_WAIT}

class Repo {
  constructor(config) {
    this.knex = createKnex(config);
    ${registration('knex', knex('this.knex.client.pool'), { indent: '    ' })}
    ${tarnWaitTime('knex', 'this.knex.client.pool', false, '    ')}
  }
}
module.exports = { Repo };
`,
    errors: [missing('knex pool', '`this.knex`', 5, 17, 27)],
  },
  {
    name: 'generic-pool: typed getters',
    code: `import { createPool } from 'generic-pool';

export const workers = createPool({ create: async () => ({}), destroy: async () => {} }, { max: 3 });
`,
    output: `import { createPool } from 'generic-pool';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const workers = createPool({ create: async () => ({}), destroy: async () => {} }, { max: 3 });
${registration('workers', { idle: 'workers.available', used: 'workers.borrowed', pending: 'workers.pending', max: 'workers.max' })}
`,
    errors: [missing('generic-pool pool', '`workers`', 3, 24, 34)],
  },
];

createRuleTester().run('require-pool-metrics (mysql2, mariadb, knex, generic-pool)', rule, {
  valid: [...valid, ...relinted(invalid)],
  invalid,
});
