import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingClass, getKeyName, isFunction, thisMemberAssignments, unwrapTS, walk, type FunctionNode } from '../ast.js';

/**
 * Resolving a handler expression to the function that runs: inline functions, functions and consts of the
 * same file referred to by name, class methods and properties referred to by `this.x`, `this.x.bind(this)`.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

export type ResolvedHandler =
  | { readonly kind: 'function'; readonly fn: FunctionNode; readonly via: TSESTree.Node }
  /** A call (other than `.bind`) produces the handler: a wrapper such as `withSpan('x', fn)`. */
  | { readonly kind: 'call'; readonly call: TSESTree.CallExpression }
  /** Not visible in this file (an import, a parameter, …): never guess. */
  | { readonly kind: 'unknown' };

const UNKNOWN: ResolvedHandler = { kind: 'unknown' };

export function resolveHandler(sourceCode: SourceCode, expression: TSESTree.Node | undefined, depth = 0): ResolvedHandler {
  if (!expression || depth > 5) return UNKNOWN;
  const node = unwrapTS(expression);
  if (isFunction(node)) return { kind: 'function', fn: node, via: node };
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapTS(node.callee);
    if (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      !callee.computed &&
      callee.property.type === AST_NODE_TYPES.Identifier &&
      callee.property.name === 'bind'
    ) {
      return resolveHandler(sourceCode, callee.object, depth + 1);
    }
    // A factory of the same file (`this.getProcessor()`, `makeHandler(deps)`) whose only return is a function:
    // that function is the handler.
    // Not a higher-order wrapper (`traced(handler)`): no argument may be a function.
    const passesFunction = node.arguments.some((argument) => resolveHandler(sourceCode, argument, depth + 1).kind === 'function');
    const factory = passesFunction ? UNKNOWN : resolveHandler(sourceCode, callee, depth + 1);
    if (factory.kind === 'function') {
      const returned = soleReturnedFunction(factory.fn, sourceCode);
      if (returned) return { kind: 'function', fn: returned, via: node };
    }
    return { kind: 'call', call: node };
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(node) as never, node) as TSESLint.Scope.Variable | null;
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || !definition) return UNKNOWN;
    // Reassigned later: the function that runs is not knowable statically.
    if (variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return UNKNOWN;
    const defNode = definition.node as TSESTree.Node;
    // A parameter's definition node is its function: the handler is whatever a caller passes.
    if (definition.type !== 'FunctionName' && definition.type !== 'Variable') return UNKNOWN;
    if (defNode.type === AST_NODE_TYPES.FunctionDeclaration) return { kind: 'function', fn: defNode, via: node };
    if (defNode.type === AST_NODE_TYPES.VariableDeclarator && defNode.id === definition.name && defNode.init) {
      const init = resolveHandler(sourceCode, defNode.init, depth + 1);
      return init.kind === 'function' ? { ...init, via: node } : init;
    }
    return UNKNOWN;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && !node.computed) {
    const member = findClassMember(enclosingClass(node), getKeyName(node.property, false), sourceCode.visitorKeys);
    return member ? { kind: 'function', fn: member, via: node } : UNKNOWN;
  }
  return UNKNOWN;
}

/** The function a function returns, when its body has exactly one `return` and that returns a function. */
function soleReturnedFunction(fn: FunctionNode, sourceCode: SourceCode): FunctionNode | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    const body = unwrapTS(fn.body);
    return isFunction(body) ? body : undefined;
  }
  const returns: TSESTree.ReturnStatement[] = [];
  walk(
    fn.body,
    (node) => {
      if (node.type === AST_NODE_TYPES.ReturnStatement) returns.push(node);
    },
    sourceCode.visitorKeys,
  );
  const value = returns.length === 1 && returns[0]!.argument ? unwrapTS(returns[0]!.argument) : undefined;
  return value && isFunction(value) ? value : undefined;
}

/** A method or function-valued property of a class, by name. */
export function findClassMember(
  classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined,
  name: string | undefined,
  visitorKeys: SourceCode['visitorKeys'],
): FunctionNode | undefined {
  if (!classNode || name === undefined) return undefined;
  for (const element of classNode.body.body) {
    // Overload signatures (`TSEmptyBodyFunctionExpression`) are skipped: the implementation is what runs.
    if (
      element.type === AST_NODE_TYPES.MethodDefinition &&
      element.kind === 'method' &&
      !element.static &&
      element.value.type === AST_NODE_TYPES.FunctionExpression
    ) {
      if (getKeyName(element.key, element.computed) === name) return element.value;
    }
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.static && element.value) {
      if (getKeyName(element.key, element.computed) === name && isFunction(unwrapTS(element.value))) {
        return unwrapTS(element.value) as FunctionNode;
      }
    }
  }
  // `this.name = (job) => …` in a method (the constructor, an `init()`): compiled class fields look like this
  // too. Only a single plain assignment of a function in the class says which function runs.
  const assigned = thisMemberAssignments(classNode, name, visitorKeys).map((assignment) => {
    const value = unwrapTS(assignment.right);
    return assignment.operator === '=' && isFunction(value) ? value : undefined;
  });
  if (assigned.length === 1) return assigned[0];
  return undefined;
}

/** True for literals and object/array literals (or consts holding them): surely not a handler. */
export function isPlainValue(sourceCode: SourceCode, expression: TSESTree.Node): boolean {
  const node = unwrapTS(expression);
  if (
    node.type === AST_NODE_TYPES.Literal ||
    node.type === AST_NODE_TYPES.ObjectExpression ||
    node.type === AST_NODE_TYPES.ArrayExpression ||
    node.type === AST_NODE_TYPES.TemplateLiteral
  ) {
    return true;
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(node) as never, node) as TSESLint.Scope.Variable | null;
    const def = variable?.defs[0]?.node as TSESTree.Node | undefined;
    return def?.type === AST_NODE_TYPES.VariableDeclarator && !!def.init && isPlainValue(sourceCode, def.init);
  }
  return false;
}
