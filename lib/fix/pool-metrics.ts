import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { SEMCONV, type PoolAccess, type WaitTimeSource } from '../catalogue/pools.js';
import { findProperty, isFunction, unwrapTS } from '../ast.js';
import type { PoolCreation } from '../detect/pools.js';
import type { OtelSettings } from '../settings.js';
import type { FixBuilder } from './builder.js';
import { ensureInstruments, type InstrumentSpec } from './meter.js';
import { requestImports } from './imports.js';
import { freshName, moduleNames, shadowingNames, visibleNames } from './names.js';
import { insertStatementsAfter, insertStatementsBefore } from './statements.js';
import { indentUnit, lineIndent, quoteOf, stringLiteral, typeSyntax, type TypeSyntax } from './text.js';

/**
 * Registering a pool's saturation metrics right after the statement that creates and binds it: one batch
 * callback on module-level OpenTelemetry observable up-down counters (semantic-convention names), or
 * prom-client gauges whose `collect()` reads the pool. Both read the pool only when metrics are collected.
 */

export type LimitMetric = typeof SEMCONV.max | typeof SEMCONV.limit;
export type Exporter = 'otel' | 'prom-client';

export interface PoolFixOptions {
  readonly limitMetric: LimitMetric;
  readonly exporter: Exporter;
}

/** The expressions that read the pool, with `{pool}`/`{view}` filled in; `max` undefined where unknowable. */
interface Reading {
  readonly prelude: string[];
  readonly idle: string;
  readonly used: string;
  readonly pending: string;
  readonly max: string | undefined;
}

function instrumentSpecs(limitMetric: LimitMetric, waitTime: boolean): InstrumentSpec[] {
  return [
    { metric: SEMCONV.count, variable: 'dbClientConnectionCount', description: 'Connections in the pool, by state (idle, used)', unit: '{connection}' },
    { metric: SEMCONV.pending, variable: 'dbClientConnectionPendingRequests', description: 'Requests waiting for a connection', unit: '{request}' },
    {
      metric: limitMetric,
      variable: limitMetric === SEMCONV.limit ? 'dbClientConnectionLimit' : 'dbClientConnectionMax',
      description: 'Connections the pool may open at most',
      unit: '{connection}',
    },
    ...(waitTime
      ? [{ metric: SEMCONV.waitTime, variable: 'dbClientConnectionWaitTime', description: 'Time it took to obtain a connection from the pool', unit: 's', histogram: true }]
      : []),
  ];
}

