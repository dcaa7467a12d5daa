import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';

import { walk, type FunctionNode } from '../ast.js';
import type { FixBuilder } from './builder.js';
import { freshName, namesWithin, visibleNames } from './names.js';
import {
  indentUnit,
  lineIndent,
  needsParensAsOperand,
  reindent,
  quoteOf,
  stringLiteral,
  type Insertion,
  type TypeSyntax,
} from './text.js';

/**
 * Wrapping a function body in `tracer.startActiveSpan(name, (span) => { … })` with try/catch/finally, keeping
 * what the body means: the callback is an arrow (so `this`, `arguments`, `super` and `new.target` are the
 * enclosing function's), it is async exactly when `async` is asked for (so `await` stays legal), returns pass
 * through (awaited inside an async callback so the span ends when the work does), the parameter list is
 * never touched, comments and multi-line template literals are kept verbatim, and the user's indentation
 * unit is used. Generators cannot be wrapped (`yield` cannot cross a callback): callers must not ask.
 */

export interface SpanWrapOptions {
  /** Expression for the tracer (`tracer`, `telemetry.tracer`). */
  readonly tracer: string;
  /** Expression for the span name (already a JS expression: `'emails'` or `job.name`). */
  readonly spanName: string;
  /** Attribute key → JS expression, set with one `span.setAttributes({...})`. */
  readonly attributes: readonly (readonly [string, string])[];
  /** Expression reaching `SpanStatusCode`. */
  readonly statusCode: string;
  /** Span start options as a JS object expression (`{ kind: SpanKind.CONSUMER }`), when there are any. */
  readonly spanOptions?: string;
  /** How types may be written in this file (`err as Error`, a JSDoc cast in checked JS, or not at all). */
  readonly types: TypeSyntax;
  /** Make the span callback async (and `return await` inside it). */
  readonly async: boolean;
  /**
   * Callback-style handler: the name of its completion callback parameter. The span then ends when that
   * callback is called (or the body throws), not when the body returns.
   */
  readonly doneParam?: string;
}

export function wrapBodyInSpan(builder: FixBuilder, fn: FunctionNode, options: SpanWrapOptions): void {
  const sourceCode = builder.sourceCode;
  const unit = indentUnit(sourceCode);
  const taken = [namesWithin(sourceCode, fn), visibleNames(sourceCode, fn.body)];
  const span = freshName('span', ...taken);
  const err = freshName('err', ...taken, new Set([span]));

  const isBlock = fn.body.type === AST_NODE_TYPES.BlockStatement;
  const closing = isBlock ? sourceCode.getLastToken(fn.body)! : undefined;
  const closingFirstOnLine = closing && sourceCode.lines[closing.loc.start.line - 1]!.trimStart().startsWith('}');
  const fnIndent = closing && closingFirstOnLine ? lineIndent(sourceCode, closing) : lineIndent(sourceCode, fn);
  const i1 = fnIndent + unit; // `return tracer.startActiveSpan(…` and `});`
  const i2 = i1 + unit; // try / catch / finally
  const i3 = i2 + unit; // the original body

  let bodyText: string;
  // A directive prologue ('use strict') must stay first in the function, outside the wrap.
  const directives = isBlock ? leadingDirectives(fn.body as TSESTree.BlockStatement) : [];
  if (isBlock) {
    bodyText = blockContents(builder, fn, fn.body as TSESTree.BlockStatement, i3, unit + unit, options.async, directives.at(-1));
  } else {
    bodyText = expressionContents(builder, fn, fn.body as TSESTree.Expression, i3, fnIndent, options.async);
  }

  const lines: string[] = directives.map((directive) => `${i1}${sourceCode.getText(directive)}`);
  let done: string | undefined;
  if (options.doneParam) {
    done = freshName(`${options.doneParam}Job`, ...taken, new Set([span, err]));
    lines.push(`${i1}const ${done} = ${options.doneParam};`);
  }
  const startArgs = options.spanOptions ? `${options.spanName}, ${options.spanOptions}` : options.spanName;
  lines.push(`${i1}return ${options.tracer}.startActiveSpan(${startArgs}, ${options.async ? 'async ' : ''}(${span}) => {`);
  lines.push(...setAttributesLines(sourceCode, span, options.attributes, i2, unit));
  if (options.doneParam && done) {
    const type = `typeof ${done}`;
    if (options.types === 'jsdoc') lines.push(`${i2}/** @type {${type}} */`);
    const declaration = options.types === 'ts' ? `const ${options.doneParam}: ${type} =` : `const ${options.doneParam} =`;
    const errParam = freshName('error', ...taken, new Set([span, err, done]));
    lines.push(
      `${i2}${declaration} (${errParam}, ...rest) => {`,
      `${i3}if (${errParam}) {`,
      ...recordFailure(`${i3}${unit}`, span, errParam, options.statusCode),
      `${i3}}`,
      `${i3}${span}.end();`,
      `${i3}return ${done}(${errParam}, ...rest);`,
      `${i2}};`,
    );
  }
  lines.push(`${i2}try {`);
  if (bodyText) lines.push(bodyText);
  lines.push(
    `${i2}} catch (${err}) {`,
    ...recordFailure(i3, span, err, options.statusCode),
  );
  if (options.doneParam) {
    lines.push(`${i3}${span}.end();`, `${i3}throw ${err};`, `${i2}}`);
  } else {
    lines.push(`${i3}throw ${err};`, `${i2}} finally {`, `${i3}${span}.end();`, `${i2}}`);
  }
  lines.push(`${i1}});`);

  if (isBlock) {
    builder.replace(fn.body, `{\n${lines.join('\n')}\n${fnIndent}}`);
  } else {
    const arrow = sourceCode.getTokenBefore(fn.body, ASTUtils.isArrowToken)!;
    builder.replace([arrow.range[1], fn.range[1]], ` {\n${lines.join('\n')}\n${fnIndent}}`);
  }
}

