import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/** Small node predicates and accessors shared by detection and fixes. */

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** Strip TypeScript-only wrappers (`x as T`, `x!`, `x satisfies T`, `<T>x`) that do not change the value. */
export function unwrapTS(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion
  ) {
    current = current.expression;
  }
  return current;
}

/** A string literal or an expression-free template literal. */
export function getStaticString(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrapTS(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return inner.value;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) {
    return inner.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The static name of a property key (`a`, `'a'`, `['a']`), or undefined. */
export function getKeyName(
  key: TSESTree.Expression | TSESTree.PrivateIdentifier,
  computed: boolean,
): string | undefined {
  if (!computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (!computed && key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  return getStaticString(key);
}

/** The `name` property of an object literal (last one wins, as at run time), ignoring spreads. */
export function findProperty(
  object: TSESTree.ObjectExpression,
  name: string,
): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.Property && getKeyName(property.key, property.computed) === name) {
      found = property;
    }
  }
  return found;
}

/** The last identifier of a callee: `fetch` for `fetch`, `post` for `axios.post`, `b` for `a?.b`. */
export function calleeName(callee: TSESTree.Node): string | undefined {
  const inner = unwrapTS(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    return inner.computed ? getStaticString(inner.property) : inner.property.type === AST_NODE_TYPES.Identifier ? inner.property.name : undefined;
  }
  return undefined;
}

/** A dotted name for an identifier/member chain (`a.b.c`), or undefined for anything else. */
export function dottedName(node: TSESTree.Node): string | undefined {
  const inner = unwrapTS(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (inner.type === AST_NODE_TYPES.MemberExpression && !inner.computed && inner.property.type === AST_NODE_TYPES.Identifier) {
    const object = dottedName(inner.object);
    return object === undefined ? undefined : `${object}.${inner.property.name}`;
  }
  return undefined;
}

/** Whether a dotted callee name matches a configured name: `withSpan` matches `withSpan` and `x.withSpan`. */
export function matchesConfiguredName(callee: TSESTree.Node, configured: string): boolean {
  const name = dottedName(callee);
  if (name === undefined) return false;
  return name === configured || name.endsWith(`.${configured}`);
}

/** The enclosing class of a node (through arrow functions, which keep `this`), if any. */
export function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      return current;
    }
    current = current.parent;
  }
  return undefined;
}

/** Walk a subtree without descending into nested functions (unless `intoFunctions`). */
export function walk(
  root: TSESTree.Node,
  visit: (node: TSESTree.Node) => boolean | void,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
  options: { intoFunctions?: boolean } = {},
): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    if (node !== root && !options.intoFunctions && isFunction(node)) continue;
    const keys = visitorKeys[node.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) {
          const item = child[i] as TSESTree.Node | null;
          if (item && typeof item.type === 'string') stack.push(item);
        }
      } else if (child && typeof (child as TSESTree.Node).type === 'string') {
        stack.push(child as TSESTree.Node);
      }
    }
  }
}


/** Whether the function can return a value: an expression body or a `return x` of its own. */
export function returnsValue(
  fn: FunctionNode,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return true;
  let found = false;
  walk(
    fn.body,
    (node) => {
      if (found) return false;
      if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) found = true;
      return !found;
    },
    visitorKeys,
  );
  return found;
}

/** Every `this.<name> = …` (or `+=`, …) inside a class body, nested functions included. */
export function thisMemberAssignments(
  classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
  name: string,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
): TSESTree.AssignmentExpression[] {
  const out: TSESTree.AssignmentExpression[] = [];
  walk(
    classNode.body,
    (node) => {
      if (
        node.type === AST_NODE_TYPES.AssignmentExpression &&
        node.left.type === AST_NODE_TYPES.MemberExpression &&
        node.left.object.type === AST_NODE_TYPES.ThisExpression &&
        getKeyName(node.left.property, node.left.computed) === name
      ) {
        out.push(node);
      }
    },
    visitorKeys,
    { intoFunctions: true },
  );
  return out;
}

/** `x.a = …`, `x[k] = …`, `x.a.b = …`, `delete x.a`, `x.a++` or `Object.assign(x, …)` for the identifier `x`. */
export function isMemberWrite(identifier: TSESTree.Node): boolean {
  const parent = identifier.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === identifier) {
    return dottedName(parent.callee) === 'Object.assign';
  }
  let node: TSESTree.Node = identifier;
  while (node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node) node = node.parent;
  if (node === identifier) return false;
  const top = node.parent;
  return (
    (top?.type === AST_NODE_TYPES.AssignmentExpression && top.left === node) ||
    (top?.type === AST_NODE_TYPES.UnaryExpression && top.operator === 'delete') ||
    (top?.type === AST_NODE_TYPES.UpdateExpression)
  );
}

/** The outermost expression a value becomes through `await` and TypeScript wrappers (`x as T`, `x!`, `x satisfies T`). */
export function outerValue(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.AwaitExpression ||
      current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression)
  ) {
    current = current.parent;
  }
  return current;
}
