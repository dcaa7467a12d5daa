import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  JOB_LIBRARIES,
  type CallRegistration,
  type DecoratorRegistration,
  type JobLibrary,
  type MethodRegistration,
} from '../catalogue/jobs.js';
import type { ArgumentLocation } from '../catalogue/types.js';
import { calleeName, findProperty, getKeyName, isFunction, unwrapTS, type FunctionNode } from '../ast.js';
import type { JobRunnerSetting, OtelSettings } from '../settings.js';
import { findClassMember, isPlainValue, resolveHandler, type ResolvedHandler } from './functions.js';
import { staticStringValue } from './values.js';
import {
  findConfiguredCalls,
  findExportReferences,
  getInstanceIndex,
  hasLibraryType,
  holderInitializer,
} from './references.js';
import { getAnalysis } from './analysis.js';
import { programIncludes } from './type-info.js';

/**
 * Finding background-job handlers: every place a catalogued job library (or a project runner named in
 * `settings.otel.jobRunners`) is given a function to run per job, with the library, the static job name when
 * there is one, and the function itself when it can be seen in this file.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface JobHandler {
  readonly library: Pick<JobLibrary, 'id' | 'label' | 'awaitsHandler' | 'callbackArity' | 'runtime' | 'batch'>;
  /** The registering call, or the decorated method/class. */
  readonly registration: TSESTree.Node;
  readonly handler: ResolvedHandler;
  /** Static job or queue name, when the code states it. */
  readonly jobName?: string;
  /** The library traces the job itself (BullMQ `telemetry` option). */
  readonly tracedByLibrary: boolean;
  /** Decorators on the handler method, if it is one. */
  readonly decorators?: readonly TSESTree.Decorator[];
}

function argumentAt(call: TSESTree.CallExpression | TSESTree.NewExpression, location: ArgumentLocation): TSESTree.Node | undefined {
  if ('lastFunctionArg' in location) return undefined;
  const argument = call.arguments[location.arg];
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (!('property' in location)) return argument;
  const object = unwrapTS(argument);
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  return findProperty(object, location.property)?.value;
}

function pickHandler(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  location: ArgumentLocation,
): ResolvedHandler {
  if (!('lastFunctionArg' in location)) return resolveHandler(sourceCode, argumentAt(call, location));
  // Overloads such as process([name], [concurrency], fn) and define(name, [opts], fn, [opts]): the handler is
  // the last argument that is not a plain value.
  // the last argument that is not a plain value; an options value the rule cannot see (an import, a call)
  // does not hide a visible function before it (Agenda v6 `define(name, fn, options)`).
  let fallback: ResolvedHandler | undefined;
  for (let index = call.arguments.length - 1; index >= 0; index--) {
    const argument = call.arguments[index]!;
    if (argument.type === AST_NODE_TYPES.SpreadElement) return fallback ?? { kind: 'unknown' };
    if (isPlainValue(sourceCode, argument)) continue;
    const resolved = resolveHandler(sourceCode, argument);
    if (resolved.kind === 'function') return resolved;
    fallback ??= resolved;
  }
  return fallback ?? { kind: 'unknown' };
}

function staticName(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  location: ArgumentLocation | readonly ArgumentLocation[] | undefined,
): string | undefined {
  const locations: readonly ArgumentLocation[] = location === undefined ? [] : Array.isArray(location) ? location : [location as ArgumentLocation];
  for (const each of locations) {
    const name = staticStringValue(sourceCode, argumentAt(call, each));
    if (name !== undefined) return name;
  }
  return undefined;
}

function fromCallRegistration(context: Context, library: JobLibrary, registration: CallRegistration, out: JobHandler[]): void {
  const references = findExportReferences(context, library.modules, [{ path: registration.path, invoke: registration.invoke }]);
  for (const reference of references) {
    const call = reference.node;
    if (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) continue;
    const tracedByLibrary =
      registration.tracedByOption !== undefined &&
      argumentAt(call, registration.tracedByOption) !== undefined;
    if (registration.handlerMap) {
      for (const { name, value } of handlerMapEntries(context, call, registration.handlerMap)) {
        out.push({ library, registration: call, handler: resolveHandler(context.sourceCode, value), jobName: name, tracedByLibrary });
      }
      continue;
    }
    out.push({
      library,
      registration: call,
      handler: pickHandler(context.sourceCode, call, registration.handler),
      jobName: staticName(context.sourceCode, call, registration.jobName),
      tracedByLibrary,
    });
  }
}

