import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { ExportPath, InstanceSource, Invocation } from '../catalogue/types.js';
import { enclosingClass, getKeyName, matchesConfiguredName, thisMemberAssignments, unwrapTS, walk } from '../ast.js';
import { getAnalysis } from './analysis.js';

/**
 * Reference tracking: which nodes of a file call, construct or read a library's exports, through ESM default,
 * named and namespace imports, `require` (destructured or not), aliases and `node:` prefixes; and which
 * expressions hold an instance of a library's client (a variable or class member assigned from a constructor
 * or factory, or typed with an imported class), with the type checker as an extra source when typed linting
 * is on. Results are cached per file and shared by all rules.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ExportReference {
  readonly node: TSESTree.Node;
  readonly module: string | null;
  /** The export path inside the module, without a leading `default`. */
  readonly path: readonly string[];
  readonly invoke: 'call' | 'construct' | 'read';
}

export interface ExportSpec {
  readonly path: ExportPath;
  readonly invoke: Invocation | 'read';
}

const { ReferenceTracker } = ASTUtils;

const NODE_BUILTINS = new Set(['http', 'https', 'worker_threads', 'child_process']);

function moduleVariants(modules: readonly string[]): string[] {
  const out = new Set<string>();
  for (const name of modules) {
    out.add(name);
    if (name.startsWith('node:')) out.add(name.slice(5));
    else if (NODE_BUILTINS.has(name)) out.add(`node:${name}`);
  }
  return [...out];
}

type TraceMap = Record<string | symbol, unknown>;

function buildTraceMap(specs: readonly ExportSpec[]): TraceMap {
  const root: TraceMap = {};
  const put = (path: readonly string[], invoke: ExportSpec['invoke']): void => {
    let node = root;
    for (const key of path) {
      node[key] ??= {};
      node = node[key] as TraceMap;
    }
    if (invoke === 'call' || invoke === 'any') node[ReferenceTracker.CALL] = true;
    if (invoke === 'construct' || invoke === 'any') node[ReferenceTracker.CONSTRUCT] = true;
    if (invoke === 'read') node[ReferenceTracker.READ] = true;
  };
  for (const spec of specs) {
    put(spec.path, spec.invoke);
    // `import x from 'cjs-module'` and `require('m').default` reach the same exports.
    put(['default', ...spec.path], spec.invoke);
  }
  return root;
}

/**
 * Every reference in the file to the given exports of the given modules (`null`: globals such as `fetch`).
 * Memoised in the file's shared analysis; a file that imports none of the modules is answered at once.
 */
export function findExportReferences(
  context: Context,
  modules: readonly string[] | null,
  specs: readonly ExportSpec[],
): ExportReference[] {
  const analysis = getAnalysis(context);
  // A relative module named in settings is relative to ESLint's working directory: as this file imports it.
  const local = modules === null ? null : analysis.localModules(modules);
  if (local !== null && !analysis.importsAny(local)) return [];
  return analysis.memo(`refs:${JSON.stringify([local, specs])}`, () => trackExportReferences(context, local, specs));
}

function trackExportReferences(context: Context, modules: readonly string[] | null, specs: readonly ExportSpec[]): ExportReference[] {
  const sourceCode = context.sourceCode;
  const globalScope = sourceCode.scopeManager?.globalScope;
  const results: ExportReference[] = [];
  if (globalScope) {
    const tracker = new ReferenceTracker(globalScope as never);
    const inner = buildTraceMap(specs);
    const invokeOf = (type: symbol): ExportReference['invoke'] =>
      type === ReferenceTracker.CALL ? 'call' : type === ReferenceTracker.CONSTRUCT ? 'construct' : 'read';
    if (modules === null) {
      results.push(...globalCalls(globalScope as unknown as TSESLint.Scope.Scope, specs));
    } else {
      const map: TraceMap = {};
      for (const name of moduleVariants(modules)) map[name] = { [ReferenceTracker.ESM]: true, ...inner };
      const seen = new Set<TSESTree.Node>();
      const cjsTracker = new ReferenceTracker(withImplicitRequire(globalScope as unknown as TSESLint.Scope.Scope) as never);
      const iterators = [tracker.iterateEsmReferences(map as never), cjsTracker.iterateCjsReferences(map as never)];
      for (const iterator of iterators) {
        for (const ref of iterator) {
          const node = ref.node as TSESTree.Node;
          if (seen.has(node)) continue;
          seen.add(node);
          results.push({ node, module: ref.path[0] ?? null, path: normalise(ref.path.slice(1)), invoke: invokeOf(ref.type) });
        }
      }
      for (const ref of indirectModuleReferences(sourceCode, new Set(moduleVariants(modules)), specs)) {
        if (seen.has(ref.node)) continue;
        seen.add(ref.node);
        results.push(ref);
      }
    }
  }
  return results;
}

