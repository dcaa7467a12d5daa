import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';

import { isFunction } from '../ast.js';
import type { FixBuilder } from './builder.js';
import { indentUnit, lineIndent } from './text.js';

/**
 * Inserting statements before the statement that holds an expression, without crossing a function boundary:
 * - in a block (or at the top level): before the statement, at its indentation;
 * - as the lone body of `if`/`for`/`while`/…: the statement is wrapped in braces with them;
 * - in an arrow function's expression body: the body becomes a block that returns the expression.
 * Returns false (and edits nothing) where no statement position exists (class fields, parameter defaults).
 */
export function insertStatementsBefore(builder: FixBuilder, node: TSESTree.Node, statements: readonly string[]): boolean {
  const sourceCode = builder.sourceCode;
  let child: TSESTree.Node = node;
  let parent = node.parent;
  while (parent) {
    if (isFunction(parent)) {
      if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === child) {
        return arrowBodyToBlock(builder, parent, statements);
      }
      return false;
    }
    if (isStatement(child)) {
      if (
        parent.type === AST_NODE_TYPES.BlockStatement ||
        parent.type === AST_NODE_TYPES.Program ||
        parent.type === AST_NODE_TYPES.StaticBlock ||
        (parent.type === AST_NODE_TYPES.SwitchCase && parent.consequent.includes(child as TSESTree.Statement))
      ) {
        const indent = lineIndent(sourceCode, child);
        const unit = indentUnit(sourceCode);
        // In a `case`, a `const` of ours would be a lexical declaration directly in the case
        // (no-case-declarations, visible to the other cases): wrap ours and the statement in a block, unless
        // the statement declares names of its own that later code of the case uses.
        if (parent.type === AST_NODE_TYPES.SwitchCase && child.type !== AST_NODE_TYPES.VariableDeclaration) {
          builder.insertBefore(child, `{\n${statements.map((s) => `${indent}${unit}${s}\n`).join('')}${indent}${unit}`);
          builder.insertAfter(child, `\n${indent}}`);
          return true;
        }
        const firstOnLine = sourceCode.lines[child.loc.start.line - 1]!.slice(0, child.loc.start.column).trim() === '';
        if (firstOnLine) {
          builder.insertBefore(child, statements.map((s) => `${s}\n${indent}`).join(''));
          return true;
        }
        // A one-line body (`{ await send(x); }`): open it up onto indented lines.
        const before = sourceCode.getTokenBefore(child, { includeComments: true })!;
        const inner = before.value === '{' && parent.type === AST_NODE_TYPES.BlockStatement ? indent + unit : indent;
        builder.replace([before.range[1], child.range[0]], `\n${statements.map((s) => `${inner}${s}\n`).join('')}${inner}`);
        const after = sourceCode.getTokenAfter(child, { includeComments: true });
        if (after?.value === '}' && after === sourceCode.getLastToken(parent) && after.loc.start.line === child.loc.end.line) {
          builder.replace([child.range[1], after.range[0]], `\n${indent}`);
        }
        return true;
      }
      if (isSingleStatementBody(parent, child)) {
        // Insertions only, so that other edits of the same fix inside the statement stay independent.
        const indent = lineIndent(sourceCode, parent);
        const inner = indent + indentUnit(sourceCode);
        const before = sourceCode.getTokenBefore(child)!;
        builder.replace([before.range[1], child.range[0]], ` {\n${statements.map((s) => `${inner}${s}\n`).join('')}${inner}`);
        builder.insertAfter(child, `\n${indent}}`);
        return true;
      }
      return false;
    }
    if (parent.type === AST_NODE_TYPES.PropertyDefinition || parent.type === AST_NODE_TYPES.AccessorProperty) return false;
    child = parent;
    parent = parent.parent;
  }
  return false;
}

/**
 * Inserting statements right after a statement of a block (or the top level), at its indentation, after any
 * comment that ends its line. Returns false where `statement` is not directly in a block.
 */
export function insertStatementsAfter(builder: FixBuilder, statement: TSESTree.Node, statements: readonly string[]): boolean {
  const sourceCode = builder.sourceCode;
  const parent = statement.parent;
  const inBlock =
    parent?.type === AST_NODE_TYPES.BlockStatement ||
    parent?.type === AST_NODE_TYPES.Program ||
    parent?.type === AST_NODE_TYPES.StaticBlock ||
    parent?.type === AST_NODE_TYPES.SwitchCase;
  if (!inBlock || !isStatement(statement)) return false;
  const indent = lineIndent(sourceCode, statement);
  const trailing = sourceCode
    .getCommentsAfter(statement)
    .find((comment) => comment.loc.start.line === statement.loc.end.line && comment.loc.end.line === statement.loc.end.line);
  builder.insertAfter(trailing ?? statement, statements.map((s) => `\n${indent}${s}`).join(''));
  return true;
}

function isStatement(node: TSESTree.Node): boolean {
  return /Statement$|Declaration$/.test(node.type) && node.type !== AST_NODE_TYPES.BlockStatement;
}

function isSingleStatementBody(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
      return parent.consequent === child || parent.alternate === child;
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.LabeledStatement:
      return parent.body === child;
    default:
      return false;
  }
}

function arrowBodyToBlock(builder: FixBuilder, fn: TSESTree.ArrowFunctionExpression, statements: readonly string[]): boolean {
  // Insertions only (see above): `=> {` + statements + `return ` before the body, `; }` after it.
  const sourceCode = builder.sourceCode;
  const indent = lineIndent(sourceCode, fn);
  const inner = indent + indentUnit(sourceCode);
  const arrow = sourceCode.getTokenBefore(fn.body, ASTUtils.isArrowToken)!;
  const first = sourceCode.getTokenAfter(arrow, { includeComments: true })!;
  const body = sourceCode.getTokenAfter(arrow)!;
  const lead = ` {\n${statements.map((s) => `${inner}${s}\n`).join('')}${inner}`;
  if (first === body) {
    builder.replace([arrow.range[1], body.range[0]], `${lead}return `);
  } else {
    // A comment introduces the body: it stays above the `return`, which must share the expression's line
    // (a line break after `return` would return undefined).
    builder.replace([arrow.range[1], first.range[0]], lead);
    builder.insertBefore(body, 'return ');
  }
  builder.insertAt(fn.range[1], `;\n${indent}}`);
  return true;
}