/**
 * For generators, whose `yield` cannot move into a callback: a span started with `startSpan` around the body
 * in the same function (recorded and ended like the active one, but not made active: no context survives a
 * `yield`, so calls inside the body are not its children).
 */
export function wrapGeneratorBodyInSpan(builder: FixBuilder, fn: FunctionNode, options: Omit<SpanWrapOptions, 'async' | 'doneParam'>): void {
  const sourceCode = builder.sourceCode;
  const unit = indentUnit(sourceCode);
  const taken = [namesWithin(sourceCode, fn), visibleNames(sourceCode, fn.body)];
  const span = freshName('span', ...taken);
  const err = freshName('err', ...taken, new Set([span]));
  const closing = sourceCode.getLastToken(fn.body)!;
  const fnIndent = lineIndent(sourceCode, closing);
  const i1 = fnIndent + unit;
  const i2 = i1 + unit;
  const body = blockContents(builder, fn, fn.body as TSESTree.BlockStatement, i2, unit, false);
  const startArgs = options.spanOptions ? `${options.spanName}, ${options.spanOptions}` : options.spanName;
  const lines = [`${i1}const ${span} = ${options.tracer}.startSpan(${startArgs});`];
  lines.push(...setAttributesLines(sourceCode, span, options.attributes, i1, unit));
  lines.push(`${i1}try {`);
  if (body) lines.push(body);
  lines.push(
    `${i1}} catch (${err}) {`,
    ...recordFailure(i2, span, err, options.statusCode),
    `${i2}throw ${err};`,
    `${i1}} finally {`,
    `${i2}${span}.end();`,
    `${i1}}`,
  );
  builder.replace(fn.body, `{\n${lines.join('\n')}\n${fnIndent}}`);
}

/** `span.setAttributes({ … })` on one line, or one attribute a line when that line would pass 100 columns. */
function setAttributesLines(
  sourceCode: FixBuilder['sourceCode'],
  span: string,
  attributes: readonly (readonly [string, string])[],
  indent: string,
  unit: string,
): string[] {
  if (attributes.length === 0) return [];
  const entries = attributes.map(([key, value]) => `${stringLiteral(key, quoteOf(sourceCode))}: ${value}`);
  const oneLine = `${indent}${span}.setAttributes({ ${entries.join(', ')} });`;
  if (oneLine.length <= 100) return [oneLine];
  return [`${indent}${span}.setAttributes({`, ...entries.map((entry) => `${indent}${unit}${entry},`), `${indent}});`];
}

