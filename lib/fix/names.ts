import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** Picking identifiers that clash with nothing. */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A set of names that can only answer `has`: enough for picking fresh names, and cheap to build. */
export interface NameSet {
  has(name: string): boolean;
}

const throughCache = new WeakMap<object, Set<string>>();

function throughNames(scope: TSESLint.Scope.Scope): Set<string> {
  let names = throughCache.get(scope);
  if (!names) {
    names = new Set(scope.through.map((reference) => reference.identifier.name));
    throughCache.set(scope, names);
  }
  return names;
}

/**
 * Names visible from `node`'s scope: declared in it or any enclosing scope, or referenced there without a
 * declaration (globals). Answered lazily per name, so that asking is proportional to the scope depth, not to
 * the size of the file.
 */
export function visibleNames(sourceCode: SourceCode, node: TSESTree.Node): NameSet {
  const start = sourceCode.getScope(node);
  return {
    has(name: string): boolean {
      for (let scope: TSESLint.Scope.Scope | null = start; scope; scope = scope.upper) {
        if (scope.set.has(name) || throughNames(scope).has(name)) return true;
      }
      return false;
    },
  };
}

/** Every identifier name written anywhere inside `node` (declared or referenced), by scanning its tokens. */
export function namesWithin(sourceCode: SourceCode, node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  for (const token of sourceCode.getTokens(node)) {
    if (token.type === 'Identifier' || token.type === 'Keyword') names.add(token.value);
  }
  return names;
}

/** `base`, or `base2`, `base3`, … : the first not in `taken`. */
export function freshName(base: string, ...taken: NameSet[]): string {
  const clashes = (name: string): boolean => taken.some((set) => set.has(name));
  if (!clashes(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}${i}`;
    if (!clashes(candidate)) return candidate;
  }
}

/**
 * The file's top-level scope: `global`, an ES `module` scope, or the function scope that CommonJS files
 * (`sourceType: 'commonjs'`) get around the whole program.
 */
function isModuleLevel(scope: TSESLint.Scope.Scope): boolean {
  return scope.type === 'module' || scope.type === 'global' || (scope.block as { type?: string }).type === 'Program';
}

const moduleNamesCache = new WeakMap<object, ReadonlySet<string>>();

/** Names declared at module level or used as globals anywhere in the file (computed once per file). */
export function moduleNames(sourceCode: SourceCode): ReadonlySet<string> {
  const cached = moduleNamesCache.get(sourceCode.ast);
  if (cached) return cached;
  const names = new Set<string>();
  const global = sourceCode.scopeManager?.globalScope;
  if (global) {
    for (const name of global.set.keys()) names.add(name);
    for (const reference of global.through) names.add(reference.identifier.name);
    for (const child of global.childScopes) {
      if (isModuleLevel(child)) {
        for (const name of child.set.keys()) names.add(name);
        for (const reference of child.through) names.add(reference.identifier.name);
      }
    }
  }
  moduleNamesCache.set(sourceCode.ast, names);
  return names;
}

/**
 * Names that would shadow a module-level binding at `node`: declared in any scope between `node` and the
 * module scope (parameters, locals, catch parameters, …).
 */
export function shadowingNames(sourceCode: SourceCode, node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(node); scope; scope = scope.upper) {
    if (isModuleLevel(scope)) break;
    for (const name of scope.set.keys()) names.add(name);
  }
  return names;
}

/** Names declared anywhere inside `node` (its own scope and every nested one): parameters, locals, … */
export function declaredWithin(sourceCode: SourceCode, node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  const root = sourceCode.scopeManager?.acquire(node as never);
  const stack = root ? [root as TSESLint.Scope.Scope] : [];
  while (stack.length > 0) {
    const scope = stack.pop()!;
    for (const name of scope.set.keys()) names.add(name);
    stack.push(...scope.childScopes);
  }
  return names;
}
