import { createHash } from 'node:crypto';

import { parse } from '@typescript-eslint/parser';

/**
 * Fingerprints for the baseline: a finding keeps its fingerprint when unrelated lines are added or removed
 * and when the file is reformatted, so `--baseline` reports only findings that are really new.
 *
 * The fingerprint hashes the rule, the file, the message (which names the job, client or call), the names of
 * the declarations around the reported code (`OutboxDispatcher > deliver`) and the text of the reported node
 * with whitespace, semicolons, commas and quote styles normalised away; never line or column numbers.
 * Findings that still hash alike (two identical handlers in one function) are told apart by their order in
 * the file: `<hash>:0`, `<hash>:1`.
 */

interface Fingerprintable {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  fingerprint: string;
}

const SNIPPET_MAX = 240;

/** The reported node's text with formatting removed. */
export function normaliseSnippet(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[;,]/g, '')
    .replace(/["`]/g, "'")
    .slice(0, SNIPPET_MAX);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The offset of a 1-based line/column position (ESLint's message positions). */
function offsetOf(text: string, starts: readonly number[], line: number, column: number): number {
  return Math.min(text.length, (starts[line - 1] ?? text.length) + column - 1);
}

interface Node {
  readonly type: string;
  readonly range: [number, number];
  readonly [key: string]: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string' && Array.isArray((value as Node).range);
}

/** The name a declaration gives to what it contains: function, class, method, property, variable. */
function declaredName(node: Node): string | undefined {
  const id = (node.id ?? node.key) as Node | null | undefined;
  const name = id && (id.type === 'Identifier' || id.type === 'PrivateIdentifier') ? (id.name as string) : id?.type === 'Literal' ? String(id.value) : undefined;
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
    case 'VariableDeclarator':
    case 'MethodDefinition':
    case 'PropertyDefinition':
    case 'Property':
    case 'TSModuleDeclaration':
      return name;
    default:
      return undefined;
  }
}

/** Names of the declarations enclosing [start, end), outermost first (`OutboxDispatcher > deliver`). */
export function enclosingNames(program: Node, start: number, end: number): string[] {
  const names: string[] = [];
  let node: Node | undefined = program;
  while (node) {
    const name = declaredName(node);
    if (name && names[names.length - 1] !== name) names.push(name);
    let next: Node | undefined;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (isNode(child) && child.range[0] <= start && end <= child.range[1]) {
          next = child;
          break;
        }
      }
      if (next) break;
    }
    // Stop at the reported node itself: only what encloses it counts.
    node = next && !(next.range[0] === start && next.range[1] === end) ? next : undefined;
  }
  return names;
}

function parseProgram(text: string, file: string): Node | undefined {
  try {
    return parse(text, { range: true, loc: false, comment: false, jsx: /\.(?:jsx|tsx)$/.test(file), ecmaVersion: 'latest', sourceType: 'module' }) as unknown as Node;
  } catch {
    return undefined;
  }
}

export function fingerprintOf(rule: string, file: string, message: string, snippet: string, names: readonly string[] = []): string {
  return createHash('sha256')
    .update(['otel-audit/v1', rule, file, message.replace(/\s+/g, ' ').trim(), names.join(' > '), snippet].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

/** Sets `fingerprint` on each finding; `readFile` gives a file's text by its relative path. */
export function fingerprintFindings(findings: Fingerprintable[], readFile: (file: string) => string): void {
  const texts = new Map<string, { text: string; starts: number[]; program: Node | undefined } | undefined>();
  const source = (file: string) => {
    if (!texts.has(file)) {
      try {
        const text = readFile(file);
        texts.set(file, { text, starts: lineStarts(text), program: parseProgram(text, file) });
      } catch {
        texts.set(file, undefined);
      }
    }
    return texts.get(file);
  };
  const ordered = [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const seen = new Map<string, number>();
  for (const finding of ordered) {
    const src = source(finding.file);
    let snippet = '';
    let names: string[] = [];
    if (src) {
      const start = offsetOf(src.text, src.starts, finding.line, finding.column);
      const end = offsetOf(src.text, src.starts, finding.endLine, finding.endColumn);
      snippet = normaliseSnippet(src.text.slice(start, end));
      if (src.program) names = enclosingNames(src.program, start, end);
    }
    const hash = fingerprintOf(finding.rule, finding.file, finding.message, snippet, names);
    const index = seen.get(hash) ?? 0;
    seen.set(hash, index + 1);
    finding.fingerprint = `${hash}:${index}`;
  }
}