/**
 * Recording what was thrown without a cast (`@opentelemetry/api`'s `Exception` accepts an `Error`-like object
 * or a string; a catch variable is `unknown` under strict TS), and the failure's message as the status message.
 */
function recordFailure(indent: string, span: string, err: string, statusCode: string): string[] {
  return [
    `${indent}${span}.recordException(${err} instanceof Error ? ${err} : String(${err}));`,
    `${indent}${span}.setStatus({ code: ${statusCode}.ERROR, message: ${err} instanceof Error ? ${err}.message : String(${err}) });`,
  ];
}

/** `return x` → `return await x` for the function's own returns, so the span covers the awaited work. */
function awaitReturns(builder: FixBuilder, fn: FunctionNode): Insertion[] {
  const sourceCode = builder.sourceCode;
  const insertions: Insertion[] = [];
  walk(
    fn.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.ReturnStatement || !node.argument) return;
      if (!mayBeThenable(node.argument, sourceCode)) return;
      // Inside the user's own `try`, an await would let their catch/finally see the rejection (or run later)
      // where it did not before: leave those returns as they are.
      if (insideTryBlock(node, fn)) return;
      const parenthesized = ASTUtils.isParenthesized(node.argument, sourceCode);
      const first = sourceCode.getTokenAfter(sourceCode.getFirstToken(node)!)!;
      if (!parenthesized && needsParensAsOperand(node.argument)) {
        insertions.push({ offset: first.range[0], text: 'await (' }, { offset: node.argument.range[1], text: ')' });
      } else {
        insertions.push({ offset: first.range[0], text: 'await ' });
      }
    },
    sourceCode.visitorKeys,
  );
  return insertions;
}

function leadingDirectives(block: TSESTree.BlockStatement): TSESTree.ExpressionStatement[] {
  const out: TSESTree.ExpressionStatement[] = [];
  for (const statement of block.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || typeof statement.directive !== 'string') break;
    out.push(statement);
  }
  return out;
}

/**
 * With typed linting, whether the checker says the value can never be a promise (no constituent has `then`
 * and none is any/unknown): `return await` on it would only trip `await-thenable`.
 */
function typedNotThenable(sourceCode: FixBuilder['sourceCode'], node: TSESTree.Node): boolean {
  const services = sourceCode.parserServices as
    | { program?: { getTypeChecker(): unknown } | null; esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): unknown } }
    | undefined;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return false;
  try {
    interface TsType {
      flags: number;
      isUnion(): boolean;
      types?: TsType[];
    }
    const checker = services.program.getTypeChecker() as {
      getTypeAtLocation(node: unknown): TsType;
      getPropertyOfType(type: TsType, name: string): unknown;
    };
    const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
    const ANY_OR_UNKNOWN = 1 | 2; // ts.TypeFlags.Any | ts.TypeFlags.Unknown
    const parts = type.isUnion() ? (type.types ?? []) : [type];
    return parts.every((part) => (part.flags & ANY_OR_UNKNOWN) === 0 && !checker.getPropertyOfType(part, 'then'));
  } catch {
    return false;
  }
}

function insideTryBlock(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let child = node, parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child) return true;
  }
  return false;
}

/**
 * Whether `return await x` is right for a returned value: with typed linting, unless the checker says `x` can
 * never be a thenable; without it, only where `x` can plausibly be one, so the fixed code passes
 * `@typescript-eslint/await-thenable` when the project lints with types later. Awaited: calls (except a few
 * built-ins that never return a promise: `String(x)`, `JSON.stringify(x)`, `x.toFixed()`, …), `new Promise`,
 * `import()`, and variables that are imports, reassigned, or initialised with one of those. Not awaited:
 * literals, templates, objects, arrays, functions, operators, member reads (`rows.length`, `intent.id`),
 * `this`, parameters, and variables initialised with an `await` or another value of this list. Conditional
 * and logical expressions are awaited when either side is.
 */
