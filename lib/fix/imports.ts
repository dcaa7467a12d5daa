import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { nearestPackageType } from '../project.js';
import type { FixBuilder } from './builder.js';
import { freshName, moduleNames } from './names.js';
import { quoteOf, stringLiteral } from './text.js';

/**
 * Adding or merging imports: reuse an existing value import of the module (named or namespace), merge new
 * names into its braces, or add a declaration after the last import; in CommonJS files the same with
 * `require`. Returns, for each requested name, the expression that reaches it (`trace`, `api.trace`, or an
 * alias when the plain name is taken).
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

interface ImportPlan {
  readonly module: string;
  readonly locals: ReadonlyMap<string, string>;
  /** Names to add (imported name → local name), written when the fix is built. */
  readonly pending: Map<string, string>;
}

function isRequireOf(node: TSESTree.Node | null | undefined, module: string): boolean {
  return (
    node?.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    node.arguments[0].value === module
  );
}

function isRequireDeclaration(statement: TSESTree.Node): statement is TSESTree.VariableDeclaration {
  return (
    statement.type === AST_NODE_TYPES.VariableDeclaration &&
    statement.declarations.length > 0 &&
    statement.declarations.every((d) => {
      let init = d.init;
      while (init?.type === AST_NODE_TYPES.MemberExpression) init = init.object;
      return (
        init?.type === AST_NODE_TYPES.CallExpression &&
        init.callee.type === AST_NODE_TYPES.Identifier &&
        init.callee.name === 'require'
      );
    })
  );
}

/** `module.exports = …`, `module.exports.x = …` or `exports.x = …`. */
function isExportsAssignment(statement: TSESTree.Node): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) {
    return false;
  }
  let target: TSESTree.Node = statement.expression.left;
  while (target.type === AST_NODE_TYPES.MemberExpression) {
    const object: TSESTree.Node = target.object;
    if (object.type === AST_NODE_TYPES.Identifier && (object.name === 'exports' || object.name === 'module')) return true;
    target = object;
  }
  return false;
}

const cjsCache = new WeakMap<object, boolean>();

/** CommonJS unless the file has import/export declarations (ESM) or is parsed as a module without `require`. */
export function isCommonJS(sourceCode: SourceCode, filename: string): boolean {
  let cjs = cjsCache.get(sourceCode.ast);
  if (cjs === undefined) {
    cjs = computeIsCommonJS(sourceCode, filename);
    cjsCache.set(sourceCode.ast, cjs);
  }
  return cjs;
}

function computeIsCommonJS(sourceCode: SourceCode, filename: string): boolean {
  const body = sourceCode.ast.body;
  if (
    body.some(
      (s) =>
        s.type === AST_NODE_TYPES.ImportDeclaration ||
        s.type === AST_NODE_TYPES.ExportNamedDeclaration ||
        s.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
        s.type === AST_NODE_TYPES.ExportAllDeclaration ||
        s.type === AST_NODE_TYPES.TSExportAssignment,
    )
  ) {
    return false;
  }
  if (/\.c[jt]s$/i.test(filename)) return true;
  if (/\.m[jt]s$/i.test(filename)) return false;
  // `require(…)` anywhere, or assignments to module.exports / exports.
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (globalScope?.through.some((reference) => ['require', 'module', 'exports'].includes(reference.identifier.name))) return true;
  if (body.some((s) => isRequireDeclaration(s) || isExportsAssignment(s))) return true;
  // A plain .js file without module syntax is what its package.json says (CommonJS unless "type": "module").
  if (/\.[cm]?jsx?$/i.test(filename)) return nearestPackageType(filename) === 'commonjs';
  return sourceCode.ast.sourceType === 'script';
}

/** Where new top-level statements go: after the last import/require, else before the first statement. */
const insertionCache = new WeakMap<object, { offset: number; after: boolean }>();

export function topInsertionPoint(sourceCode: SourceCode): { offset: number; after: boolean } {
  let point = insertionCache.get(sourceCode.ast);
  if (!point) {
    point = computeTopInsertionPoint(sourceCode);
    insertionCache.set(sourceCode.ast, point);
  }
  return point;
}

