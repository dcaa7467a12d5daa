import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findProperty, getKeyName, getStaticString, unwrapTS } from '../ast.js';

/**
 * The string a name stands for when the file states it: a literal, a `const` of the file holding one, a
 * string enum member (`QueueName.Media`) or a member of a `const` object literal (`Queues.mail`, `as const`).
 * Used for job and queue names, which production code keeps in constants.
 */
export function staticStringValue(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node | null | undefined,
  depth = 0,
): string | undefined {
  if (!node || depth > 4) return undefined;
  const direct = getStaticString(node);
  if (direct !== undefined) return direct;
  const inner = unwrapTS(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(sourceCode, inner);
    return init ? staticStringValue(sourceCode, init, depth + 1) : undefined;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && inner.object.type === AST_NODE_TYPES.Identifier) {
    const member = getKeyName(inner.property, inner.computed);
    if (member === undefined) return undefined;
    const definition = definitionOf(sourceCode, inner.object);
    if (definition?.type === AST_NODE_TYPES.TSEnumDeclaration) {
      const enumMember = (definition.body?.members ?? (definition as unknown as { members: TSESTree.TSEnumMember[] }).members).find(
        (m) => getKeyName(m.id as TSESTree.Expression, m.computed ?? false) === member,
      );
      return enumMember?.initializer ? getStaticString(enumMember.initializer) : undefined;
    }
    const init = constInitializer(sourceCode, inner.object);
    const object = init && unwrapTS(init);
    if (object?.type === AST_NODE_TYPES.ObjectExpression) {
      return staticStringValue(sourceCode, findProperty(object, member)?.value, depth + 1);
    }
  }
  return undefined;
}

function definitionOf(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier) as never, identifier) as TSESLint.Scope.Variable | null;
  return variable?.defs[0]?.node as TSESTree.Node | undefined;
}

function constInitializer(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  const definition = definitionOf(sourceCode, identifier);
  if (definition?.type !== AST_NODE_TYPES.VariableDeclarator || definition.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const declaration = definition.parent;
  return declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.kind === 'const' ? (definition.init ?? undefined) : undefined;
}