/** The limit from the creating call's config literal (`connectionLimit: 20`), the default if absent. */
function configNumber(call: PoolCreation['call'], property: string, fallback: string): string | undefined {
  const config = call.arguments[0] ? unwrapTS(call.arguments[0]) : undefined;
  if (config?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  if (config.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const found = findProperty(config, property);
  if (!found) return fallback;
  const value = unwrapTS(found.value);
  return value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number' ? value.raw : undefined;
}

function reading(access: PoolAccess, creation: PoolCreation, pool: string, syntax: TypeSyntax, viewName: string, counts = ''): Reading {
  const prelude: string[] = [];
  let view = pool;
  if (access.view) {
    const of = access.view.of.replaceAll('{pool}', pool);
    const type = access.view.type ?? '';
    const value =
      access.view.type === undefined || syntax === 'none'
        ? of
        : syntax === 'ts'
          ? `${of} as unknown as ${type}`
          : `/** @type {${type}} */ (/** @type {unknown} */ (${of}))`;
    prelude.push(`const ${viewName} = ${value};`);
    if (access.view.absent) prelude.push(`if (${access.view.absent.replaceAll('{view}', viewName)}) return;`);
    view = viewName;
  }
  const fill = (template: string): string => template.replaceAll('{pool}', pool).replaceAll('{view}', view).replaceAll('{counts}', counts);
  const configMatch = /^\{config:(\w+)=(\d+)\}$/.exec(access.reading.max);
  const max = configMatch ? configNumber(creation.call, configMatch[1]!, configMatch[2]!) : fill(access.reading.max);
  return { prelude, idle: fill(access.reading.idle), used: fill(access.reading.used), pending: fill(access.reading.pending), max };
}

/** The statements that register the metrics, as lines relative to the statement's indentation. */
function otelLines(
  builder: FixBuilder,
  creation: PoolCreation,
  pool: string,
  poolName: string,
  instruments: { meter: string; names: ReadonlyMap<string, string> },
  limitMetric: LimitMetric,
  syntax: TypeSyntax,
  counts = '',
): string[] {
  const sourceCode = builder.sourceCode;
  const q = quoteOf(sourceCode);
  const unit = indentUnit(sourceCode);
  const root = /^[\w$]+/.exec(pool)?.[0] ?? 'this';
  const used = new Set([root, counts, instruments.meter, ...instruments.names.values()]);
  const local = (base: string): string => {
    const name = freshName(base, used);
    used.add(name);
    return name;
  };
  const result = local('result');
  const attributes = local('attributes');
  const viewName = local('stats');
  const read = reading(creation.access!, creation, pool, syntax, viewName, counts);
  const count = instruments.names.get(SEMCONV.count)!;
  const pending = instruments.names.get(SEMCONV.pending)!;
  const max = instruments.names.get(limitMetric)!;
  const key = (name: string): string => stringLiteral(name, q);
  const body = [
    ...read.prelude,
    `const ${attributes} = { ${key(SEMCONV.poolName)}: ${stringLiteral(poolName, q)} };`,
    `${result}.observe(${count}, ${read.idle}, { ...${attributes}, ${key(SEMCONV.state)}: ${key('idle')} });`,
    `${result}.observe(${count}, ${read.used}, { ...${attributes}, ${key(SEMCONV.state)}: ${key('used')} });`,
    `${result}.observe(${pending}, ${read.pending}, ${attributes});`,
    ...(read.max === undefined ? [] : [`${result}.observe(${max}, ${read.max}, ${attributes});`]),
  ];
  const observed = read.max === undefined ? [count, pending] : [count, pending, max];
  return [
    `${instruments.meter}.addBatchObservableCallback(`,
    `${unit}(${result}) => {`,
    ...body.map((line) => `${unit}${unit}${line}`),
    `${unit}},`,
    `${unit}[${observed.join(', ')}],`,
    ');',
  ];
}

/**
 * Recording how long each acquire waited, from events or hooks the library gives (no wrapping of the user's
 * calls): the start per request in a map, the histogram in seconds at success.
 */
function waitTimeLines(
  builder: FixBuilder,
  source: Exclude<WaitTimeSource, { kind: 'cmap-events' }>,
  pool: string,
  poolName: string,
  histogram: string,
  syntax: TypeSyntax,
  taken: { has(name: string): boolean },
): string[] {
  const q = quoteOf(builder.sourceCode);
  const unit = indentUnit(builder.sourceCode);
  const starts = freshName('acquireStarts', taken);
  const attributes = `{ ${stringLiteral(SEMCONV.poolName, q)}: ${stringLiteral(poolName, q)} }`;
  const seconds = (start: string): string => `${histogram}.record((performance.now() - ${start}) / 1000, ${attributes});`;
  if (source.kind === 'sequelize-hooks') {
    return [
      `const ${starts} = new WeakMap${syntax === 'ts' ? '<object, number>' : ''}();`,
      `${pool}.addHook(${stringLiteral('beforePoolAcquire', q)}, (options) => {`,
      `${unit}${starts}.set(options, performance.now());`,
      '});',
      `${pool}.addHook(${stringLiteral('afterPoolAcquire', q)}, (_connection, options) => {`,
      `${unit}const start = ${starts}.get(options);`,
      `${unit}if (start !== undefined) ${seconds('start')}`,
      '});',
    ];
  }
  const events = freshName('acquireEvents', taken, { has: (name: string) => name === starts });
  const type = "{ on(event: 'acquireRequest' | 'acquireSuccess' | 'acquireFail', listener: (eventId: number) => void): void } | undefined";
  const of = source.of.replaceAll('{pool}', pool);
  const view =
    syntax === 'ts' ? `${of} as unknown as ${type}` : syntax === 'jsdoc' ? `/** @type {${type}} */ (/** @type {unknown} */ (${of}))` : of;
  return [
    `const ${starts} = new Map${syntax === 'ts' ? '<number, number>' : ''}();`,
    `const ${events} = ${view};`,
    `${events}?.on(${stringLiteral('acquireRequest', q)}, (eventId) => {`,
    `${unit}${starts}.set(eventId, performance.now());`,
    '});',
    `${events}?.on(${stringLiteral('acquireSuccess', q)}, (eventId) => {`,
    `${unit}const start = ${starts}.get(eventId);`,
    `${unit}${starts}.delete(eventId);`,
    `${unit}if (start !== undefined) ${seconds('start')}`,
    '});',
    `${events}?.on(${stringLiteral('acquireFail', q)}, (eventId) => {`,
    `${unit}${starts}.delete(eventId);`,
    '});',
  ];
}

/**
 * MongoDB keeps its pool counters internal: count them from the CMAP events the client relays (and record
 * each checkout's wait from `durationMS`).
 */
function cmapLines(builder: FixBuilder, pool: string, poolName: string, counts: string, histogram: string | undefined): string[] {
  const q = quoteOf(builder.sourceCode);
  const unit = indentUnit(builder.sourceCode);
  const on = (event: string, body: string[], parameter = ''): string[] => [
    `${pool}.on(${stringLiteral(event, q)}, (${parameter}) => {`,
    ...body.map((line) => `${unit}${line}`),
    '});',
  ];
  const record = histogram
    ? [`${histogram}.record(event.durationMS / 1000, { ${stringLiteral(SEMCONV.poolName, q)}: ${stringLiteral(poolName, q)} });`]
    : [];
  return [
    `const ${counts} = { open: 0, used: 0, pending: 0 };`,
    ...on('connectionCreated', [`${counts}.open += 1;`]),
    ...on('connectionClosed', [`${counts}.open -= 1;`]),
    ...on('connectionCheckOutStarted', [`${counts}.pending += 1;`]),
    ...on('connectionCheckOutFailed', [`${counts}.pending -= 1;`, ...record], histogram ? 'event' : ''),
    ...on('connectionCheckedOut', [`${counts}.pending -= 1;`, `${counts}.used += 1;`, ...record], histogram ? 'event' : ''),
    ...on('connectionCheckedIn', [`${counts}.used -= 1;`]),
  ];
}

/** Names declared in the scope of `node` (a later `const` there would clash with one of ours). */
function declaredAfter(sourceCode: FixBuilder['sourceCode'], node: TSESTree.Node): Set<string> {
  return new Set(sourceCode.getScope(node).set.keys());
}

/** `client.Gauge` where the file has `import client from 'prom-client'` (no second import of the module). */
function promClientNamespace(sourceCode: FixBuilder['sourceCode']): string | undefined {
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.source.value !== 'prom-client' || statement.importKind === 'type') continue;
    const named = statement.specifiers.find((s) => s.type === AST_NODE_TYPES.ImportSpecifier && s.local.name === 'Gauge');
    if (named) return undefined;
    const whole = statement.specifiers.find((s) => s.type !== AST_NODE_TYPES.ImportSpecifier);
    if (whole) return `${whole.local.name}.Gauge`;
  }
  return undefined;
}