function computeTopInsertionPoint(sourceCode: SourceCode): { offset: number; after: boolean } {
  const body = sourceCode.ast.body;
  let last: TSESTree.Node | undefined;
  for (const statement of body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration || isRequireDeclaration(statement)) last = statement;
  }
  if (last) {
    // After a comment that ends the import's line, so it stays with its import.
    const trailing = sourceCode.getCommentsAfter(last).find((comment) => comment.loc.start.line === last!.loc.end.line);
    return { offset: trailing && trailing.loc.end.line === last.loc.end.line ? trailing.range[1] : last.range[1], after: true };
  }
  const firstCode = body.find(
    (s) => !(s.type === AST_NODE_TYPES.ExpressionStatement && typeof (s as { directive?: string }).directive === 'string'),
  );
  if (firstCode) {
    // Before a JSDoc comment that documents the first statement, so the two stay together.
    let start: TSESTree.Node | TSESTree.Comment = firstCode;
    const comments = sourceCode.getCommentsBefore(firstCode);
    for (let index = comments.length - 1; index >= 0; index--) {
      const comment = comments[index]!;
      const adjacent = comment.loc.end.line >= start.loc.start.line - 1;
      if (!adjacent || comment.type !== 'Block' || !comment.value.startsWith('*')) break;
      start = comment;
    }
    return { offset: start.range[0], after: false };
  }
  const lastDirective = body.at(-1);
  if (lastDirective) return { offset: lastDirective.range[1], after: true };
  return { offset: 0, after: false };
}

/**
 * Insert a top-level statement at the shared insertion point (after the imports, before the code), with a
 * blank line before it when `blankLineBefore` (a new group) and always one between it and following code.
 */
export function insertTopLevel(builder: FixBuilder, statement: string, blankLineBefore = false): void {
  const point = topInsertionPoint(builder.sourceCode);
  if (!point.after) {
    builder.insertAt(point.offset, `${statement}\n\n`);
    return;
  }
  // A new group keeps a blank line after it even where the imports ran straight into the code.
  const rest = builder.sourceCode.text.slice(point.offset);
  const blankAfter = !blankLineBefore || rest === '' || /^[ \t]*\r?\n[ \t]*\r?\n/.test(rest) || /^[ \t]*$/.test(rest);
  builder.insertAt(point.offset, `\n${blankLineBefore ? '\n' : ''}${statement}${blankAfter ? '' : '\n'}`);
}

export function requestImports(
  builder: FixBuilder,
  filename: string,
  module: string,
  names: readonly string[],
  /** Names visible where the imports will be used (a local `context` would shadow an imported one). */
  avoid: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const sourceCode = builder.sourceCode;
  const key = `import:${module}`;
  let plan = builder.memo.get(key) as ImportPlan | undefined;
  if (!plan) {
    plan = { module, locals: existingLocals(sourceCode, module), pending: new Map() };
    builder.memo.set(key, plan);
    const created = plan;
    builder.onBuild(() => writeImports(builder, filename, created));
  }
  const result: Record<string, string> = {};
  const declared = moduleNames(sourceCode);
  const chosenHere = new Set(plan.pending.values());
  const taken = { has: (name: string) => declared.has(name) || avoid.has(name) || chosenHere.has(name) };
  for (const name of names) {
    const namespace = plan.locals.get('*');
    const existing =
      [plan.locals.get(name), namespace && `${namespace}.${name}`].find((local) => local && !avoid.has(local.split('.')[0]!)) ??
      plan.pending.get(name);
    if (existing) {
      result[name] = existing;
      continue;
    }
    const chosen = taken.has(name) ? freshName(`otel${name[0]!.toUpperCase()}${name.slice(1)}`, taken) : name;
    plan.pending.set(name, chosen);
    chosenHere.add(chosen);
    result[name] = chosen;
  }
  return result;
}

const localsCache = new WeakMap<object, Map<string, ReadonlyMap<string, string>>>();