/** graphile-worker `taskList: { name: fn }` (inline or a const object of the same file). */
function handlerMapEntries(
  context: Context,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  location: { readonly arg: number; readonly property: string },
): { name: string | undefined; value: TSESTree.Node }[] {
  let map = argumentAt(call, location);
  if (map && unwrapTS(map).type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveConstObject(context, unwrapTS(map) as TSESTree.Identifier);
    map = resolved;
  }
  if (!map || unwrapTS(map).type !== AST_NODE_TYPES.ObjectExpression) return [];
  const entries: { name: string | undefined; value: TSESTree.Node }[] = [];
  for (const property of (unwrapTS(map) as TSESTree.ObjectExpression).properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    entries.push({ name: getKeyName(property.key, property.computed), value: property.value });
  }
  return entries;
}

function resolveConstObject(context: Context, identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  const scope = context.sourceCode.getScope(identifier);
  for (let current: TSESLint.Scope.Scope | null = scope; current; current = current.upper) {
    const variable = current.set.get(identifier.name);
    if (!variable) continue;
    const def = variable.defs[0]?.node as TSESTree.Node | undefined;
    return def?.type === AST_NODE_TYPES.VariableDeclarator ? (def.init ?? undefined) : undefined;
  }
  return undefined;
}

function fromDecoratorRegistration(context: Context, library: JobLibrary, registration: DecoratorRegistration, out: JobHandler[]): void {
  const names = [...(registration.methodDecorators ?? []), ...(registration.classDecorator ? [registration.classDecorator.name] : [])];
  const references = findExportReferences(
    context,
    library.modules,
    names.map((name) => ({ path: [name], invoke: 'call' as const })),
  );
  for (const reference of references) {
    const call = reference.node;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.parent?.type !== AST_NODE_TYPES.Decorator) continue;
    const decorated = call.parent.parent;
    const decoratorName = reference.path.at(-1);
    if (registration.classDecorator && decoratorName === registration.classDecorator.name) {
      if (decorated?.type !== AST_NODE_TYPES.ClassDeclaration && decorated?.type !== AST_NODE_TYPES.ClassExpression) continue;
      const requires = registration.classDecorator.requiresExtends;
      if (requires && calleeName(decorated.superClass ?? call) !== requires) continue;
      const method = findClassMember(decorated, registration.classDecorator.method, context.sourceCode.visitorKeys);
      if (!method) continue;
      out.push({
        library,
        registration: method.parent ?? decorated,
        handler: { kind: 'function', fn: method, via: method },
        jobName: decoratorJobName(context.sourceCode, call, registration) ?? decorated.id?.name,
        tracedByLibrary: false,
        decorators: method.parent && 'decorators' in method.parent ? (method.parent.decorators as TSESTree.Decorator[]) : undefined,
      });
      continue;
    }
    if (decorated?.type !== AST_NODE_TYPES.MethodDefinition && decorated?.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    const value = decorated.value ? unwrapTS(decorated.value) : undefined;
    if (!value || !isFunction(value)) continue;
    const memberName = getKeyName(decorated.key, decorated.computed);
    out.push({
      library,
      registration: decorated,
      handler: { kind: 'function', fn: value, via: value },
      jobName: decoratorJobName(context.sourceCode, call, registration) ?? memberName,
      tracedByLibrary: false,
      decorators: decorated.decorators,
    });
  }
}

function decoratorJobName(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
  registration: DecoratorRegistration,
): string | undefined {
  const index = registration.jobNameArg;
  if (index === undefined) return undefined;
  if (registration.nameWhenTwoArgs && call.arguments.length < 2) return undefined;
  const argument = call.arguments[index];
  if (!argument) return undefined;
  const direct = staticStringValue(sourceCode, argument);
  if (direct !== undefined) return direct;
  const object = unwrapTS(argument);
  if (object.type === AST_NODE_TYPES.ObjectExpression) return staticStringValue(sourceCode, findProperty(object, 'name')?.value);
  return undefined;
}

