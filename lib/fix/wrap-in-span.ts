import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';

import { walk, type FunctionNode } from '../ast.js';
import type { FixBuilder } from './builder.js';
import { freshName, namesWithin, visibleNames } from './names.js';
import {
  assertType,
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
  lines.push(`${i1}return ${options.tracer}.startActiveSpan(${options.spanName}, ${options.async ? 'async ' : ''}(${span}) => {`);
  if (options.attributes.length > 0) {
    const entries = options.attributes.map(([key, value]) => `${stringLiteral(key, quoteOf(sourceCode))}: ${value}`).join(', ');
    lines.push(`${i2}${span}.setAttributes({ ${entries} });`);
  }
  if (options.doneParam && done) {
    const type = `typeof ${done}`;
    if (options.types === 'jsdoc') lines.push(`${i2}/** @type {${type}} */`);
    const declaration = options.types === 'ts' ? `const ${options.doneParam}: ${type} =` : `const ${options.doneParam} =`;
    const errParam = freshName('error', ...taken, new Set([span, err, done]));
    lines.push(
      `${i2}${declaration} (${errParam}, ...rest) => {`,
      `${i3}if (${errParam}) {`,
      `${i3}${unit}${span}.recordException(${assertType(options.types, errParam, 'Error')});`,
      `${i3}${unit}${span}.setStatus({ code: ${options.statusCode}.ERROR });`,
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
    `${i3}${span}.recordException(${assertType(options.types, err, 'Error')});`,
    `${i3}${span}.setStatus({ code: ${options.statusCode}.ERROR });`,
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
  const lines = [`${i1}const ${span} = ${options.tracer}.startSpan(${options.spanName});`];
  if (options.attributes.length > 0) {
    lines.push(`${i1}${span}.setAttributes({ ${options.attributes.map(([key, value]) => `${stringLiteral(key, quoteOf(sourceCode))}: ${value}`).join(', ')} });`);
  }
  lines.push(`${i1}try {`);
  if (body) lines.push(body);
  lines.push(
    `${i1}} catch (${err}) {`,
    `${i2}${span}.recordException(${assertType(options.types, err, 'Error')});`,
    `${i2}${span}.setStatus({ code: ${options.statusCode}.ERROR });`,
    `${i2}throw ${err};`,
    `${i1}} finally {`,
    `${i2}${span}.end();`,
    `${i1}}`,
  );
  builder.replace(fn.body, `{\n${lines.join('\n')}\n${fnIndent}}`);
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

/** Literals and the like never hold a promise: `return await null` would only be noise. */
function mayBeThenable(node: TSESTree.Node, sourceCode?: FixBuilder['sourceCode']): boolean {
  if (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') return false;
  if (sourceCode && typedNotThenable(sourceCode, node)) return false;
  switch (node.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
      return false;
    default:
      return true;
  }
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
