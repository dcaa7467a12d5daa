import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { LOGGER_LIBRARIES, type LoggerLibrary } from '../catalogue/loggers.js';
import { calleeName, getKeyName, matchesConfiguredName, unwrapTS, walk, type FunctionNode } from '../ast.js';
import type { LoggerSetting, OtelSettings } from '../settings.js';
import { getAnalysis } from './analysis.js';
import {
  findExportReferences,
  getInstanceIndex,
  hasLibraryType,
  hasTypeInformation,
  mentionsModule,
  type InstanceIndex,
} from './references.js';

/**
 * Finding log calls inside a job handler: calls of a catalogued logger's methods (pino, pino-http, winston,
 * bunyan, consola, NestJS `Logger`, nestjs-pino, `console`) or of a logger named in `settings.otel.loggers`,
 * on an instance held in a variable, a class member, a typed parameter or property, a child logger of one
 * (`const log = logger.child({ … })`, `logger.child({ … }).info(…)`), with the type checker as an extra source.
 * For each call: which logger, which receiver expression, and which structured fields the line carries from
 * its own arguments and the child loggers it goes through.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The structured fields a line carries: keys, plus the source text of their values; `all` when unknowable. */
export interface Fields {
  readonly keys: Set<string>;
  readonly values: string[];
  all: boolean;
}

export interface LoggerRef {
  /** The catalogued library, or undefined for a configured logger of unknown shape. */
  readonly library: LoggerLibrary | undefined;
  readonly label: string;
}

export interface LogCall {
  readonly call: TSESTree.CallExpression;
  /** The expression the method is called on (`logger`, `this.logger`, `logger.child({…})`). */
  readonly receiver: TSESTree.Expression;
  readonly method: string;
  readonly logger: LoggerRef;
  /** Fields from the call's own arguments and the child loggers its receiver was made with. */
  readonly fields: Fields;
  /** The receiver is (or goes through) a child logger declared inside the handler: its declarator. */
  readonly localChild?: TSESTree.VariableDeclarator;
}

const ALL_METHODS = new Set(LOGGER_LIBRARIES.flatMap((library) => library.methods).concat(['log']));

interface FileLoggers {
  readonly indexes: { library: LoggerLibrary; index: InstanceIndex }[];
  readonly configured: { setting: LoggerSetting; nodes: Set<TSESTree.Node> | undefined }[];
  readonly typed: boolean;
}

const fileCache = new WeakMap<object, FileLoggers>();

function fileLoggers(context: Context, settings: OtelSettings): FileLoggers {
  const sourceCode = context.sourceCode;
  const cached = fileCache.get(sourceCode.ast);
  if (cached) return cached;
  const typed = hasTypeInformation(sourceCode);
  const indexes: FileLoggers['indexes'] = [];
  for (const library of LOGGER_LIBRARIES) {
    if (!library.modules || !library.instance) continue;
    if (!typed && !mentionsModule(sourceCode, library.modules)) continue;
    indexes.push({ library, index: getInstanceIndex(context, `log:${library.id}`, library.modules, library.instance) });
  }
  const configured = settings.loggers
    .filter((setting) => sourceCode.text.includes(setting.name.split('.').at(-1)!))
    .map((setting) => ({
      setting,
      nodes: setting.module ? importedUses(context, setting.module, setting.name) : undefined,
    }));
  const result = { indexes, configured, typed };
  fileCache.set(sourceCode.ast, result);
  return result;
}

/**
 * The identifiers through which a module's export is used (`import { logger } from '~/logger'`,
 * `const { logger } = require('~/logger')`, default and namespace imports' `x.logger`).
 */
function importedUses(context: Context, module: string, name: string): Set<TSESTree.Node> {
  const sourceCode = context.sourceCode;
  const uses = new Set<TSESTree.Node>();
  for (const reference of findExportReferences(context, [module], [{ path: [name], invoke: 'read' }])) {
    const node = reference.node;
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      uses.add(node);
      continue;
    }
    const variables: TSESLint.Scope.Variable[] = [...(sourceCode.scopeManager?.getDeclaredVariables(node as never) ?? [])] as never;
    if (node.type === AST_NODE_TYPES.Property && node.value.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(sourceCode.getScope(node.value) as never, node.value) as TSESLint.Scope.Variable | null;
      if (variable) variables.push(variable);
    }
    for (const variable of variables) {
      for (const use of variable.references) if (!use.init) uses.add(use.identifier as TSESTree.Node);
    }
  }
  return uses;
}

