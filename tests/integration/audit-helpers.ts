/** Helpers for the `otel-audit` integration tests: run the built bin, make throw-away project trees. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { marked } from 'marked';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(root, 'bin/otel-audit.js');

export interface BinRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/otel-audit.js …args` in `cwd` (stdin/stderr are pipes: not a terminal). */
export function audit(args: readonly string[], cwd = root): BinRun {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A fresh project folder under the OS temp folder with these files; returns its path. */
export function makeTree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'otel-audit-test-'));
  writeTree(dir, files);
  return dir;
}

export function writeTree(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** GitHub-flavoured Markdown rendered to HTML by a real renderer (marked, GFM on). */
export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false });
}

/** The text of every `<tag>` element in rendered HTML, tags stripped and entities decoded. */
export function elements(html: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(re)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .trim(),
  );
}

/** Validates a SARIF log against the SARIF 2.1.0 JSON schema that @microsoft/jest-sarif ships. */
export function sarifErrors(log: unknown): string[] {
  const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  // The schema's `language` pattern is not valid with the `u` flag (it was written for ECMAScript 5 regexps).
  // CommonJS modules: `.default` is the class / plugin function (ESM interop).
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema);
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