/**
 * ReferenceTracker finds `require(…)` only through a declared `require` global. Files linted as modules with
 * no Node globals configured (common with TypeScript, where `no-undef` is off) still call it: give the tracker
 * a view of the global scope in which the unresolved `require` references form that global.
 */
function withImplicitRequire(globalScope: TSESLint.Scope.Scope): TSESLint.Scope.Scope {
  if (globalScope.set.has('require')) return globalScope;
  const references = globalScope.through.filter((reference) => reference.identifier.name === 'require');
  if (references.length === 0) return globalScope;
  const set = new Map<string, unknown>(globalScope.set);
  set.set('require', { name: 'require', defs: [], references, identifiers: [], scope: globalScope });
  return Object.create(globalScope, { set: { value: set } }) as TSESLint.Scope.Scope;
}

/**
 * Module bindings ReferenceTracker does not see: TypeScript's CommonJS interop helpers
 * (`const x_1 = __importDefault(require('x'))`, then `x_1.default.post(…)`; `__importStar(require('x'))`) and
 * dynamic imports (`const { default: fetch } = await import('node-fetch')`, `const bullmq = await import('bullmq')`,
 * anywhere in the file). Their variables' member chains are followed here.
 */
function indirectModuleReferences(sourceCode: SourceCode, modules: ReadonlySet<string>, specs: readonly ExportSpec[]): ExportReference[] {
  const bindings: { declarator: TSESTree.VariableDeclarator; module: string; variable: TSESLint.Scope.Variable; base: string[] }[] = [];
  const moduleOf = (node: TSESTree.Node | undefined): string | undefined =>
    node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && modules.has(node.value) ? node.value : undefined;
  const addDeclarator = (declarator: TSESTree.VariableDeclarator): void => {
    let init = declarator.init ? unwrapTS(declarator.init) : undefined;
    if (init?.type === AST_NODE_TYPES.AwaitExpression) init = unwrapTS(init.argument);
    let module: string | undefined;
    if (init?.type === AST_NODE_TYPES.ImportExpression) {
      module = moduleOf(init.source);
    } else if (
      init?.type === AST_NODE_TYPES.CallExpression &&
      init.callee.type === AST_NODE_TYPES.Identifier &&
      /^__import(Default|Star)$/.test(init.callee.name) &&
      init.arguments[0]?.type === AST_NODE_TYPES.CallExpression &&
      init.arguments[0].callee.type === AST_NODE_TYPES.Identifier &&
      init.arguments[0].callee.name === 'require'
    ) {
      module = moduleOf(init.arguments[0].arguments[0]);
    }
    if (!module) return;
    for (const variable of sourceCode.scopeManager?.getDeclaredVariables(declarator) ?? []) {
      const identifier = variable.identifiers[0] as TSESTree.Node | undefined;
      const property = identifier?.parent;
      const base =
        declarator.id.type === AST_NODE_TYPES.Identifier
          ? []
          : property?.type === AST_NODE_TYPES.Property && property.value === identifier
            ? [getKeyName(property.key, property.computed) ?? '']
            : undefined;
      if (base) bindings.push({ declarator, module, variable: variable as TSESLint.Scope.Variable, base });
    }
  };
  const text = sourceCode.text;
  if (text.includes('__import')) {
    for (const statement of sourceCode.ast.body) {
      if (statement.type === AST_NODE_TYPES.VariableDeclaration) statement.declarations.forEach(addDeclarator);
    }
  }
  if (text.includes('import(')) {
    walk(
      sourceCode.ast,
      (node) => {
        if (node.type === AST_NODE_TYPES.VariableDeclarator) addDeclarator(node);
      },
      sourceCode.visitorKeys,
      { intoFunctions: true },
    );
  }

  const out: ExportReference[] = [];
  for (const { module, variable, base } of bindings) {
    for (const reference of variable.references) {
      if (reference.init) continue;
      let node = reference.identifier as TSESTree.Node;
      const path = [...base];
      while (node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node && !node.parent.computed) {
        const property = node.parent.property;
        if (property.type !== AST_NODE_TYPES.Identifier) break;
        path.push(property.name);
        node = node.parent;
      }
      const parent = node.parent;
      const invoke =
        parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === node
          ? 'construct'
          : parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node
            ? 'call'
            : undefined;
      if (!invoke || !parent) continue;
      const exportPath = normalise(path);
      const matches = specs.some(
        (spec) =>
          (spec.invoke === invoke || spec.invoke === 'any') &&
          spec.path.length === exportPath.length &&
          spec.path.every((part, i) => part === exportPath[i]),
      );
      if (matches) out.push({ node: parent, module, path: exportPath, invoke });
    }
  }
  return out;
}

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'self', 'window']);

