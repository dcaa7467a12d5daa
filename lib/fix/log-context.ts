import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { isFunction, unwrapTS, type FunctionNode } from '../ast.js';
import { isSpanWrapperCall } from '../detect/traced.js';
import type { OtelSettings } from '../settings.js';
import type { FixBuilder } from './builder.js';
import { freshName, namesWithin, visibleNames } from './names.js';
import { appendProperty } from './object-property.js';
import { insertStatementsBefore } from './statements.js';
import { quoteOf, stringLiteral } from './text.js';

/**
 * Binding a job's identity (and trace id) into its logs at the start of the job: a configured log-context
 * setter called first, or a child logger bound once (`const log = logger.child({ job_id, … })`) with the
 * handler's calls routed through it, or (for loggers without a safe per-job binding) the fields passed with
 * each call.
 *
 * "The start of the job" is the start of the job's span when the handler runs in one: the binding goes
 * inside `tracer.startActiveSpan(…, (span) => { try { ⟨here⟩ … } … })`, so the trace id it reads is the job
 * span's. Where the handler has no span yet it goes first in the body, and `require-job-span`'s fix (which
 * moves the whole body into the span callback's `try`) carries it inside: both orders give the same text.
 */

/** A property list entry: key → JS expression. */
export type FieldEntry = readonly [key: string, value: string];

/** `{ job_id: job.id, trace_id: … }` as object-literal text (keys quoted only where they must be). */
export function fieldsObject(builder: FixBuilder, entries: readonly FieldEntry[]): string {
  return `{ ${entries.map((entry) => propertyText(builder, entry)).join(', ')} }`;
}

export function propertyText(builder: FixBuilder, [key, value]: FieldEntry): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : stringLiteral(key, quoteOf(builder.sourceCode));
  return `${name}: ${value}`;
}

/** The trace id of the active span at the point the expression runs. */
export function traceIdExpression(trace: string): string {
  return `${trace}.getActiveSpan()?.spanContext().traceId`;
}

/**
 * The statement before which the job's context is bound: the first statement (after directives) of the
 * innermost block on the way through span-wrapper callbacks and `try` blocks that still holds every node of
 * `uses`; for an expression-bodied arrow, its body expression.
 */
export function bindingAnchor(fn: FunctionNode, uses: readonly TSESTree.Node[], settings: OtelSettings): TSESTree.Node | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  let block: TSESTree.BlockStatement = fn.body;
  const holdsAll = (node: TSESTree.Node): boolean => uses.every((use) => use.range[0] >= node.range[0] && use.range[1] <= node.range[1]);
  for (let depth = 0; depth < 10; depth++) {
    let next: TSESTree.BlockStatement | undefined;
    for (const statement of block.body) {
      if (statement.type === AST_NODE_TYPES.TryStatement && holdsAll(statement.block)) {
        next = statement.block;
        break;
      }
      const callback = spanCallback(statement, settings);
      if (callback && callback.body.type === AST_NODE_TYPES.BlockStatement && holdsAll(callback.body)) {
        next = callback.body;
        break;
      }
    }
    if (!next) break;
    block = next;
  }
  return block.body.find((statement) => !(statement.type === AST_NODE_TYPES.ExpressionStatement && typeof statement.directive === 'string'));
}

/** The callback of `return tracer.startActiveSpan(…, fn)` / `await …` / `… ;` when the statement is one. */
function spanCallback(statement: TSESTree.Statement, settings: OtelSettings): FunctionNode | undefined {
  let expression: TSESTree.Node | null | undefined =
    statement.type === AST_NODE_TYPES.ReturnStatement
      ? statement.argument
      : statement.type === AST_NODE_TYPES.ExpressionStatement
        ? statement.expression
        : undefined;
  if (!expression) return undefined;
  expression = unwrapTS(expression);
  if (expression.type === AST_NODE_TYPES.AwaitExpression) expression = unwrapTS(expression.argument);
  if (expression.type !== AST_NODE_TYPES.CallExpression || !isSpanWrapperCall(expression, settings)) return undefined;
  const last = [...expression.arguments].reverse().find((argument) => isFunction(unwrapTS(argument)));
  return last ? (unwrapTS(last) as FunctionNode) : undefined;
}

/** Insert `statements` at the job's start (see `bindingAnchor`). False when there is no place for them. */
export function insertAtJobStart(builder: FixBuilder, anchor: TSESTree.Node, statements: readonly string[]): boolean {
  return insertStatementsBefore(builder, anchor, statements);
}

/**
 * `const log = <receiver>.child({ … });` before `anchor`, and every call of `calls` re-routed through it.
 * Returns the child's name.
 */
export function bindChildLogger(
  builder: FixBuilder,
  fn: FunctionNode,
  anchor: TSESTree.Node,
  receiverText: string,
  childMethod: string,
  entries: readonly FieldEntry[],
  receivers: readonly TSESTree.Node[],
  taken: ReadonlySet<string>,
): boolean {
  const sourceCode = builder.sourceCode;
  const name = freshName('log', namesWithin(sourceCode, fn), visibleNames(sourceCode, anchor), taken);
  if (!insertAtJobStart(builder, anchor, [`const ${name} = ${receiverText}.${childMethod}(${fieldsObject(builder, entries)});`])) return false;
  for (const receiver of receivers) builder.replace(receiver, name);
  (taken as Set<string>).add(name);
  return true;
}

/** Add the missing properties to an object literal (a child's bindings, a call's fields). */
export function addFields(builder: FixBuilder, object: TSESTree.ObjectExpression, entries: readonly FieldEntry[]): void {
  for (const entry of entries) appendProperty(builder, object, propertyText(builder, entry));
}

/**
 * Pass the fields with one log call: into its fields object when it has one, else as a new argument where
 * the library reads them (first for pino-style, after the message for the others).
 */
export function addCallFields(builder: FixBuilder, call: TSESTree.CallExpression, position: 'first' | 'after-message', entries: readonly FieldEntry[]): void {
  const objects = call.arguments.filter((argument) => unwrapTS(argument).type === AST_NODE_TYPES.ObjectExpression);
  const existing = position === 'first' ? objects.find((object) => object === call.arguments[0]) : objects.find((object) => object !== call.arguments[0]);
  if (existing) {
    addFields(builder, unwrapTS(existing) as TSESTree.ObjectExpression, entries);
    return;
  }
  const text = fieldsObject(builder, entries);
  const first = call.arguments[0];
  if (position === 'first' && first) {
    builder.insertBefore(first, `${text}, `);
  } else if (call.arguments.length > 0) {
    builder.insertAfter(call.arguments.at(-1)!, `, ${text}`);
  } else {
    const closing = builder.sourceCode.getLastToken(call)!;
    builder.insertBefore(closing, text);
  }
}