/** prom-client gauges (module-level pools only: a gauge name registers once per registry). */
function promLines(builder: FixBuilder, filename: string, creation: PoolCreation, pool: string, poolName: string, limitMetric: LimitMetric, syntax: TypeSyntax): string[] {
  const sourceCode = builder.sourceCode;
  const q = quoteOf(sourceCode);
  const unit = indentUnit(sourceCode);
  const Gauge = promClientNamespace(builder.sourceCode) ?? requestImports(builder, filename, 'prom-client', ['Gauge']).Gauge!;
  const viewName = freshName('stats', new Set([pool]));
  const read = reading(creation.access!, creation, pool, syntax, viewName);
  const label = (name: string): string => name.replaceAll('.', '_');
  const poolLabel = `${label(SEMCONV.poolName)}: ${stringLiteral(poolName, q)}`;
  const gauge = (metric: string, help: string, labels: string[], sets: string[]): string[] => [
    `new ${Gauge}({`,
    `${unit}name: ${stringLiteral(label(metric), q)},`,
    `${unit}help: ${stringLiteral(help, q)},`,
    `${unit}labelNames: [${labels.map((l) => stringLiteral(l, q)).join(', ')}],`,
    `${unit}collect() {`,
    ...[...read.prelude, ...sets].map((line) => `${unit}${unit}${line}`),
    `${unit}},`,
    '});',
  ];
  const lines = [
    ...gauge(SEMCONV.count, 'Connections in the pool, by state (idle, used)', [label(SEMCONV.state), label(SEMCONV.poolName)], [
      `this.set({ ${label(SEMCONV.state)}: ${stringLiteral('idle', q)}, ${poolLabel} }, ${read.idle});`,
      `this.set({ ${label(SEMCONV.state)}: ${stringLiteral('used', q)}, ${poolLabel} }, ${read.used});`,
    ]),
    ...gauge(SEMCONV.pending, 'Requests waiting for a connection', [label(SEMCONV.poolName)], [`this.set({ ${poolLabel} }, ${read.pending});`]),
  ];
  if (read.max !== undefined) {
    lines.push(...gauge(limitMetric, 'Connections the pool may open at most', [label(SEMCONV.poolName)], [`this.set({ ${poolLabel} }, ${read.max});`]));
  }
  return lines;
}