/**
 * Calls of globals (`fetch(…)`, `globalThis.fetch(…)`) that no declaration in the file shadows. Unlike
 * ReferenceTracker's global tracking this needs no `languageOptions.globals` entry: an unresolved reference
 * is a global one.
 */
function globalCalls(globalScope: TSESLint.Scope.Scope, specs: readonly ExportSpec[]): ExportReference[] {
  const names = new Set(specs.filter((spec) => spec.path.length === 1).map((spec) => spec.path[0]!));
  const out: ExportReference[] = [];
  const references = [...globalScope.through];
  for (const name of [...names, ...GLOBAL_OBJECTS]) {
    const variable = globalScope.set.get(name);
    if (variable && variable.defs.length === 0) references.push(...variable.references);
  }
  for (const reference of references) {
    const identifier = reference.identifier as TSESTree.Node;
    if (identifier.type !== AST_NODE_TYPES.Identifier) continue;
    let callee: TSESTree.Node = identifier;
    let name = identifier.name;
    if (GLOBAL_OBJECTS.has(name)) {
      const member = identifier.parent;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || member.computed) continue;
      if (member.property.type !== AST_NODE_TYPES.Identifier) continue;
      callee = member;
      name = member.property.name;
    }
    if (!names.has(name)) continue;
    const call = callee.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee) {
      out.push({ node: call, module: null, path: [name], invoke: 'call' });
    }
  }
  return out;
}

function normalise(path: readonly string[]): string[] {
  return path[0] === 'default' ? path.slice(1) : [...path];
}

/** Local names bound by `import`/`require` of these modules to these export paths (for type references). */
function importedBindings(
  sourceCode: SourceCode,
  modules: readonly string[],
): { local: TSESTree.Identifier; path: readonly string[]; namespace: boolean }[] {
  const variants = new Set(moduleVariants(modules));
  const bindings: { local: TSESTree.Identifier; path: readonly string[]; namespace: boolean }[] = [];
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || !variants.has(statement.source.value)) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
        bindings.push({ local: specifier.local, path: [], namespace: true });
      } else if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
        bindings.push({ local: specifier.local, path: [], namespace: true });
      } else {
        const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
        bindings.push({ local: specifier.local, path: imported === 'default' ? [] : [imported], namespace: imported === 'default' });
      }
    }
  }
  return bindings;
}

/** Which variables and class members of a file hold instances of one library's client. */
export class InstanceIndex {
  readonly variables = new Set<TSESLint.Scope.Variable>();
  readonly members = new Map<TSESTree.Node, Set<string>>();
  readonly direct = new Set<TSESTree.Node>();
  readonly typeNames: Set<string>;

  constructor(
    private readonly sourceCode: SourceCode,
    private readonly modules: readonly string[],
    source: InstanceSource,
    creations: readonly ExportReference[],
  ) {
    this.typeNames = new Set(source.types.map((path) => path.at(-1)).filter((name): name is string => !!name));
    for (const creation of creations) this.recordHolder(creation.node);
    if (source.types.length > 0) this.recordTypedHolders(source.types);
  }

