import type { ExportPath, Invocation } from './types.js';

/**
 * Database connection pools: which export creates one, and how to read its saturation from the pool object
 * (verified facts: `P2-FACTS.md`, "DB connection-pool metrics"). Expressions are templates: `{pool}` is the
 * expression that holds the pool (`pool`, `this.pool`), `{view}` the untyped view of it declared by `view`.
 */

export interface PoolReading {
  /** Connections idle in the pool. */
  readonly idle: string;
  /** Connections handed out (checked out, in use). */
  readonly used: string;
  /** Requests waiting for a connection. */
  readonly pending: string;
  /**
   * The pool's limit. `{config:connectionLimit=10}` reads a property of the creating call's object-literal
   * config (literal numbers only; the default when the property is absent); where that is unknowable the
   * limit is left out.
   */
  readonly max: string;
}

/**
 * One local read of the pool per callback (`const stats = sql.stats`). Counters that only exist untyped
 * (JS-private fields, `any`) get a `type`: the view is then asserted in TypeScript files (`as unknown as {…}`,
 * so no `any` leaks) and JSDoc-typed in checked JavaScript files.
 */
export interface PoolView {
  /** What is viewed: `{pool}`, a member of it or a call (`{pool}.state()`). */
  readonly of: string;
  /** The TypeScript type of an untyped view (also used in JSDoc); none for a typed one. */
  readonly type?: string;
  /**
   * The view may be absent or of another shape (knex given an external `connectionPool`): a test of
   * `{view}` that holds when it cannot be read; the callback then observes nothing.
   */
  readonly absent?: string;
}

/**
 * Where the time a request waited for a connection comes from without wrapping the user's calls:
 * tarn's `acquireRequest`/`acquireSuccess` events (keyed by event id) on `of`, or Sequelize's
 * `beforePoolAcquire`/`afterPoolAcquire` hooks (the same options object).
 */
export type WaitTimeSource =
  | { readonly kind: 'tarn-events'; readonly of: string }
  | { readonly kind: 'sequelize-hooks' }
  /** MongoDB's CMAP events also carry the wait (`durationMS`); see `PoolAccess.counts`. */
  | { readonly kind: 'cmap-events' };

/** How the fix reads a pool. */
export interface PoolAccess {
  readonly view?: PoolView;
  readonly reading: PoolReading;
  readonly instrumentation?: 'pg';
  readonly waitTime?: WaitTimeSource;
  /**
   * The pool keeps no public counters: they are kept from its events in a module object (`{counts}` in the
   * reading: `open`, `used`, `pending`). MongoDB's connection-pool (CMAP) events on the client.
   */
  readonly counts?: 'cmap-events';
}

export interface PoolLibrary {
  /** Stable id (tests, docs). */
  readonly id: string;
  /** What a message calls it. */
  readonly label: string;
  readonly modules: readonly string[];
  readonly createdBy: readonly { readonly path: ExportPath; readonly invoke: Invocation }[];
  /** The creating call returns a promise of the pool (`await createPool(…)`). */
  readonly async?: boolean;
  readonly view?: PoolView;
  /**
   * Per value of a property of the creating call's first (object-literal) argument, how to read the pool
   * (TypeORM's `type: 'postgres' | 'mysql'`); a value not listed (or not a literal) gets no fix.
   */
  readonly variants?: { readonly property: string; readonly cases: Readonly<Record<string, PoolAccess>> };
  /**
   * Only calls whose arguments say the library builds its own pool count (`drizzle(url)` builds a pg.Pool;
   * `drizzle(pool)` is given yours, which is measured where you create it).
   */
  readonly onlyWhen?: 'url-or-connection';
  /** A config property (in any object-literal argument) whose pools the fix cannot read: reported, no fix. */
  readonly unsupportedConfig?: string;
  /** Unused where `variants` decide. */
  readonly reading: PoolReading;
  readonly waitTime?: WaitTimeSource;
  readonly counts?: 'cmap-events';
  /** Members whose reading counts as reading the pool's figures (for "logged, not measured"). */
  readonly accessors: readonly string[];
  /** An OpenTelemetry instrumentation that emits this pool's metrics itself (`settings.otel.poolInstrumentations`). */
  readonly instrumentation?: 'pg';
}

const MYSQL2_VIEW = '{ _allConnections: { length: number }; _freeConnections: { length: number }; _connectionQueue: { length: number }; config: { connectionLimit?: number } }';

const mysql2Reading: PoolReading = {
  idle: '{view}._freeConnections.length',
  used: '{view}._allConnections.length - {view}._freeConnections.length',
  pending: '{view}._connectionQueue.length',
  max: '{view}.config.connectionLimit ?? 10',
};
const MYSQL2_ACCESSORS = ['_allConnections', '_freeConnections', '_connectionQueue'];