/** Whether the prom-client form applies to this pool: bound to a module-level variable. */
export function promClientApplies(creation: PoolCreation): boolean {
  return creation.binding.kind === 'variable' && creation.binding.statement.parent?.type === AST_NODE_TYPES.Program;
}

/** The top-level statement `node` belongs to, when it runs at module load (not inside a function). */
function loadTimeStatement(node: TSESTree.Node): TSESTree.Node | undefined {
  let current: TSESTree.Node = node;
  while (current.parent && current.parent.type !== AST_NODE_TYPES.Program) {
    if (isFunction(current.parent) || current.parent.type === AST_NODE_TYPES.ClassBody) return undefined;
    current = current.parent;
  }
  return current;
}

/**
 * Plan the fix for a bound pool (`extract` false) or, for a pool created inline, bind it to a new `const`
 * first (`extract` true, a suggestion: the pool is then created one statement earlier). Returns false when
 * no safe edit exists.
 */
export function applyPoolMetrics(
  builder: FixBuilder,
  filename: string,
  settings: OtelSettings,
  creation: PoolCreation,
  options: PoolFixOptions,
): boolean {
  const sourceCode = builder.sourceCode;
  const syntax = typeSyntax(sourceCode, filename);
  const binding = creation.binding;
  let pool = creation.expression;
  let poolName: string;
  let anchor: TSESTree.Node;
  let extracted: string | undefined;
  let fieldPlacement: ConstructorPlacement | undefined;
  if (binding.kind === 'variable' || binding.kind === 'member') {
    anchor = binding.statement;
    poolName = binding.name;
  } else if (binding.kind === 'field') {
    // A class field: registered in the constructor (field initialisers have run by then: at its start in a
    // base class, after `super(…)` in a derived one), or in a new constructor of a base class.
    const place = constructorPlacement(binding.classNode);
    if (!place) return false;
    anchor = place.scopeNode;
    poolName = binding.name;
    fieldPlacement = place;
  } else if (binding.kind === 'none') {
    if (creation.library.async) return false;
    extracted = freshName('pool', visibleNames(sourceCode, creation.call), moduleNames(sourceCode));
    pool = extracted;
    poolName = extracted;
    anchor = creation.call;
  } else {
    return false;
  }
  if (!pool || creation.unsupported || !creation.access) return false;

  let lines: string[];
  if (options.exporter === 'prom-client' && binding.kind === 'variable' && promClientApplies(creation)) {
    lines = promLines(builder, filename, creation, pool, poolName, options.limitMetric, syntax);
  } else {
    const avoid = shadowingNames(sourceCode, anchor);
    const waitTime = creation.access.waitTime;
    const instruments = ensureInstruments(builder, filename, settings, instrumentSpecs(options.limitMetric, waitTime !== undefined), avoid);
    if (!instruments) return false;
    // Code that runs at load time must come after the instruments' declarations.
    const loadTime = loadTimeStatement(anchor);
    if (loadTime && loadTime.range[0] < instruments.readyAt) return false;
    const taken = {
      has: (name: string) => visibleNames(sourceCode, anchor).has(name) || moduleNames(sourceCode).has(name) || declaredAfter(sourceCode, anchor).has(name),
    };
    const histogram = instruments.names.get(SEMCONV.waitTime);
    if (creation.access.counts === 'cmap-events') {
      const counts = freshName(`${poolName}Connections`, taken);
      lines = [
        ...cmapLines(builder, pool, poolName, counts, histogram),
        ...otelLines(builder, creation, pool, poolName, instruments, options.limitMetric, syntax, counts),
      ];
    } else {
      lines = otelLines(builder, creation, pool, poolName, instruments, options.limitMetric, syntax);
      if (waitTime && waitTime.kind !== 'cmap-events') {
        lines.push(...waitTimeLines(builder, waitTime, pool, poolName, histogram!, syntax, taken));
      }
    }
  }

  if (fieldPlacement) return fieldPlacement.insert(builder, lines);
  const indent = lineIndent(sourceCode, extracted ? statementOf(anchor) ?? anchor : anchor);
  const statement = lines.join(`\n${indent}`);
  if (extracted) {
    const declaration = `const ${extracted} = ${sourceCode.getText(creation.call)};`;
    const target = statementOf(anchor);
    if (target && isInBlock(target)) {
      builder.insertBefore(target, `${declaration}\n${indent}${statement}\n${indent}`);
    } else if (!insertStatementsBefore(builder, creation.call, [declaration, statement])) {
      return false;
    }
    builder.replace(creation.call, extracted);
    return true;
  }
  return insertStatementsAfter(builder, anchor, [statement]);
}

