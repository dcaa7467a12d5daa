import { createHash } from 'node:crypto';

/**
 * Fingerprints for the baseline: a finding keeps its fingerprint when unrelated lines are added or removed
 * and when the file is reformatted, so `--baseline` reports only findings that are really new.
 *
 * The fingerprint hashes the rule, the file, the message (which names the job, client or call) and the text
 * of the reported node with whitespace, semicolons, commas and quote styles normalised away; never line or
 * column numbers. Findings that still hash alike (two identical handlers in one file) are told apart by their
 * order in the file: `<hash>:0`, `<hash>:1`.
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

/** The text between 1-based line/column positions (ESLint's message positions). */
export function textBetween(text: string, starts: readonly number[], start: { line: number; column: number }, end: { line: number; column: number }): string {
  const offset = (line: number, column: number) => Math.min(text.length, (starts[line - 1] ?? text.length) + column - 1);
  return text.slice(offset(start.line, start.column), offset(end.line, end.column));
}

export function fingerprintOf(rule: string, file: string, message: string, snippet: string): string {
  return createHash('sha256')
    .update(['otel-audit/v1', rule, file, message.replace(/\s+/g, ' ').trim(), snippet].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

/** Sets `fingerprint` on each finding; `readFile` gives a file's text by its relative path. */
export function fingerprintFindings(findings: Fingerprintable[], readFile: (file: string) => string): void {
  const texts = new Map<string, { text: string; starts: number[] } | undefined>();
  const source = (file: string) => {
    if (!texts.has(file)) {
      try {
        const text = readFile(file);
        texts.set(file, { text, starts: lineStarts(text) });
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
    const snippet = src
      ? normaliseSnippet(textBetween(src.text, src.starts, { line: finding.line, column: finding.column }, { line: finding.endLine, column: finding.endColumn }))
      : '';
    const hash = fingerprintOf(finding.rule, finding.file, finding.message, snippet);
    const index = seen.get(hash) ?? 0;
    seen.set(hash, index + 1);
    finding.fingerprint = `${hash}:${index}`;
  }
}