  get isEmpty(): boolean {
    return this.variables.size === 0 && this.members.size === 0 && this.direct.size === 0;
  }

  private addMember(classNode: TSESTree.Node | undefined, name: string | undefined): void {
    if (!classNode || name === undefined) return;
    let set = this.members.get(classNode);
    if (!set) {
      set = new Set();
      this.members.set(classNode, set);
    }
    set.add(name);
  }

  private addVariableOf(identifier: TSESTree.Identifier): void {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(identifier) as never, identifier) as
      | TSESLint.Scope.Variable
      | null;
    if (variable) this.variables.add(variable);
  }

  /** `const x = <creation>`, `this.x = <creation>`, `x = <creation>` as a class field. */
  private recordHolder(node: TSESTree.Node): void {
    let current: TSESTree.Node = node;
    let parent = current.parent;
    while (
      parent &&
      (parent.type === AST_NODE_TYPES.AwaitExpression ||
        parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        parent.type === AST_NODE_TYPES.TSSatisfiesExpression)
    ) {
      current = parent;
      parent = current.parent;
    }
    this.direct.add(node);
    if (!parent) return;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier) {
      this.addVariableOf(parent.id);
    } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current) {
      this.recordTarget(parent.left);
    } else if (
      (parent.type === AST_NODE_TYPES.PropertyDefinition || parent.type === AST_NODE_TYPES.AccessorProperty) &&
      parent.value === current &&
      !parent.static
    ) {
      this.addMember(enclosingClass(parent), getKeyName(parent.key, parent.computed));
    }
  }

  private recordTarget(target: TSESTree.Node): void {
    if (target.type === AST_NODE_TYPES.Identifier) {
      this.addVariableOf(target);
    } else if (
      target.type === AST_NODE_TYPES.MemberExpression &&
      target.object.type === AST_NODE_TYPES.ThisExpression &&
      !target.computed
    ) {
      this.addMember(enclosingClass(target), getKeyName(target.property, false));
    }
  }

  /** Parameters, properties and variables annotated with one of the library's types. */
  private recordTypedHolders(types: readonly ExportPath[]): void {
    for (const binding of importedBindings(this.sourceCode, this.modules)) {
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(binding.local) as never, binding.local) as
        | TSESLint.Scope.Variable
        | null;
      if (!variable) continue;
      for (const reference of variable.references) {
        const identifier = reference.identifier as TSESTree.Node;
        let typePath: readonly string[] = binding.path;
        let typeNode: TSESTree.Node = identifier;
        if (identifier.parent?.type === AST_NODE_TYPES.TSQualifiedName && identifier.parent.left === identifier) {
          typePath = [...binding.path, identifier.parent.right.name];
          typeNode = identifier.parent;
        }
        if (typeNode.parent?.type !== AST_NODE_TYPES.TSTypeReference) continue;
        if (!types.some((path) => path.length === typePath.length && path.every((part, i) => part === typePath[i]))) continue;
        const annotation = typeNode.parent.parent;
        if (annotation?.type !== AST_NODE_TYPES.TSTypeAnnotation) continue;
        this.recordAnnotated(annotation.parent);
      }
    }
  }

  private recordAnnotated(holder: TSESTree.Node | undefined): void {
    if (!holder) return;
    if (holder.type === AST_NODE_TYPES.Identifier) {
      if (holder.parent?.type === AST_NODE_TYPES.TSParameterProperty) {
        this.addMember(enclosingClass(holder.parent), holder.name);
      } else {
        this.addVariableOf(holder);
      }
    } else if (
      (holder.type === AST_NODE_TYPES.PropertyDefinition || holder.type === AST_NODE_TYPES.AccessorProperty) &&
      !holder.static
    ) {
      this.addMember(enclosingClass(holder), getKeyName(holder.key, holder.computed));
    }
  }

  /** Whether `expression` evaluates to an instance. */
  has(expression: TSESTree.Node): boolean {
    const inner = unwrapTS(expression);
    if (this.direct.has(inner)) return true;
    if (inner.type === AST_NODE_TYPES.AwaitExpression) return this.has(inner.argument);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      if (this.variables.size === 0) return false;
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(inner) as never, inner) as TSESLint.Scope.Variable | null;
      return variable !== null && this.variables.has(variable);
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression && inner.object.type === AST_NODE_TYPES.ThisExpression && !inner.computed) {
      const names = this.members.get(enclosingClass(inner) as TSESTree.Node);
      return names?.has(getKeyName(inner.property, false) ?? '') ?? false;
    }
    return false;
  }
}