export const POOL_LIBRARIES: readonly PoolLibrary[] = [
  {
    id: 'pg',
    label: 'pg Pool',
    modules: ['pg'],
    createdBy: [{ path: ['Pool'], invoke: 'construct' }],
    reading: {
      idle: '{pool}.idleCount',
      used: '{pool}.totalCount - {pool}.idleCount',
      pending: '{pool}.waitingCount',
      max: '{pool}.options.max ?? 10',
    },
    accessors: ['totalCount', 'idleCount', 'waitingCount'],
    instrumentation: 'pg',
  },
  {
    id: 'pg-pool',
    label: 'pg-pool Pool',
    modules: ['pg-pool'],
    createdBy: [{ path: [], invoke: 'construct' }],
    reading: {
      idle: '{pool}.idleCount',
      used: '{pool}.totalCount - {pool}.idleCount',
      pending: '{pool}.waitingCount',
      max: '{pool}.options.max ?? 10',
    },
    accessors: ['totalCount', 'idleCount', 'waitingCount'],
    instrumentation: 'pg',
  },
  {
    id: 'mysql2',
    label: 'mysql2 pool',
    modules: ['mysql2'],
    createdBy: [{ path: ['createPool'], invoke: 'call' }],
    view: { of: '{pool}', type: MYSQL2_VIEW },
    reading: mysql2Reading,
    accessors: MYSQL2_ACCESSORS,
  },
  {
    id: 'mysql2-promise',
    label: 'mysql2/promise pool',
    modules: ['mysql2/promise'],
    createdBy: [{ path: ['createPool'], invoke: 'call' }],
    // The promise pool wraps the core pool (`.pool`, typed) whose counters are untyped.
    view: { of: '{pool}.pool', type: MYSQL2_VIEW },
    reading: mysql2Reading,
    accessors: ['pool'],
  },
  {
    id: 'mariadb',
    label: 'mariadb pool',
    modules: ['mariadb'],
    createdBy: [{ path: ['createPool'], invoke: 'call' }],
    reading: {
      idle: '{pool}.idleConnections()',
      used: '{pool}.activeConnections()',
      pending: '{pool}.taskQueueSize()',
      // The pool object hides its options (a JS-private field): the limit comes from the creating call.
      max: '{config:connectionLimit=10}',
    },
    accessors: ['idleConnections', 'activeConnections', 'totalConnections', 'taskQueueSize'],
  },
  {
    id: 'knex',
    label: 'knex pool',
    modules: ['knex'],
    createdBy: [
      { path: [], invoke: 'call' },
      { path: ['knex'], invoke: 'call' },
    ],
    // `db.client` is `any`; its tarn pool is absent when knex is given an external `connectionPool`.
    view: {
      of: '{pool}.client.pool',
      type: '{ numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number } | undefined',
      absent: "typeof {view}?.numUsed !== 'function'",
    },
    reading: {
      idle: '{view}.numFree()',
      used: '{view}.numUsed()',
      pending: '{view}.numPendingAcquires()',
      max: '{view}.max',
    },
    waitTime: { kind: 'tarn-events', of: '{pool}.client.pool' },
    accessors: ['client'],
  },
  {
    id: 'generic-pool',
    label: 'generic-pool pool',
    modules: ['generic-pool'],
    createdBy: [{ path: ['createPool'], invoke: 'call' }],
    reading: {
      idle: '{pool}.available',
      used: '{pool}.borrowed',
      pending: '{pool}.pending',
      max: '{pool}.max',
    },
    accessors: ['available', 'borrowed', 'pending', 'size'],
  },
  {
    id: 'postgres',
    label: 'postgres.js pool',
    modules: ['postgres'],
    createdBy: [{ path: [], invoke: 'call' }],
    // postgres.js 4.x (`sql.stats`; 3.x has no statistics). With pipelining a busy connection need not be leased.
    view: { of: '{pool}.stats' },
    reading: {
      idle: '{view}.idle',
      used: '{view}.connections - {view}.idle',
      pending: '{view}.waiting',
      max: '{pool}.options.max',
    },
    accessors: ['stats'],
  },
  {
    id: 'slonik',
    label: 'slonik pool',
    modules: ['slonik'],
    createdBy: [{ path: ['createPool'], invoke: 'call' }],
    async: true,
    view: { of: '{pool}.state()' },
    reading: {
      idle: '{view}.idleConnections',
      used: '{view}.acquiredConnections',
      pending: '{view}.waitingClients',
      max: '{pool}.configuration.maximumPoolSize ?? 10',
    },
    accessors: ['state'],
  },
  {
    id: 'sequelize',
    label: 'Sequelize pool',
    modules: ['sequelize'],
    createdBy: [
      { path: ['Sequelize'], invoke: 'construct' },
      { path: [], invoke: 'construct' },
    ],
    // `connectionManager.pool` is untyped: a sequelize-pool Pool (with replication: `{ read, write }`).
    view: {
      of: '{pool}.connectionManager',
      type: '{ pool: { available?: number; using?: number; waiting?: number; maxSize?: number } }',
      absent: "typeof {view}.pool.using !== 'number'",
    },
    reading: {
      idle: '{view}.pool.available ?? 0',
      used: '{view}.pool.using',
      pending: '{view}.pool.waiting ?? 0',
      max: '{view}.pool.maxSize ?? 5',
    },
    waitTime: { kind: 'sequelize-hooks' },
    accessors: ['connectionManager'],
    unsupportedConfig: 'replication',
  },
  {
    id: 'drizzle-node-postgres',
    label: 'drizzle (node-postgres) pool',
    modules: ['drizzle-orm/node-postgres'],
    createdBy: [{ path: ['drizzle'], invoke: 'call' }],
    onlyWhen: 'url-or-connection',
    reading: {
      idle: '{pool}.$client.idleCount',
      used: '{pool}.$client.totalCount - {pool}.$client.idleCount',
      pending: '{pool}.$client.waitingCount',
      max: '{pool}.$client.options.max ?? 10',
    },
    accessors: ['$client'],
    instrumentation: 'pg',
  },
  {
    id: 'drizzle-mysql2',
    label: 'drizzle (mysql2) pool',
    modules: ['drizzle-orm/mysql2'],
    createdBy: [{ path: ['drizzle'], invoke: 'call' }],
    onlyWhen: 'url-or-connection',
    view: { of: '{pool}.$client', type: MYSQL2_VIEW },
    reading: mysql2Reading,
    accessors: ['$client'],
  },
  {
    id: 'typeorm',
    label: 'TypeORM DataSource pool',
    modules: ['typeorm'],
    createdBy: [{ path: ['DataSource'], invoke: 'construct' }],
    // The pool exists once `initialize()` has run: until then the callback observes nothing.
    reading: { idle: '0', used: '0', pending: '0', max: '0' },
    variants: {
      property: 'type',
      cases: {
        // `driver.master` (untyped) is a pg.Pool; with replication, the master's (writes).
        postgres: {
          view: {
            of: '{pool}.driver',
            type: '{ master?: { totalCount: number; idleCount: number; waitingCount: number; options: { max?: number } } }',
            absent: '!{view}.master',
          },
          reading: {
            idle: '{view}.master.idleCount',
            used: '{view}.master.totalCount - {view}.master.idleCount',
            pending: '{view}.master.waitingCount',
            max: '{view}.master.options.max ?? 10',
          },
          instrumentation: 'pg',
        },
        ...Object.fromEntries(
          ['mysql', 'mariadb'].map((type) => [
            type,
            {
              // `driver.pool` (untyped) is a mysql2 core pool; absent with replication (`poolCluster`).
              view: { of: '{pool}.driver', type: `{ pool?: ${MYSQL2_VIEW} }`, absent: '!{view}.pool' },
              reading: {
                idle: '{view}.pool._freeConnections.length',
                used: '{view}.pool._allConnections.length - {view}.pool._freeConnections.length',
                pending: '{view}.pool._connectionQueue.length',
                max: '{view}.pool.config.connectionLimit ?? 10',
              },
            },
          ]),
        ),
      },
    },
    accessors: ['driver'],
  },
  {
    id: 'mongodb',
    label: 'MongoClient connection pool',
    modules: ['mongodb'],
    createdBy: [{ path: ['MongoClient'], invoke: 'construct' }],
    // Counters live on the internal ConnectionPool only: kept from the CMAP events the client relays (summed
    // over the servers of a replica set; the limit is per server).
    counts: 'cmap-events',
    reading: {
      idle: '{counts}.open - {counts}.used',
      used: '{counts}.used',
      pending: '{counts}.pending',
      max: '{pool}.options.maxPoolSize',
    },
    waitTime: { kind: 'cmap-events' },
    accessors: [],
  },
];

/** Every module a pool library is created from (the cheap pre-check). */
export const POOL_MODULES: readonly string[] = [...new Set(POOL_LIBRARIES.flatMap((library) => library.modules))];

/** OpenTelemetry semantic-convention names (copied as strings: the incubating entry point is not for run time). */
export const SEMCONV = {
  count: 'db.client.connection.count',
  state: 'db.client.connection.state',
  poolName: 'db.client.connection.pool.name',
  pending: 'db.client.connection.pending_requests',
  waitTime: 'db.client.connection.wait_time',
  max: 'db.client.connection.max',
  limit: 'db.client.connection.limit',
} as const;

/** Modules of instrumentations that emit pool metrics for `pg.Pool`, with the first version that does. */
export const PG_INSTRUMENTATION = { module: '@opentelemetry/instrumentation-pg', since: [0, 45] as const };