export function mayBeThenable(node: TSESTree.Node, sourceCode?: FixBuilder['sourceCode'], depth = 0): boolean {
  if (sourceCode && depth === 0 && typedNotThenable(sourceCode, node)) return false;
  if (depth > 8) return true;
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
      return !isSyncBuiltinCall(node);
    case AST_NODE_TYPES.NewExpression:
      return node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Promise';
    case AST_NODE_TYPES.ImportExpression:
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return true;
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return mayBeThenable(node.expression, sourceCode, depth + 1);
    case AST_NODE_TYPES.ConditionalExpression:
      return mayBeThenable(node.consequent, sourceCode, depth + 1) || mayBeThenable(node.alternate, sourceCode, depth + 1);
    case AST_NODE_TYPES.LogicalExpression:
      return mayBeThenable(node.left, sourceCode, depth + 1) || mayBeThenable(node.right, sourceCode, depth + 1);
    case AST_NODE_TYPES.SequenceExpression:
      return mayBeThenable(node.expressions.at(-1)!, sourceCode, depth + 1);
    case AST_NODE_TYPES.Identifier:
      return sourceCode ? identifierMayBeThenable(node, sourceCode, depth) : node.name !== 'undefined';
    default:
      return false;
  }
}

const SYNC_GLOBALS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone']);
const SYNC_NAMESPACES = new Set(['JSON', 'Math', 'Object', 'Array', 'Number', 'String', 'Date']);
/** Methods that return a plain value on the built-ins they are usually called on (not `find`/`get`/`sort`: ORMs' queries are thenables). */
const SYNC_METHODS = new Set(['toString', 'toFixed', 'toISOString', 'toUpperCase', 'toLowerCase', 'trim', 'split', 'padStart', 'padEnd', 'startsWith', 'endsWith', 'includes', 'indexOf', 'replace', 'replaceAll', 'map', 'filter', 'some', 'every']);