interface ConstructorPlacement {
  /** A node in the scope the registration runs in (for names it must not shadow). */
  readonly scopeNode: TSESTree.Node;
  insert(builder: FixBuilder, lines: readonly string[]): boolean;
}

function constructorPlacement(classNode: TSESTree.Node): ConstructorPlacement | undefined {
  if (classNode.type !== AST_NODE_TYPES.ClassDeclaration && classNode.type !== AST_NODE_TYPES.ClassExpression) return undefined;
  const derived = classNode.superClass !== null;
  const constructor = classNode.body.body.find(
    (member): member is TSESTree.MethodDefinition => member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor',
  );
  const body = constructor?.value.body;
  if (constructor && body) {
    const superCall = body.body.find(
      (statement) =>
        statement.type === AST_NODE_TYPES.ExpressionStatement &&
        statement.expression.type === AST_NODE_TYPES.CallExpression &&
        statement.expression.callee.type === AST_NODE_TYPES.Super,
    );
    if (derived && !superCall) return undefined;
    return {
      scopeNode: body.body[0] ?? body,
      insert(builder, lines) {
        const sourceCode = builder.sourceCode;
        const unit = indentUnit(sourceCode);
        if (superCall) return insertStatementsAfter(builder, superCall, [lines.join(`\n${lineIndent(sourceCode, superCall)}`)]);
        const first = body.body[0];
        if (first) {
          const indent = lineIndent(sourceCode, first);
          builder.insertBefore(first, `${lines.join(`\n${indent}`)}\n${indent}`);
          return true;
        }
        const indent = lineIndent(sourceCode, constructor);
        const inner = indent + unit;
        builder.replace(body, `{\n${inner}${lines.join(`\n${inner}`)}\n${indent}}`);
        return true;
      },
    };
  }
  if (constructor || derived) return undefined;
  // A base class without a constructor: add one after the last field.
  const fields = classNode.body.body.filter((member) => member.type === AST_NODE_TYPES.PropertyDefinition && !member.static);
  const after = fields.at(-1);
  if (!after) return undefined;
  return {
    scopeNode: classNode.body,
    insert(builder, lines) {
      const sourceCode = builder.sourceCode;
      const indent = lineIndent(sourceCode, after);
      const inner = indent + indentUnit(sourceCode);
      builder.insertAfter(after, `\n\n${indent}constructor() {\n${inner}${lines.join(`\n${inner}`)}\n${indent}}`);
      return true;
    },
  };
}

function isInBlock(node: TSESTree.Node): boolean {
  return node.parent?.type === AST_NODE_TYPES.BlockStatement || node.parent?.type === AST_NODE_TYPES.Program;
}

function statementOf(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    if (current.parent?.type === AST_NODE_TYPES.BlockStatement || current.parent?.type === AST_NODE_TYPES.Program) return current;
    if (isFunction(current.parent)) return undefined;
  }
  return undefined;
}
