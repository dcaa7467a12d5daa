/**
 * `otel/require-pool-metrics` on `pg` (and `pg-pool`): every import style, where the pool is bound (module,
 * export, class member, factory, inline), what counts as already measured, look-alikes, and the fix's
 * exact output.
 */
import type { TestLanguageOptions } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import rule from '../../lib/rules/require-pool-metrics.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';
import { instruments, METER_AND_INSTRUMENTS, PG, registration, relinted, type Invalid, type Valid } from './pool-metrics/expected.js';

const CJS = { sourceType: 'commonjs' } as unknown as TestLanguageOptions;

const missing = (pool: string, line: number, column: number, endColumn: number, library = 'pg Pool') => ({
  messageId: 'missingPoolMetrics' as const,
  data: { library, pool },
  line,
  column,
  endLine: line,
  endColumn,
});

const valid: Valid[] = [
  { name: 'empty file', code: '' },
  { name: 'no pool library', code: `import { Pool } from './pool';\nexport const pool = new Pool();\n` },
  {
    name: 'already measured: an observable callback reads the pool',
    code: `import { metrics } from '@opentelemetry/api';
import { Pool } from 'pg';

const meter = metrics.getMeter('orders');
export const pool = new Pool();
meter.createObservableGauge('orders.pool.idle').addCallback((result) => result.observe(pool.idleCount));
`,
  },
  {
    name: 'already measured: a batch callback reads the class member',
    code: `import { metrics } from '@opentelemetry/api';
import { Pool } from 'pg';

const meter = metrics.getMeter('orders');
const idle = meter.createObservableGauge('idle');
export class Db {
  private readonly pool: Pool;
  constructor() {
    this.pool = new Pool();
    meter.addBatchObservableCallback((result) => result.observe(idle, this.pool.idleCount), [idle]);
  }
}
`,
  },
  {
    name: 'already measured: a prom-client gauge collect() reads the pool',
    code: `import { Gauge } from 'prom-client';
import { Pool } from 'pg';

export const pool = new Pool();
new Gauge({
  name: 'pg_pool_total',
  help: 'connections',
  collect() {
    this.set(pool.totalCount);
  },
});
`,
  },
  {
    name: 'already measured: a configured helper receives the pool',
    settings: { otel: { tracerName: TRACER_NAME, poolMetricsHelpers: ['registerPoolMetrics'] } },
    code: `import { Pool } from 'pg';
import { registerPoolMetrics } from './telemetry';

export const pool = new Pool();
registerPoolMetrics(pool, { name: 'main' });
`,
  },
  {
    name: 'already measured: a dotted helper receives the pool created inline',
    settings: { otel: { tracerName: TRACER_NAME, poolMetricsHelpers: ['telemetry.watchPool'] } },
    code: `import { Pool } from 'pg';
import * as telemetry from './telemetry';

export const db = telemetry.watchPool(new Pool());
`,
  },
  {
    name: 'already measured: settings.otel.pgPoolInstrumentation says instrumentation-pg is active',
    settings: { otel: { tracerName: TRACER_NAME, pgPoolInstrumentation: true } },
    code: `import { Pool } from 'pg';\nexport const pool = new Pool();\n`,
  },
  {
    name: 'look-alikes: undici Pool, another library createPool, worker_threads, a local Pool class',
    code: `import { Pool as HttpPool } from 'undici';
import { createPool } from 'some-pool';
import { Worker } from 'worker_threads';

class Pool {}
export const http = new HttpPool('http://localhost');
export const local = new Pool();
export const other = createPool();
export const worker = new Worker('./task.js');
`,
  },
  {
    name: 'a pool that is only passed through is not created here',
    code: `import type { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';

export function makeDb(pool: Pool) {
  return drizzle(pool);
}
`,
  },
  {
    name: 'a shadowed Pool is not pg',
    code: `import { Pool } from 'pg';

export function make(Pool: new () => object) {
  return new Pool();
}
`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'named import, exported pool: meter and instruments after the imports, the registration after the pool',
    code: `import { Pool } from 'pg';

export const pool = new Pool({ max: 20 });
`,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('${TRACER_NAME}');
const dbClientConnectionCount = meter.createObservableUpDownCounter('db.client.connection.count', {
  description: 'Connections in the pool, by state (idle, used)',
  unit: '{connection}',
});
const dbClientConnectionPendingRequests = meter.createObservableUpDownCounter('db.client.connection.pending_requests', {
  description: 'Requests waiting for a connection',
  unit: '{request}',
});
const dbClientConnectionMax = meter.createObservableUpDownCounter('db.client.connection.max', {
  description: 'Connections the pool may open at most',
  unit: '{connection}',
});

export const pool = new Pool({ max: 20 });
meter.addBatchObservableCallback(
  (result) => {
    const attributes = { 'db.client.connection.pool.name': 'pool' };
    result.observe(dbClientConnectionCount, pool.idleCount, { ...attributes, 'db.client.connection.state': 'idle' });
    result.observe(dbClientConnectionCount, pool.totalCount - pool.idleCount, { ...attributes, 'db.client.connection.state': 'used' });
    result.observe(dbClientConnectionPendingRequests, pool.waitingCount, attributes);
    result.observe(dbClientConnectionMax, pool.options.max ?? 10, attributes);
  },
  [dbClientConnectionCount, dbClientConnectionPendingRequests, dbClientConnectionMax],
);
`,
    errors: [missing('`pool`', 3, 25, 29)],
  },
  {
    name: 'default import (pg.Pool), an existing meter is reused, a trailing comment stays on its line',
    code: `import pg from 'pg';
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('orders');

export const pool = new pg.Pool({ max: 5 }); // primary
`,
    output: `import pg from 'pg';
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('orders');
${instruments()}

export const pool = new pg.Pool({ max: 5 }); // primary
${registration('pool', PG('pool'))}
`,
    errors: [missing('`pool`', 6, 25, 32)],
  },
  {
    name: 'existing instruments are reused',
    code: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('orders');
${instruments()}

export const replica = new Pool();
`,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('orders');
${instruments()}

export const replica = new Pool();
${registration('replica', PG('replica'))}
`,
    errors: [missing('`replica`', 18, 28, 32)],
  },
  {
    name: 'namespace import and an aliased named import',
    code: `import * as pg from 'pg';
import { Pool as PgPool } from 'pg';

const a = new pg.Pool();
const b = new PgPool();
export { a, b };
`,
    output: [
      `import * as pg from 'pg';
import { Pool as PgPool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

const a = new pg.Pool();
${registration('a', PG('a'))}
const b = new PgPool();
export { a, b };
`,
      `import * as pg from 'pg';
import { Pool as PgPool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

const a = new pg.Pool();
${registration('a', PG('a'))}
const b = new PgPool();
${registration('b', PG('b'))}
export { a, b };
`,
    ],
    errors: [missing('`a`', 4, 15, 22), missing('`b`', 5, 15, 21)],
  },
  {
    name: 'CommonJS require with the limit metric renamed by the option',
    filename: 'db.cjs',
    languageOptions: CJS,
    options: [{ limitMetric: 'db.client.connection.limit' }],
    code: `'use strict';
const { Pool } = require('pg');

const pool = new Pool();
module.exports = pool;
`,
    output: `'use strict';
const { Pool } = require('pg');
const { metrics } = require('@opentelemetry/api');

const meter = metrics.getMeter('${TRACER_NAME}');
${instruments('meter', 'limit')}

const pool = new Pool();
${registration('pool', PG('pool'), { limit: 'dbClientConnectionLimit' })}
module.exports = pool;
`,
    errors: [missing('`pool`', 4, 18, 22)],
  },
  {
    name: 'pg-pool directly',
    code: `import Pool from 'pg-pool';

export const pool = new Pool();
`,
    output: `import Pool from 'pg-pool';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = new Pool();
${registration('pool', PG('pool'))}
`,
    errors: [missing('`pool`', 3, 25, 29, 'pg-pool Pool')],
  },
  {
    name: 'a class member assigned in the constructor; a parameter named meter gets a fresh module name',
    code: `import { Pool } from 'pg';

export class Db {
  private readonly pool: Pool;
  constructor(meter: string) {
    this.pool = new Pool({ application_name: meter });
  }
}
`,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

const meter2 = metrics.getMeter('${TRACER_NAME}');
${instruments('meter2')}

export class Db {
  private readonly pool: Pool;
  constructor(meter: string) {
    this.pool = new Pool({ application_name: meter });
    ${registration('pool', PG('this.pool'), { indent: '    ', meter: 'meter2' })}
  }
}
`,
    errors: [missing('`this.pool`', 6, 21, 25)],
  },
  {
    name: 'a factory function: registered before it returns',
    code: `import { Pool } from 'pg';

export function createPool(url: string) {
  const pool = new Pool({ connectionString: url });
  return pool;
}
`,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export function createPool(url: string) {
  const pool = new Pool({ connectionString: url });
  ${registration('pool', PG('pool'), { indent: '  ' })}
  return pool;
}
`,
    errors: [missing('`pool`', 4, 20, 24)],
  },
  {
    name: 'a pool created inline: a suggestion binds it first',
    code: `import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';

export const db = drizzle(new Pool({ max: 4 }));
`,
    output: null,
    errors: [
      {
        ...missing('created inline', 4, 31, 35),
        suggestions: [
          {
            messageId: 'bindAndRegisterPoolMetrics',
            output: `import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

const pool = new Pool({ max: 4 });
${registration('pool', PG('pool'))}
export const db = drizzle(pool);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'returned inline from a factory: a suggestion binds it (a local `pool` is taken)',
    code: `import { Pool } from 'pg';

export function createPool(pool: string) {
  return new Pool({ connectionString: pool });
}
`,
    output: null,
    errors: [
      {
        ...missing('created inline', 4, 14, 18),
        suggestions: [
          {
            messageId: 'bindAndRegisterPoolMetrics',
            output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export function createPool(pool: string) {
  const pool2 = new Pool({ connectionString: pool });
  ${registration('pool2', PG('pool2'), { indent: '  ' })}
  return pool2;
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a class field in a base class without a constructor: a constructor registers it',
    code: `import { Pool } from 'pg';

export class Db {
  readonly pool = new Pool();
}
`,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export class Db {
  readonly pool = new Pool();

  constructor() {
    ${registration('pool', PG('this.pool'), { indent: '    ' })}
  }
}
`,
    errors: [missing('`this.pool`', 4, 23, 27)],
  },
  {
    name: 'a class field: registered at the start of the existing constructor (fields are initialised by then)',
    code: `import { Pool } from 'pg';

export class Db {
  private pool = new Pool();
  constructor(private readonly name: string) {
    console.log(name);
  }
}
`,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export class Db {
  private pool = new Pool();
  constructor(private readonly name: string) {
    ${registration('pool', PG('this.pool'), { indent: '    ' })}
    console.log(name);
  }
}
`,
    errors: [missing('`this.pool`', 4, 22, 26)],
  },
  {
    name: 'a class field of a derived class: registered after super()',
    code: `import { Pool } from 'pg';
import { Base } from './base';

export class Db extends Base {
  pool = new Pool();
  constructor() {
    super();
  }
}
`,
    output: `import { Pool } from 'pg';
import { Base } from './base';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export class Db extends Base {
  pool = new Pool();
  constructor() {
    super();
    ${registration('pool', PG('this.pool'), { indent: '    ' })}
  }
}
`,
    errors: [missing('`this.pool`', 5, 14, 18)],
  },
  {
    name: 'a class field of a derived class without a constructor: reported without a fix',
    code: `import { Pool } from 'pg';
import { Base } from './base';

export class Db extends Base {
  pool = new Pool();
}
`,
    output: null,
    errors: [missing('`this.pool`', 5, 14, 18)],
  },
  {
    name: 'pool counts logged on an event are not a metric',
    code: `import { Pool } from 'pg';

const pool = new Pool();
pool.on('connect', () => console.log('pool size', pool.totalCount));
`,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

const pool = new Pool();
${registration('pool', PG('pool'))}
pool.on('connect', () => console.log('pool size', pool.totalCount));
`,
    errors: [{ ...missing('`pool`', 3, 18, 22), messageId: 'loggedNotMeasured' }],
  },
  {
    name: 'a helper that is not configured does not count',
    code: `import { Pool } from 'pg';
import { registerPoolMetrics } from './telemetry';

export const pool = new Pool();
registerPoolMetrics(pool);
`,
    output: `import { Pool } from 'pg';
import { registerPoolMetrics } from './telemetry';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = new Pool();
${registration('pool', PG('pool'))}
registerPoolMetrics(pool);
`,
    errors: [missing('`pool`', 4, 25, 29)],
  },
  {
    name: 'pgPoolInstrumentation: false overrides package.json; double quotes and tabs follow the file',
    settings: { otel: { tracerName: TRACER_NAME, pgPoolInstrumentation: false } },
    code: `import { Pool } from "pg";

export function open() {
\tconst pool = new Pool();
\treturn pool;
}
`,
    output: `import { Pool } from "pg";
import { metrics } from "@opentelemetry/api";

${METER_AND_INSTRUMENTS.replaceAll("'", '"').replaceAll('\n  ', '\n\t')}

export function open() {
\tconst pool = new Pool();
\t${registration('pool', PG('pool'), { indent: '\t', unit: '\t' }).replaceAll("'", '"')}
\treturn pool;
}
`,
    errors: [missing('`pool`', 4, 19, 23)],
  },
  {
    name: 'a pool declared before the existing meter: no autofix (the callback would run before the meter exists)',
    code: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

export const pool = new Pool();
const meter = metrics.getMeter('orders');
export { meter };
`,
    output: null,
    errors: [missing('`pool`', 4, 25, 29)],
  },
];

createRuleTester().run('require-pool-metrics (pg)', rule, {
  valid: [...valid, ...relinted(invalid)],
  invalid,
});

describe('require-pool-metrics options are validated', () => {
  const lint = (options: unknown): void => {
    new Linter().verify(
      "import { Pool } from 'pg';\nnew Pool();\n",
      [{ plugins: { otel: plugin as never }, rules: { 'otel/require-pool-metrics': ['warn', options] } }],
      'db.js',
    );
  };
  it('names the allowed limit metrics', () => {
    expect(() => lint({ limitMetric: 'db.client.connections.max' })).toThrow(/db\.client\.connection\.max.*db\.client\.connection\.limit|allowed values/);
  });
  it('names the allowed exporters', () => {
    expect(() => lint({ exporter: 'statsd' })).toThrow(/auto|otel|prom-client|allowed values/);
  });
  it('rejects unknown keys', () => {
    expect(() => lint({ metrics: true })).toThrow(/additional properties/i);
  });
});
