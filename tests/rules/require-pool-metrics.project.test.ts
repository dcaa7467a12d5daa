/**
 * `otel/require-pool-metrics` decisions read from the file's package.json: `@opentelemetry/instrumentation-pg`
 * ≥ 0.45 measures `pg.Pool` (not knex); prom-client gauges where the project uses prom-client; a suggestion
 * where the OpenTelemetry API is not a dependency.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../lib/rules/require-pool-metrics.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';
import {
  METER_AND_INSTRUMENTS,
  METER_AND_INSTRUMENTS_WAIT,
  PG,
  registration,
  relinted,
  TARN_EVENTS_TYPE,
  tarnWaitTime,
  type Invalid,
  type Valid,
} from './pool-metrics/expected.js';

function project(name: string, dependencies: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `otel-pool-${name}-`));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, dependencies }));
  return path.join(dir, 'src', 'db.ts');
}

const instrumented = project('instrumented', { pg: '^8.23.0', '@opentelemetry/api': '^1.9.0', '@opentelemetry/instrumentation-pg': '^0.76.0' });
const oldInstrumentation = project('old-instr', { pg: '^8.23.0', '@opentelemetry/api': '^1.9.0', '@opentelemetry/instrumentation-pg': '~0.44.1' });
const promOnly = project('prom-only', { pg: '^8.23.0', 'prom-client': '^15.1.3' });
const noApi = project('no-api', { pg: '^8.23.0' });

const missing = (pool: string, line: number, column: number, endColumn: number, library = 'pg Pool') => ({
  messageId: 'missingPoolMetrics' as const,
  data: { library, pool },
  line,
  column,
  endLine: line,
  endColumn,
});

const PG_POOL = `import { Pool } from 'pg';

export const pool = new Pool();
`;

const promGauges = (gauge: string, pool: string, quote = "'"): string =>
  `new ${gauge}({
  name: 'db_client_connection_count',
  help: 'Connections in the pool, by state (idle, used)',
  labelNames: ['db_client_connection_state', 'db_client_connection_pool_name'],
  collect() {
    this.set({ db_client_connection_state: 'idle', db_client_connection_pool_name: '${pool}' }, ${pool}.idleCount);
    this.set({ db_client_connection_state: 'used', db_client_connection_pool_name: '${pool}' }, ${pool}.totalCount - ${pool}.idleCount);
  },
});
new ${gauge}({
  name: 'db_client_connection_pending_requests',
  help: 'Requests waiting for a connection',
  labelNames: ['db_client_connection_pool_name'],
  collect() {
    this.set({ db_client_connection_pool_name: '${pool}' }, ${pool}.waitingCount);
  },
});
new ${gauge}({
  name: 'db_client_connection_max',
  help: 'Connections the pool may open at most',
  labelNames: ['db_client_connection_pool_name'],
  collect() {
    this.set({ db_client_connection_pool_name: '${pool}' }, ${pool}.options.max ?? 10);
  },
});`.replaceAll("'", quote);

const valid: Valid[] = [
  { name: 'instrumentation-pg ≥ 0.45 listed: pg.Pool is measured by it', filename: instrumented, code: PG_POOL },
];

const invalid: Invalid[] = [
  {
    name: 'instrumentation-pg does not measure knex (it pools pg.Client itself)',
    filename: instrumented,
    code: `import knex from 'knex';

export const db = knex({ client: 'pg' });
`,
    output: `import knex from 'knex';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS_WAIT}

export const db = knex({ client: 'pg' });
${registration('db', {
  prelude: [
    'const stats = db.client.pool as unknown as { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number } | undefined;',
    "if (typeof stats?.numUsed !== 'function') return;",
  ],
  idle: 'stats.numFree()',
  used: 'stats.numUsed()',
  pending: 'stats.numPendingAcquires()',
  max: 'stats.max',
})}
${tarnWaitTime('db', `db.client.pool as unknown as ${TARN_EVENTS_TYPE}`, true)}
`,
    errors: [missing('`db`', 3, 19, 23, 'knex pool')],
  },
  {
    name: 'instrumentation-pg older than 0.45 emits no pool metrics',
    filename: oldInstrumentation,
    code: PG_POOL,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = new Pool();
${registration('pool', PG('pool'))}
`,
    errors: [missing('`pool`', 3, 25, 29)],
  },
  {
    name: 'the setting overrides package.json: pgPoolInstrumentation false',
    filename: instrumented,
    settings: { otel: { tracerName: TRACER_NAME, pgPoolInstrumentation: false } },
    code: PG_POOL,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = new Pool();
${registration('pool', PG('pool'))}
`,
    errors: [missing('`pool`', 3, 25, 29)],
  },
  {
    name: 'the project lists prom-client and not the OpenTelemetry API: prom-client gauges',
    filename: promOnly,
    code: PG_POOL,
    output: `import { Pool } from 'pg';
import { Gauge } from 'prom-client';

export const pool = new Pool();
${promGauges('Gauge', 'pool')}
`,
    errors: [missing('`pool`', 3, 25, 29)],
  },
  {
    name: 'the file imports prom-client (default import): its Gauge is used, no second import',
    code: `import client from 'prom-client';
import { Pool } from 'pg';

export const registry = client.register;
export const pool = new Pool();
`,
    output: `import client from 'prom-client';
import { Pool } from 'pg';

export const registry = client.register;
export const pool = new Pool();
${promGauges('client.Gauge', 'pool')}
`,
    errors: [missing('`pool`', 5, 25, 29)],
  },
  {
    name: "exporter: 'otel' even where the file imports prom-client",
    options: [{ exporter: 'otel' }],
    code: `import { Gauge } from 'prom-client';
import { Pool } from 'pg';

export const pool = new Pool();
export { Gauge };
`,
    output: `import { Gauge } from 'prom-client';
import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export const pool = new Pool();
${registration('pool', PG('pool'))}
export { Gauge };
`,
    errors: [missing('`pool`', 4, 25, 29)],
  },
  {
    name: "exporter: 'prom-client' on a pool that is not module-level falls back to OpenTelemetry (a gauge registers once)",
    options: [{ exporter: 'prom-client' }],
    code: `import { Pool } from 'pg';

export function open() {
  const pool = new Pool();
  return pool;
}
`,
    output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

${METER_AND_INSTRUMENTS}

export function open() {
  const pool = new Pool();
  ${registration('pool', PG('pool'), { indent: '  ' })}
  return pool;
}
`,
    errors: [missing('`pool`', 4, 20, 24)],
  },
  {
    name: 'no @opentelemetry/api in package.json: a suggestion, not an autofix',
    filename: noApi,
    // The API check is off by default in rule tests (this repo lists the API as a devDependency): on here.
    settings: { otel: { tracerName: 'test-service', checkApiDependency: true } },
    code: PG_POOL,
    output: null,
    errors: [
      {
        ...missing('`pool`', 3, 25, 29),
        suggestions: [
          {
            messageId: 'registerPoolMetricsAddApi',
            output: `import { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('${TRACER_NAME}');
${METER_AND_INSTRUMENTS.split('\n').slice(1).join('\n')}

export const pool = new Pool();
${registration('pool', PG('pool'))}
`,
          },
        ],
      },
    ],
  },
];

createRuleTester().run('require-pool-metrics (project)', rule, {
  valid: [...valid, ...relinted(invalid)],
  invalid,
});