/** Which variables and members hold instances of one library's client (memoised per file under `key`). */
export function getInstanceIndex(
  context: Context,
  key: string,
  modules: readonly string[],
  source: InstanceSource,
): InstanceIndex {
  return getAnalysis(context).memo(`instances:${key}`, () => {
    const creations = source.createdBy.length > 0 ? findExportReferences(context, modules, source.createdBy) : [];
    return new InstanceIndex(context.sourceCode, modules, source, creations);
  });
}

/** Whether the file imports or requires any of these modules at all (a cheap pre-check). */
export function mentionsModule(sourceCode: SourceCode, modules: readonly string[]): boolean {
  const text = sourceCode.text;
  return modules.some((name) => text.includes(name.startsWith('node:') ? name.slice(5) : name));
}

/** Whether typed linting is on for this file (a TypeScript program is available). */
export function hasTypeInformation(sourceCode: SourceCode): boolean {
  return !!(sourceCode.parserServices as { program?: unknown } | undefined)?.program;
}

export { hasLibraryType } from './type-info.js';

/** A project function named in `settings.otel` (a job runner, an HTTP wrapper), optionally of one module. */
export interface ConfiguredFunction {
  readonly name: string;
  readonly module?: string;
}

/**
 * Calls of configured project functions: of the module's export when `module` is set (through any import
 * style), otherwise any call whose callee is named so: `runJob` matches `runJob(…)` and `jobs.runJob(…)`,
 * a dotted `strapi.fetch` matches `strapi.fetch(…)` and `this.strapi.fetch(…)`.
 */
export function findConfiguredCalls<T extends ConfiguredFunction>(
  context: Context,
  entries: readonly T[],
): { entry: T; call: TSESTree.CallExpression }[] {
  const sourceCode = context.sourceCode;
  const out: { entry: T; call: TSESTree.CallExpression }[] = [];
  const present = entries.filter((entry) => sourceCode.text.includes(entry.name));
  for (const entry of present) {
    if (entry.module === undefined) continue;
    for (const reference of findExportReferences(context, [entry.module], [{ path: [entry.name], invoke: 'call' }])) {
      if (reference.node.type === AST_NODE_TYPES.CallExpression) out.push({ entry, call: reference.node });
    }
  }
  const unqualified = present.filter((entry) => entry.module === undefined);
  if (unqualified.length === 0) return out;
  walk(
    sourceCode.ast,
    (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const entry = unqualified.find((candidate) => matchesConfiguredName(node.callee, candidate.name));
      if (entry) out.push({ entry, call: node });
    },
    sourceCode.visitorKeys,
    { intoFunctions: true },
  );
  return out;
}

/** The expression an instance variable or `this.x` member was initialised with, in this file. */
export function holderInitializer(sourceCode: SourceCode, client: TSESTree.Node): TSESTree.Node | undefined {
  if (client.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(client) as never, client) as TSESLint.Scope.Variable | null;
    const definition = variable?.defs[0]?.node as TSESTree.Node | undefined;
    return definition?.type === AST_NODE_TYPES.VariableDeclarator ? (definition.init ?? undefined) : undefined;
  }
  if (client.type === AST_NODE_TYPES.MemberExpression && client.object.type === AST_NODE_TYPES.ThisExpression && !client.computed) {
    const name = getKeyName(client.property, false);
    const classNode = enclosingClass(client);
    for (const element of classNode?.body.body ?? []) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && getKeyName(element.key, element.computed) === name && element.value) {
        return element.value;
      }
    }
    return classNode ? thisMemberAssignments(classNode, name ?? '', sourceCode.visitorKeys).at(-1)?.right : undefined;
  }
  return undefined;
}

