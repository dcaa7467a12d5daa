import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { PG_INSTRUMENTATION, POOL_LIBRARIES, POOL_MODULES, type PoolAccess, type PoolLibrary } from '../catalogue/pools.js';
import { dottedName, findProperty, getKeyName, getStaticString, isFunction, matchesConfiguredName, outerValue, unwrapTS, walk } from '../ast.js';
import { dependencyVersion } from '../project.js';
import type { OtelSettings } from '../settings.js';
import { getAnalysis } from './analysis.js';
import { findExportReferences } from './references.js';

/**
 * Connection pools created in a file, where each is bound, and whether its figures already reach a metric:
 * read inside an observable instrument's callback or a prom-client `collect()`, handed to a configured
 * helper (`settings.otel.poolMetricsHelpers`), or measured by an instrumentation (`@opentelemetry/
 * instrumentation-pg` for `pg.Pool`).
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Where the created pool is kept. */
export type PoolBinding =
  /** `const pool = …` / `pool = …` (`statement` is the declaration or assignment statement). */
  | { readonly kind: 'variable'; readonly name: string; readonly id: TSESTree.Identifier; readonly statement: TSESTree.Node }
  /** `this.pool = …` in a method or constructor. */
  | { readonly kind: 'member'; readonly name: string; readonly statement: TSESTree.Node; readonly classNode: TSESTree.Node }
  /** A class field `pool = new Pool()`: bound, but no statement to register after. */
  | { readonly kind: 'field'; readonly name: string; readonly classNode: TSESTree.Node }
  /** Created inline (an argument, a returned value). */
  | { readonly kind: 'none' };

export interface PoolCreation {
  readonly library: PoolLibrary;
  /** The `new Pool(…)` / `createPool(…)` node. */
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly binding: PoolBinding;
  /** `{pool}` of the catalogue's templates: `pool`, `this.pool`. */
  readonly expression: string | undefined;
  /** Configured in a way the fix cannot read (sequelize `replication`). */
  readonly unsupported: boolean;
  /** How to read it; undefined where the library's variant cannot be told (TypeORM `type` not a literal). */
  readonly access: PoolAccess | undefined;
}

export type PoolStatus =
  | { readonly measured: true; readonly how: 'instrument' | 'helper' | 'instrumentation' }
  | { readonly measured: false; readonly logged: boolean };

/** Whether the file imports a pool library at all (from the shared analysis: no tree walk). */
export function mayCreatePools(context: Context): boolean {
  return getAnalysis(context).importsAny(POOL_MODULES);
}

/** Every pool creation in the file (none, cheaply, when no pool library is imported). */
export function findPoolCreations(context: Context): PoolCreation[] {
  const analysis = getAnalysis(context);
  if (!analysis.importsAny(POOL_MODULES)) return [];
  const out: PoolCreation[] = [];
  const seen = new Set<TSESTree.Node>();
  for (const library of POOL_LIBRARIES) {
    if (!analysis.importsAny(library.modules)) continue;
    for (const reference of findExportReferences(context, library.modules, library.createdBy)) {
      const node = reference.node;
      if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) continue;
      if (seen.has(node)) continue;
      seen.add(node);
      if (library.onlyWhen === 'url-or-connection' && !buildsOwnPool(node)) continue;
      const binding = bindingOf(node);
      const unsupported = library.unsupportedConfig !== undefined && node.arguments.some((argument) => {
        const value = unwrapTS(argument);
        return value.type === AST_NODE_TYPES.ObjectExpression && findProperty(value, library.unsupportedConfig!) !== undefined;
      });
      out.push({ library, call: node, binding, expression: expressionOf(binding), unsupported, access: accessOf(library, node) });
    }
  }
  return out.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