/** Whether any logger could be used in this file (a cheap check before looking at handlers). */
export function mayLog(context: Context, settings: OtelSettings): boolean {
  const analysis = getAnalysis(context);
  if (analysis.mentions('console')) return true;
  if (settings.loggers.some((setting) => analysis.mentions(setting.name.split('.').at(-1)!))) return true;
  if (analysis.typed) return true;
  return LOGGER_LIBRARIES.some((library) => library.modules && analysis.importsAny(library.modules));
}

function libraryById(id: string | undefined): LoggerLibrary | undefined {
  return LOGGER_LIBRARIES.find((library) => library.id === id);
}

function emptyFields(): Fields {
  return { keys: new Set(), values: [], all: false };
}

/** Keys and values of an object literal argument; a spread makes the fields unknowable (`all`). */
function addObjectFields(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, fields: Fields): void {
  const object = unwrapTS(node);
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      fields.all = true;
      continue;
    }
    const key = getKeyName(property.key, property.computed);
    if (key === undefined) {
      fields.all = true;
      continue;
    }
    fields.keys.add(key);
    fields.values.push(sourceCode.getText(property.value));
  }
}

/**
 * Resolves expressions to the logger they hold, following child loggers (`logger.child({…})` calls and the
 * variables they initialise) and collecting their bound fields.
 */
export class LoggerResolver {
  private readonly loggers: FileLoggers;
  private readonly sourceCode: Readonly<TSESLint.SourceCode>;

  constructor(
    private readonly context: Context,
    settings: OtelSettings,
  ) {
    this.loggers = fileLoggers(context, settings);
    this.sourceCode = context.sourceCode;
  }

  /** The logger `expression` evaluates to, with the fields its child bindings add, or undefined. */
  resolve(expression: TSESTree.Node, depth = 0): { logger: LoggerRef; fields: Fields; child?: TSESTree.VariableDeclarator } | undefined {
    if (depth > 8) return undefined;
    const node = unwrapTS(expression);
    // A child made on the spot: `logger.child({ job_id }).info(…)`.
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const parent = this.resolve(node.callee.object, depth + 1);
      const method = calleeName(node.callee);
      if (parent && method === childMethod(parent.logger)) {
        const fields = copyFields(parent.fields);
        // Bindings built elsewhere (`logger.child(bindings)`): their keys can't be seen, trust them.
        const bindings = node.arguments[0];
        if (bindings && unwrapTS(bindings).type !== AST_NODE_TYPES.ObjectExpression) fields.all = true;
        if (bindings) addObjectFields(this.sourceCode, bindings, fields);
        return { logger: parent.logger, fields, child: parent.child };
      }
      return undefined;
    }
    const direct = this.directLogger(node);
    if (direct) return { logger: direct, fields: emptyFields() };
    // A variable initialised with a child logger.
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(node) as never, node) as TSESLint.Scope.Variable | null;
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      const declarator = definition?.node as TSESTree.Node | undefined;
      if (
        declarator?.type === AST_NODE_TYPES.VariableDeclarator &&
        declarator.id === definition?.name &&
        declarator.init &&
        !variable!.references.some((reference) => reference.isWrite() && reference.init !== true)
      ) {
        const init = unwrapTS(declarator.init);
        if (init.type === AST_NODE_TYPES.CallExpression) {
          const resolved = this.resolve(init, depth + 1);
          if (resolved) return { ...resolved, child: declarator };
        }
      }
    }
    return undefined;
  }

  private directLogger(node: TSESTree.Node): LoggerRef | undefined {
    for (const { library, index } of this.loggers.indexes) {
      if (library.loggerProperty) {
        if (
          node.type === AST_NODE_TYPES.MemberExpression &&
          !node.computed &&
          getKeyName(node.property, false) === library.loggerProperty &&
          this.isInstance(library, index, node.object)
        ) {
          return { library, label: library.label };
        }
        continue;
      }
      if (this.isInstance(library, index, node)) return { library, label: library.label };
    }
    for (const { setting, nodes } of this.loggers.configured) {
      const matches = nodes ? nodes.has(node) : matchesConfiguredName(node, setting.name);
      if (matches) {
        const library = libraryById(setting.library);
        return { library, label: library ? `${setting.name} (${library.label})` : setting.name };
      }
    }
    if (node.type === AST_NODE_TYPES.Identifier && node.name === 'console') {
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(node) as never, node) as TSESLint.Scope.Variable | null;
      if (!variable || variable.defs.length === 0) return { library: libraryById('console'), label: 'console' };
    }
    return undefined;
  }

  private isInstance(library: LoggerLibrary, index: InstanceIndex, node: TSESTree.Node): boolean {
    if (index.has(node)) return true;
    return this.loggers.typed && !!library.modules && hasLibraryType(this.context, node, library.modules, index.typeNames);
  }
}