function fromRunner(context: Context, runner: JobRunnerSetting, call: TSESTree.CallExpression, out: JobHandler[]): void {
  out.push({
    library: { id: runner.name, label: `${runner.name}()`, awaitsHandler: runner.awaitsHandler },
    registration: call,
    handler: resolveHandler(context.sourceCode, call.arguments[runner.handlerArg]),
    jobName: runner.nameArg === undefined ? undefined : staticStringValue(context.sourceCode, call.arguments[runner.nameArg]),
    tracedByLibrary: false,
  });
}

const JOB_MODULES = [...new Set(JOB_LIBRARIES.flatMap((library) => library.modules))];

/**
 * Whether the file can register a job handler at all: it imports a job library, names a configured job
 * runner, or (typed linting) belongs to a program that includes a job library. When not, a rule is done.
 */
export function mayHaveJobHandlers(context: Context, settings: OtelSettings): boolean {
  const analysis = getAnalysis(context);
  return (
    analysis.importsAny(JOB_MODULES) ||
    settings.jobRunners.some((runner) => analysis.mentions(runner.name.split('.').at(-1) ?? runner.name)) ||
    (analysis.typed && programIncludes(context, JOB_MODULES))
  );
}

/** Every job handler registration in the file (memoised in the file's shared analysis). */
export function findJobHandlers(context: Context, settings: OtelSettings): JobHandler[] {
  const analysis = getAnalysis(context);
  return analysis.memo('jobHandlers', () => {
    const out: JobHandler[] = [];
    for (const library of JOB_LIBRARIES) {
      const imported = analysis.importsAny(library.modules);
      // With type information, instances created in other modules are recognised by type, but only in a
      // program that includes the library at all.
      if (!imported && !(analysis.typed && programIncludes(context, library.modules))) continue;
      const methodRegistrations: MethodRegistration[] = [];
      for (const registration of library.registrations) {
        if (!imported && registration.via !== 'instance') continue;
        if (registration.via === 'export') fromCallRegistration(context, library, registration, out);
        else if (registration.via === 'decorator') fromDecoratorRegistration(context, library, registration, out);
        else methodRegistrations.push(registration);
      }
      if (methodRegistrations.length > 0) fromMethodRegistrations(context, library, methodRegistrations, out);
    }
    for (const { entry, call } of findConfiguredCalls(context, settings.jobRunners)) fromRunner(context, entry, call, out);
    return out;
  });
}

/** `queue.process(…)`, `agenda.define(…)`, `boss.work(…)` on tracked instances (or, typed, checker-known). */
function fromMethodRegistrations(context: Context, library: JobLibrary, registrations: MethodRegistration[], out: JobHandler[]): void {
  const sourceCode = context.sourceCode;
  const byMethod = new Map(registrations.map((registration) => [registration.method, registration]));
  const index = getInstanceIndex(context, `job:${library.id}`, library.modules, registrations[0]!.instance);
  const analysis = getAnalysis(context);
  const typed = analysis.typed;
  if (index.isEmpty && !typed) return;
  for (const node of analysis.calls) {
    if (node.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = unwrapTS(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const registration = byMethod.get(calleeName(callee) ?? '');
    if (!registration) continue;
    if (!index.has(callee.object) && !(typed && hasLibraryType(context, callee.object, library.modules, index.typeNames))) continue;
    // The job's name when the call states it, else the queue's: `new Queue('emails')` of the instance.
    const creation = holderInitializer(sourceCode, unwrapTS(callee.object));
    const inner = creation && unwrapTS(creation.type === AST_NODE_TYPES.AwaitExpression ? creation.argument : creation);
    const queueName =
      inner && (inner.type === AST_NODE_TYPES.NewExpression || inner.type === AST_NODE_TYPES.CallExpression)
        ? staticStringValue(sourceCode, inner.arguments[0])
        : undefined;
    out.push({
      library,
      registration: node,
      handler: pickHandler(sourceCode, node, registration.handler),
      jobName: staticName(sourceCode, node, registration.jobName) ?? queueName,
      tracedByLibrary: false,
    });
  }
}

export type { FunctionNode };