function accessOf(library: PoolLibrary, call: TSESTree.CallExpression | TSESTree.NewExpression): PoolAccess | undefined {
  if (!library.variants) {
    return {
      view: library.view,
      reading: library.reading,
      instrumentation: library.instrumentation,
      waitTime: library.waitTime,
      counts: library.counts,
    };
  }
  const config = call.arguments[0] ? unwrapTS(call.arguments[0]) : undefined;
  if (config?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const value = getStaticString(findProperty(config, library.variants.property)?.value);
  return value === undefined ? undefined : library.variants.cases[value];
}

/**
 * `drizzle(url)`, `drizzle(process.env.DATABASE_URL!)`, `drizzle({ connection })`: the library builds the pool.
 * Not `drizzle(pool)` or `drizzle({ client })`, which get one made elsewhere.
 */
function buildsOwnPool(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const first = call.arguments[0] ? unwrapTS(call.arguments[0]) : undefined;
  if (!first) return false;
  if (first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string') return true;
  if (first.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if (first.type === AST_NODE_TYPES.MemberExpression && /^process\.env\./.test(dottedName(first) ?? '')) return true;
  if (first.type === AST_NODE_TYPES.ObjectExpression) {
    return findProperty(first, 'connection') !== undefined && findProperty(first, 'client') === undefined;
  }
  return false;
}

function expressionOf(binding: PoolBinding): string | undefined {
  if (binding.kind === 'variable') return binding.name;
  if (binding.kind === 'member' || binding.kind === 'field') return `this.${binding.name}`;
  return undefined;
}

function bindingOf(call: TSESTree.Node): PoolBinding {
  const value = outerValue(call);
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
    const declaration = parent.parent;
    const statement = declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ? declaration.parent : declaration;
    return { kind: 'variable', name: parent.id.name, id: parent.id, statement };
  }
  if (
    parent?.type === AST_NODE_TYPES.AssignmentExpression &&
    parent.operator === '=' &&
    parent.right === value &&
    parent.parent.type === AST_NODE_TYPES.ExpressionStatement
  ) {
    const left = parent.left;
    if (left.type === AST_NODE_TYPES.Identifier) return { kind: 'variable', name: left.name, id: left, statement: parent.parent };
    if (left.type === AST_NODE_TYPES.MemberExpression && left.object.type === AST_NODE_TYPES.ThisExpression && !left.computed) {
      const name = getKeyName(left.property, false);
      const classNode = classOfThis(left);
      if (name && !name.startsWith('#') && classNode) return { kind: 'member', name, statement: parent.parent, classNode };
    }
  }
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === value && !parent.static && !parent.computed) {
    const name = getKeyName(parent.key, false);
    if (name && !name.startsWith('#')) return { kind: 'field', name, classNode: parent.parent.parent };
  }
  return { kind: 'none' };
}

/** The class whose instance `this` is at `node` (through arrow functions), if `this` is in a method. */
function classOfThis(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionExpression && current.parent.type === AST_NODE_TYPES.MethodDefinition) {
      return current.parent.parent.parent;
    }
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) return undefined;
    if (current.type === AST_NODE_TYPES.PropertyDefinition) return current.parent.parent;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Already measured?
// ---------------------------------------------------------------------------------------------------------

/** Function nodes whose body runs when metrics are collected: instrument callbacks, prom-client `collect`. */
interface MeasuringScopes {
  readonly functions: readonly TSESTree.Node[];
  /** Calls of configured helpers (`registerPoolMetrics(pool)`). */
  readonly helperCalls: readonly TSESTree.CallExpression[];
}

const scopesCache = new WeakMap<object, Map<string, MeasuringScopes>>();

function measuringScopes(sourceCode: Readonly<TSESLint.SourceCode>, helpers: readonly string[]): MeasuringScopes {
  const key = JSON.stringify(helpers);
  let perFile = scopesCache.get(sourceCode.ast);
  if (!perFile) {
    perFile = new Map();
    scopesCache.set(sourceCode.ast, perFile);
  }
  const cached = perFile.get(key);
  if (cached) return cached;
  const functions: TSESTree.Node[] = [];
  const helperCalls: TSESTree.CallExpression[] = [];
  const text = sourceCode.text;
  if (text.includes('Callback') || text.includes('collect') || helpers.some((helper) => text.includes(helper.split('.').at(-1)!))) {
    walk(
      sourceCode.ast,
      (node) => {
        if (node.type === AST_NODE_TYPES.CallExpression) {
          const callee = unwrapTS(node.callee);
          const method =
            callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
              ? callee.property.name
              : undefined;
          if (method === 'addCallback' || method === 'addBatchObservableCallback') {
            const callback = node.arguments[0];
            if (callback && isFunction(callback)) functions.push(callback);
          }
          if (helpers.some((helper) => matchesConfiguredName(node.callee, helper))) helperCalls.push(node);
        }
        // prom-client: `new Gauge({ …, collect() { … } })`, `collect: function () { … }`.
        if (
          node.type === AST_NODE_TYPES.Property &&
          getKeyName(node.key, node.computed) === 'collect' &&
          isFunction(node.value) &&
          node.parent.type === AST_NODE_TYPES.ObjectExpression
        ) {
          functions.push(node.value);
        }
      },
      sourceCode.visitorKeys,
      { intoFunctions: true },
    );
  }
  const scopes = { functions, helperCalls };
  perFile.set(key, scopes);
  return scopes;
}