function childMethod(logger: LoggerRef): string | undefined {
  return logger.library?.binding.kind === 'child' ? logger.library.binding.method : logger.library ? undefined : 'child';
}

function copyFields(fields: Fields): Fields {
  return { keys: new Set(fields.keys), values: [...fields.values], all: fields.all };
}

/** Every log call inside `fn` (nested callbacks included), in source order. */
export function findLogCalls(context: Context, settings: OtelSettings, fn: FunctionNode, resolver = new LoggerResolver(context, settings)): LogCall[] {
  const sourceCode = context.sourceCode;
  const out: LogCall[] = [];
  walk(
    fn.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const callee = unwrapTS(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const method = calleeName(callee);
      if (!method || !ALL_METHODS.has(method)) return;
      const resolved = resolver.resolve(callee.object);
      if (!resolved) return;
      const methods = resolved.logger.library?.methods;
      if (methods && !methods.includes(method) && !(resolved.logger.library?.id === 'winston' && method === 'log')) return;
      const fields = copyFields(resolved.fields);
      for (const argument of node.arguments) addObjectFields(sourceCode, argument, fields);
      const localChild = resolved.child && within(resolved.child, fn) ? resolved.child : undefined;
      out.push({ call: node, receiver: callee.object, method, logger: resolved.logger, fields, localChild });
    },
    sourceCode.visitorKeys,
    { intoFunctions: true },
  );
  return out.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

/**
 * The first shared mutable binding the handler writes on a logger (pino `setBindings(…)`, nestjs-pino
 * `assign(…)`, winston `logger.defaultMeta = …`): the text of the member, e.g. `logger.setBindings`.
 */
export function sharedBindingUse(context: Context, fn: FunctionNode, resolver: LoggerResolver): string | undefined {
  const sourceCode = context.sourceCode;
  let found: string | undefined;
  walk(
    fn.body,
    (node) => {
      if (found) return false;
      const member =
        node.type === AST_NODE_TYPES.CallExpression
          ? unwrapTS(node.callee)
          : node.type === AST_NODE_TYPES.AssignmentExpression
            ? node.left
            : undefined;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.computed) return;
      const name = getKeyName(member.property, false);
      const library = resolver.resolve(member.object)?.logger.library;
      if (name && library?.sharedBindings.includes(name)) found = sourceCode.getText(member);
    },
    sourceCode.visitorKeys,
    { intoFunctions: true },
  );
  return found;
}

/** Fields passed to the configured log-context setter inside `fn`; undefined when it is not called there. */
export function contextSetterFields(context: Context, settings: OtelSettings, fn: FunctionNode): Fields | undefined {
  const setter = settings.logContext;
  if (!setter) return undefined;
  const sourceCode = context.sourceCode;
  let fields: Fields | undefined;
  walk(
    fn.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || !matchesConfiguredName(unwrapTS(node.callee), setter.name)) return;
      fields ??= emptyFields();
      const objects = node.arguments.filter((argument) => unwrapTS(argument).type === AST_NODE_TYPES.ObjectExpression);
      // A store built elsewhere (`updateLogContext(ctx)`): its keys can't be seen, trust it.
      if (objects.length === 0 && node.arguments.length > 0) fields.all = true;
      for (const object of objects) addObjectFields(sourceCode, object, fields);
    },
    sourceCode.visitorKeys,
    { intoFunctions: true },
  );
  return fields;
}

function within(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}