function isSyncBuiltinCall(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return SYNC_GLOBALS.has(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return false;
  if (callee.object.type === AST_NODE_TYPES.Identifier && SYNC_NAMESPACES.has(callee.object.name)) return true;
  return SYNC_METHODS.has(callee.property.name);
}

function identifierMayBeThenable(node: TSESTree.Identifier, sourceCode: FixBuilder['sourceCode'], depth: number): boolean {
  if (node.name === 'undefined') return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
  if (!variable) return true; // an undeclared global
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return true;
  if (def.type === 'Parameter' || def.type === 'FunctionName' || def.type === 'ClassName') return false;
  if (def.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return true;
  if (variable.references.some((reference) => reference.isWrite() && reference.identifier !== def.node.id)) return true;
  const init = def.node.init;
  if (init.type === AST_NODE_TYPES.AwaitExpression) return false;
  return mayBeThenable(init, sourceCode, depth + 1);
}

function blockContents(
  builder: FixBuilder,
  fn: FunctionNode,
  block: TSESTree.BlockStatement,
  targetIndent: string,
  extra: string,
  async: boolean,
  after?: TSESTree.Node,
): string {
  const sourceCode = builder.sourceCode;
  const text = sourceCode.text;
  const open = sourceCode.getFirstToken(block)!;
  const close = sourceCode.getLastToken(block)!;
  let start = (after ?? open).range[1];
  while (text[start] === ' ' || text[start] === '\t') start++;
  let prefix: string;
  if (text[start] === '\r') start++;
  if (text[start] === '\n') {
    start++;
    prefix = extra;
  } else {
    prefix = targetIndent;
  }
  let end = close.range[0];
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end <= start) return '';
  const insertions = async ? awaitReturns(builder, fn) : [];
  return prefix + reindent(sourceCode, [start, end], extra, insertions);
}

function expressionContents(
  builder: FixBuilder,
  fn: FunctionNode,
  body: TSESTree.Expression,
  targetIndent: string,
  fnIndent: string,
  async: boolean,
): string {
  const sourceCode = builder.sourceCode;
  const arrow = sourceCode.getTokenBefore(body, ASTUtils.isArrowToken)!;
  const first = sourceCode.getTokenAfter(arrow)!;
  const range: [number, number] = [first.range[0], fn.range[1]];
  // Comments between `=>` and the expression go on their own lines above the `return` (a line break right
  // after `return` would return undefined).
  const leading = sourceCode
    .getCommentsBefore(first)
    .filter((comment) => comment.range[0] > arrow.range[1])
    .map((comment) => `${targetIndent}${sourceCode.getText(comment as never)}\n`)
    .join('');
  // Continuation lines keep their indentation relative to the expression's first line, which moves to the
  // body's depth.
  const firstOnLine = sourceCode.lines[first.loc.start.line - 1]!.slice(0, first.loc.start.column).trim() === '';
  const base = firstOnLine ? lineIndent(sourceCode, first) : fnIndent;
  const extra = targetIndent.startsWith(base) ? targetIndent.slice(base.length) : targetIndent.slice(fnIndent.length);
  let expression = reindent(sourceCode, range, extra);
  if (async && mayBeThenable(body, sourceCode)) {
    const parenthesized = ASTUtils.isParenthesized(body, sourceCode);
    expression = !parenthesized && needsParensAsOperand(body) ? `await (${expression})` : `await ${expression}`;
  }
  return `${leading}${targetIndent}return ${expression};`;
}

export interface HelperWrapOptions {
  /** Expression reaching the project's helper (`withJobSpan`). */
  readonly helper: string;
  readonly spanName: string;
  readonly attributes: readonly (readonly [string, string])[];
  /** The handler is async: the callback given to the helper is async instead (the handler returns its result). */
  readonly async: boolean;
}

/**
 * With `settings.otel.spanHelper`: `return withJobSpan(name, { …attributes }, async () => { …body… })`. The
 * helper records failures and ends the span. An arrow's block body stays as it is (the arrow returns the
 * helper's call); another function's body moves one level in. An async handler loses its own `async`, which
 * the callback takes over (an async function without `await` trips `require-await`): it still returns the
 * callback's promise, through the helper.
 */
export function wrapBodyInHelper(builder: FixBuilder, fn: FunctionNode, options: HelperWrapOptions): void {
  const sourceCode = builder.sourceCode;
  const quote = quoteOf(sourceCode);
  const unit = indentUnit(sourceCode);
  const entries = options.attributes.map(([key, value]) => `${stringLiteral(key, quote)}: ${value}`);
  // One attribute a line when there are several and the head would pass 100 columns; the body stays as it is.
  const headFor = (indent: string, prefixLength: number): string => {
    const callback = `${options.async ? 'async ' : ''}() => `;
    const flat = `${options.helper}(${options.spanName}, { ${entries.join(', ')} }, ${callback}`;
    if (prefixLength + flat.length <= 100 || entries.length < 3) return flat;
    return `${options.helper}(${options.spanName}, {\n${entries.map((entry) => `${indent}${unit}${entry},\n`).join('')}${indent}}, ${callback}`;
  };
  if (fn.async) {
    const asyncToken = sourceCode
      .getTokens(fn.parent && (fn.parent.type === AST_NODE_TYPES.MethodDefinition || fn.parent.type === AST_NODE_TYPES.Property) && fn.parent.value === fn ? fn.parent : fn)
      .find((token) => token.value === 'async' && token.range[1] <= (fn.params[0]?.range[0] ?? fn.body.range[0]));
    if (asyncToken) {
      const next = sourceCode.getTokenAfter(asyncToken, { includeComments: true })!;
      builder.replace([asyncToken.range[0], next.range[0]], '');
    }
  }
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression) {
    // After `=>`, before any parenthesis around an expression body (`() => ({ … })`).
    const arrow = sourceCode.getTokenBefore(fn.body, ASTUtils.isArrowToken)!;
    const first = sourceCode.getTokenAfter(arrow)!;
    builder.insertAt(first.range[0], headFor(lineIndent(sourceCode, first), first.loc.start.column));
    builder.insertAt(fn.range[1], ')');
    return;
  }
  const block = fn.body as TSESTree.BlockStatement;
  const closing = sourceCode.getLastToken(block)!;
  const closingFirstOnLine = sourceCode.lines[closing.loc.start.line - 1]!.trimStart().startsWith('}');
  const fnIndent = closingFirstOnLine ? lineIndent(sourceCode, closing) : lineIndent(sourceCode, fn);
  const i1 = fnIndent + unit;
  const directives = leadingDirectives(block);
  const body = blockContents(builder, fn, block, i1 + unit, unit, false, directives.at(-1));
  const lines = directives.map((directive) => `${i1}${sourceCode.getText(directive)}`);
  lines.push(`${i1}return ${headFor(i1, i1.length + 'return '.length)}{`);
  if (body) lines.push(body);
  lines.push(`${i1}});`);
  builder.replace(block, `{\n${lines.join('\n')}\n${fnIndent}}`);
}