const within = (node: TSESTree.Node, outer: TSESTree.Node): boolean => node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];

/** Nodes that read the pool: references of the variable, or `this.<name>` inside its class. */
function poolReads(sourceCode: Readonly<TSESLint.SourceCode>, creation: PoolCreation): TSESTree.Node[] {
  const binding = creation.binding;
  if (binding.kind === 'variable') {
    const variable = ASTUtils.findVariable(sourceCode.getScope(binding.id) as never, binding.id) as TSESLint.Scope.Variable | null;
    return (variable?.references ?? [])
      .filter((reference) => reference.isRead())
      .map((reference) => reference.identifier as TSESTree.Node);
  }
  if (binding.kind === 'member' || binding.kind === 'field') {
    const reads: TSESTree.Node[] = [];
    walk(
      binding.classNode,
      (node) => {
        if (
          node.type === AST_NODE_TYPES.MemberExpression &&
          node.object.type === AST_NODE_TYPES.ThisExpression &&
          !node.computed &&
          getKeyName(node.property, false) === binding.name &&
          !(node.parent.type === AST_NODE_TYPES.AssignmentExpression && node.parent.left === node)
        ) {
          reads.push(node);
        }
      },
      sourceCode.visitorKeys,
      { intoFunctions: true },
    );
    return reads;
  }
  return [];
}

/** Whether an instrumentation that emits this library's pool metrics is in use. */
function instrumented(context: Context, access: PoolAccess | undefined, settings: OtelSettings): boolean {
  if (access?.instrumentation !== 'pg') return false;
  if (settings.pgPoolInstrumentation !== undefined) return settings.pgPoolInstrumentation;
  const version = dependencyVersion(context.filename, PG_INSTRUMENTATION.module);
  return version !== undefined && atLeast(version, PG_INSTRUMENTATION.since);
}

/** Whether a package.json range (`^0.49.0`, `~0.45.1`, `0.76.0`, `latest`, `*`) only admits versions ≥ `min`. */
function atLeast(range: string, min: readonly [number, number]): boolean {
  const match = /(\d+)\.(\d+)/.exec(range);
  if (!match) return /^(?:\*|latest|x)$/i.test(range.trim());
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

export function poolStatus(context: Context, creation: PoolCreation, settings: OtelSettings): PoolStatus {
  if (instrumented(context, creation.access, settings)) return { measured: true, how: 'instrumentation' };
  const sourceCode = context.sourceCode;
  const reads = poolReads(sourceCode, creation);
  const scopes = measuringScopes(sourceCode, settings.poolMetricsHelpers);
  if (reads.some((read) => scopes.functions.some((fn) => within(read, fn)))) return { measured: true, how: 'instrument' };
  if (reads.some((read) => scopes.helperCalls.some((call) => call.arguments.some((argument) => within(read, argument))))) {
    return { measured: true, how: 'helper' };
  }
  // The creating call handed straight to a helper: `registerPoolMetrics(new Pool())`.
  if (scopes.helperCalls.some((call) => call.arguments.some((argument) => within(creation.call, argument)))) {
    return { measured: true, how: 'helper' };
  }
  const logged = reads.some((read) => {
    const parent = read.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== read) return false;
    const name = getKeyName(parent.property, parent.computed);
    return name !== undefined && creation.library.accessors.includes(name);
  });
  return { measured: false, logged };
}
