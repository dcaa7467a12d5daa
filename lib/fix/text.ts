import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/** Text helpers for fixes: indentation of lines and re-indenting a block of source. */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The leading whitespace of the line `node` starts on. */
export function lineIndent(sourceCode: SourceCode, node: TSESTree.Node | TSESTree.Token): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)![0];
}

const unitCache = new WeakMap<object, string>();

/**
 * The file's indentation unit (a tab, or 2/4/8 spaces): the smallest indentation of a line that starts with
 * code (comment lines such as JSDoc's ` * ` are ignored).
 */
export function indentUnit(sourceCode: SourceCode): string {
  const cached = unitCache.get(sourceCode.ast);
  if (cached !== undefined) return cached;
  let smallest = Infinity;
  let tabs = 0;
  let spaces = 0;
  let lastLine = 0;
  for (const token of sourceCode.ast.tokens ?? []) {
    if (token.loc.start.line === lastLine) continue;
    lastLine = token.loc.start.line;
    const indent = /^[ \t]*/.exec(sourceCode.lines[lastLine - 1] ?? '')![0];
    if (indent.length === 0 || indent.length !== token.loc.start.column) continue;
    if (indent.startsWith('\t')) {
      tabs++;
      continue;
    }
    spaces++;
    smallest = Math.min(smallest, indent.length);
  }
  const unit = tabs > spaces ? '\t' : smallest === 4 || smallest === 8 ? ' '.repeat(smallest) : '  ';
  unitCache.set(sourceCode.ast, unit);
  return unit;
}

/** Ranges of template-literal text that spans lines: re-indenting must not touch them. */
export function multilineTemplateRanges(sourceCode: SourceCode, range: readonly [number, number]): [number, number][] {
  const out: [number, number][] = [];
  const tokens = sourceCode.ast.tokens ?? [];
  // Binary search for the first token that ends after the range starts: linear in the range, not the file.
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tokens[middle]!.range[1] <= range[0]) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.range[0] >= range[1]) break;
    if (token.type === 'Template' && token.value.includes('\n')) out.push([token.range[0], token.range[1]]);
    if (token.type === 'String' && token.value.includes('\n')) out.push([token.range[0], token.range[1]]);
  }
  return out;
}

export interface Insertion {
  readonly offset: number;
  readonly text: string;
}

/**
 * The source text of `range` with `insertions` applied, every line after the first indented by `extra`
 * (blank lines stay blank, lines inside multi-line template literals stay as they are).
 */
export function reindent(
  sourceCode: SourceCode,
  range: readonly [number, number],
  extra: string,
  insertions: readonly Insertion[] = [],
): string {
  const text = sourceCode.text;
  const templates = multilineTemplateRanges(sourceCode, range);
  const inTemplate = (offset: number): boolean => templates.some(([start, end]) => offset > start && offset < end);
  const all: Insertion[] = [...insertions];
  for (let offset = text.indexOf('\n', range[0]); offset !== -1 && offset < range[1]; offset = text.indexOf('\n', offset + 1)) {
    const lineStart = offset + 1;
    if (lineStart >= range[1] || inTemplate(lineStart)) continue;
    const next = text[lineStart];
    if (next === '\n' || next === '\r') continue;
    all.push({ offset: lineStart, text: extra });
  }
  all.sort((a, b) => a.offset - b.offset);
  let out = '';
  let cursor = range[0];
  for (const insertion of all) {
    out += text.slice(cursor, insertion.offset) + insertion.text;
    cursor = insertion.offset;
  }
  return out + text.slice(cursor, range[1]);
}

/** Whether `node` needs parentheses to be the operand of a unary operator such as `await`. */
export function needsParensAsOperand(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.TaggedTemplateExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.Super:
      return false;
    default:
      return true;
  }
}

/** A JavaScript string literal for `value`, in the given quote (single by default). */
export function stringLiteral(value: string, quote: "'" | '"' = "'"): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return quote === "'" ? `'${escaped.replace(/'/g, "\\'")}'` : `"${escaped.replace(/"/g, '\\"')}"`;
}

const quoteCache = new WeakMap<object, "'" | '"'>();

/** The file's string quote: double when most of its string literals use double quotes, else single. */
export function quoteOf(sourceCode: SourceCode): "'" | '"' {
  let quote = quoteCache.get(sourceCode.ast);
  if (!quote) {
    let single = 0;
    let double = 0;
    for (const token of sourceCode.ast.tokens ?? []) {
      if (token.type !== 'String') continue;
      if (token.value.startsWith('"')) double++;
      else single++;
    }
    quote = double > single ? '"' : "'";
    quoteCache.set(sourceCode.ast, quote);
  }
  return quote;
}

/**
 * How a fix may write types in this file: TypeScript syntax in TypeScript files, JSDoc casts in JavaScript
 * files checked with `// @ts-check`, nothing elsewhere.
 */
export type TypeSyntax = 'ts' | 'jsdoc' | 'none';

export function typeSyntax(sourceCode: SourceCode, filename: string): TypeSyntax {
  if (/\.(?:[cm]?ts|tsx)$/i.test(filename)) return 'ts';
  return sourceCode.getAllComments().some((comment) => /^\s*@ts-check\b/.test(comment.value)) ? 'jsdoc' : 'none';
}

/** `expression` asserted to `type`: `x as T` (TypeScript), `/** @type {T} *\/ (x)` (checked JS), or `x`. */
export function assertType(syntax: TypeSyntax, expression: string, type: string): string {
  if (syntax === 'ts') return `${expression} as ${type}`;
  if (syntax === 'jsdoc') return `/** @type {${type}} */ (${expression})`;
  return expression;
}

/** A `const` declaration with a declared type in the file's syntax, as lines (JSDoc goes on its own line). */
export function typedConst(syntax: TypeSyntax, name: string, type: string, value: string): string[] {
  if (syntax === 'ts') return [`const ${name}: ${type} = ${value};`];
  if (syntax === 'jsdoc') return [`/** @type {${type}} */`, `const ${name} = ${value};`];
  return [`const ${name} = ${value};`];
}