/** Existing value bindings of `module`: imported name → local expression; `*` → namespace object. */
function existingLocals(sourceCode: SourceCode, module: string): ReadonlyMap<string, string> {
  let perFile = localsCache.get(sourceCode.ast);
  if (!perFile) {
    perFile = new Map();
    localsCache.set(sourceCode.ast, perFile);
  }
  let locals = perFile.get(module);
  if (!locals) {
    locals = computeExistingLocals(sourceCode, module);
    perFile.set(module, locals);
  }
  return locals;
}

function computeExistingLocals(sourceCode: SourceCode, module: string): Map<string, string> {
  const locals = new Map<string, string>();
  for (const statement of sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.value === module && statement.importKind !== 'type') {
      for (const specifier of statement.specifiers) {
        if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) locals.set('*', specifier.local.name);
        if (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind !== 'type') {
          const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
          locals.set(imported, specifier.local.name);
        }
      }
    }
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        if (!isRequireOf(declarator.init, module)) continue;
        if (declarator.id.type === AST_NODE_TYPES.Identifier) locals.set('*', declarator.id.name);
        if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
          for (const property of declarator.id.properties) {
            if (
              property.type === AST_NODE_TYPES.Property &&
              property.key.type === AST_NODE_TYPES.Identifier &&
              property.value.type === AST_NODE_TYPES.Identifier
            ) {
              locals.set(property.key.name, property.value.name);
            }
          }
        }
      }
    }
  }
  return locals;
}

const mergeTargetCache = new WeakMap<object, Map<string, TSESTree.Node | null>>();

/**
 * The last specifier of an existing `import { … } from 'm'` (or, in CommonJS, `const { … } = require('m')`)
 * that new names can join; once per file and module, since every fix of a file asks.
 */
function mergeTarget(sourceCode: SourceCode, module: string, cjs: boolean): TSESTree.Node | undefined {
  let perFile = mergeTargetCache.get(sourceCode.ast);
  if (!perFile) {
    perFile = new Map();
    mergeTargetCache.set(sourceCode.ast, perFile);
  }
  const key = `${cjs ? 'cjs' : 'esm'}:${module}`;
  let target = perFile.get(key);
  if (target === undefined) {
    target = computeMergeTarget(sourceCode, module, cjs) ?? null;
    perFile.set(key, target);
  }
  return target ?? undefined;
}

function computeMergeTarget(sourceCode: SourceCode, module: string, cjs: boolean): TSESTree.Node | undefined {
  for (const statement of sourceCode.ast.body) {
    if (!cjs && statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.value === module && statement.importKind !== 'type') {
      const last = statement.specifiers.filter((s) => s.type === AST_NODE_TYPES.ImportSpecifier).at(-1);
      if (last) return last;
    }
    if (cjs && statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        if (!isRequireOf(declarator.init, module) || declarator.id.type !== AST_NODE_TYPES.ObjectPattern) continue;
        const last = declarator.id.properties.at(-1);
        if (last && last.type !== AST_NODE_TYPES.RestElement) return last;
      }
    }
  }
  return undefined;
}

function writeImports(builder: FixBuilder, filename: string, plan: ImportPlan): void {
  if (plan.pending.size === 0) return;
  const sourceCode = builder.sourceCode;
  const cjs = isCommonJS(sourceCode, filename);
  const specifiers = [...plan.pending].map(([imported, local]) =>
    imported === local ? imported : cjs ? `${imported}: ${local}` : `${imported} as ${local}`,
  );

  // Merge into existing braces: `import { a } from 'm'` or `const { a } = require('m')`.
  const target = mergeTarget(sourceCode, plan.module, cjs);
  if (target) {
    builder.insertAfter(target, `, ${specifiers.join(', ')}`);
    return;
  }

  const source = stringLiteral(plan.module, quoteOf(sourceCode));
  const statement = cjs
    ? `const { ${specifiers.join(', ')} } = require(${source});`
    : `import { ${specifiers.join(', ')} } from ${source};`;
  insertTopLevel(builder, statement);
}
