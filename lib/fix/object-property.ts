import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import type { FixBuilder } from './builder.js';
import { lineIndent } from './text.js';

/**
 * Adding to object literals while keeping the user's layout: a property appended on its own line in a
 * multi-line literal (trailing comma kept as the literal had it) or inline in a one-line literal, and a
 * property (or spread) prepended as the first member.
 */

export function appendProperty(builder: FixBuilder, object: TSESTree.ObjectExpression, text: string): void {
  const sourceCode = builder.sourceCode;
  const closing = sourceCode.getLastToken(object)!;
  const last = object.properties.at(-1);
  if (!last) {
    builder.replace(object, `{ ${text} }`);
    return;
  }
  const tokenAfterLast = sourceCode.getTokenAfter(last)!;
  const trailingComma = tokenAfterLast.value === ',' && tokenAfterLast !== closing;
  const multiline = closing.loc.start.line !== last.loc.end.line;
  if (multiline) {
    const indent = lineIndent(sourceCode, last);
    // A comment that ends the last property's line stays on that line.
    const anchor = trailingComma ? tokenAfterLast : last;
    const comment = sourceCode
      .getCommentsAfter(anchor)
      .find((c) => c.loc.start.line === anchor.loc.end.line && c.loc.end.line === anchor.loc.end.line);
    if (!trailingComma) builder.insertAfter(last, ',');
    builder.insertAfter(comment ?? anchor, `\n${indent}${text}${trailingComma ? ',' : ''}`);
  } else if (trailingComma) {
    builder.insertAfter(tokenAfterLast, ` ${text},`);
  } else {
    builder.insertAfter(last, `, ${text}`);
  }
}

export function prependProperty(builder: FixBuilder, object: TSESTree.ObjectExpression, text: string): void {
  const sourceCode = builder.sourceCode;
  const first = object.properties[0];
  if (!first) {
    builder.replace(object, `{ ${text} }`);
    return;
  }
  const opening = sourceCode.getFirstToken(object)!;
  if (opening.loc.end.line !== first.loc.start.line) {
    // Before any comment that introduces the first property, so the comment stays with it.
    const firstItem = sourceCode.getTokenAfter(opening, { includeComments: true })!;
    const target = firstItem.loc.start.line === opening.loc.end.line ? first : firstItem;
    builder.insertBefore(target, `${text},\n${lineIndent(sourceCode, target)}`);
  } else {
    builder.insertBefore(first, `${text}, `);
  }
}

/** The last non-spread property named `name`, and whether a spread after… or before it could supply one. */
export function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement);
}
