/**
 * The plugin as users see it in their editor: the real ESLint language server (Microsoft's vscode-eslint
 * server, as shipped runnable by `vscode-langservers-extracted`) over stdio, driven the way the VS Code
 * extension drives it — the same client capabilities and `workspace/configuration` answers, pull diagnostics
 * (`textDocument/diagnostic`; this server has no `publishDiagnostics`), quick fixes that are commands the
 * server turns into a `workspace/applyEdit`. `npm test` builds `dist/` first (pretest).
 */
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { applyTextEdits, editsFor, LspClient, type CodeAction, type Diagnostic, type WorkspaceEdit } from '../helpers/lsp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = path.join(root, 'tests/integration/__fixed__/lsp');
const serverPackage = path.dirname(createRequire(import.meta.url).resolve('vscode-langservers-extracted/package.json'));
const serverMain = path.join(serverPackage, 'lib/eslint-language-server/eslintServer.js');
const serverVersion = (JSON.parse(readFileSync(path.join(serverPackage, 'package.json'), 'utf8')) as { version: string }).version;

const workUri = pathToFileURL(work).href;
const file = path.join(work, 'src/webhook.worker.ts');
const fileUri = pathToFileURL(file).href;
const WAIT = 20_000;

const CONFIG = `import otel from '${path.join(root, 'dist/index.js').replaceAll('\\\\', '/')}';
import tsParser from '@typescript-eslint/parser';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  otel.configs.recommended,
  { settings: { otel: { tracerName: 'lsp', jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }] } } },
];
`;

/** What the VS Code extension answers to `workspace/configuration` (its defaults, flat config on). */
const SETTINGS = {
  validate: 'on',
  packageManager: 'npm',
  useESLintClass: false,
  useFlatConfig: true,
  experimental: {},
  codeAction: {
    disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
    showDocumentation: { enable: true },
  },
  codeActionOnSave: { mode: 'all' },
  format: false,
  quiet: false,
  onIgnoredFiles: 'off',
  options: {},
  rulesCustomizations: [],
  run: 'onType',
  problems: { shortenToSingleLine: false },
  nodePath: null,
  workingDirectory: { mode: 'location' },
  workspaceFolder: { name: 'lsp', uri: workUri },
};

/** The client capabilities that matter to the server, as VS Code sends them. */
const CAPABILITIES = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    executeCommand: { dynamicRegistration: true },
    configuration: true,
    workspaceFolders: true,
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.organizeImports', 'source.fixAll'] },
      },
    },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
  },
};

let client: LspClient;
let original: string;
let version = 1;
const applied: WorkspaceEdit[] = [];
const timings: Record<string, number> = {};

interface DiagnosticReport {
  kind: 'full' | 'unchanged';
  items: Diagnostic[];
}

/** A pull, as VS Code does after didOpen/didChange; returns the items and the time since `since`. */
async function pullDiagnostics(since: number): Promise<{ items: Diagnostic[]; ms: number }> {
  const report = await client.request<DiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: fileUri } }, WAIT);
  expect(report.kind).toBe('full');
  return { items: report.items, ms: Math.round(performance.now() - since) };
}

const byRule = (items: Diagnostic[], rule: string): Diagnostic[] => items.filter((d) => d.code === rule);
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle));

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(path.join(root, 'tests/fixtures/projects/backend/src'), path.join(work, 'src'), { recursive: true });
  writeFileSync(path.join(work, 'package.json'), '{ "name": "lsp-fixture", "private": true, "type": "module", "dependencies": { "@opentelemetry/api": "^1.9.0" } }\n');
  writeFileSync(path.join(work, 'eslint.config.js'), CONFIG);
  original = readFileSync(file, 'utf8');

  client = new LspClient(process.execPath, [serverMain, '--stdio'], work);
  client.onRequest('workspace/configuration', (params) => (params as { items: unknown[] }).items.map(() => SETTINGS));
  client.onRequest('workspace/applyEdit', (params) => {
    applied.push((params as { edit: WorkspaceEdit }).edit);
    return { applied: true };
  });
  // Requests that mean the server could not lint: answer as the extension does, and fail the test below.
  for (const method of ['eslint/noLibrary', 'eslint/noConfig', 'eslint/probeFailed']) client.onRequest(method, () => ({}));

  await client.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'Visual Studio Code', version: '1.99.0' },
    locale: 'en',
    rootPath: work,
    rootUri: workUri,
    capabilities: CAPABILITIES,
    initializationOptions: {},
    workspaceFolders: [{ name: 'lsp', uri: workUri }],
  }, WAIT);
  client.notify('initialized', {});
});

afterAll(async () => {
  await client?.close();
  rmSync(work, { recursive: true, force: true });
});

describe(`ESLint language server (vscode-langservers-extracted ${serverVersion})`, () => {
  let diagnostics: Diagnostic[];

  it('reports the gaps when the file is opened, with the CLI’s ranges', async () => {
    const opened = performance.now();
    client.notify('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'typescript', version, text: original } });
    const { items, ms } = await pullDiagnostics(opened);
    timings['didOpen → diagnostics (cold: loads eslint, config, parser, plugin)'] = ms;
    diagnostics = items;

    const trouble = client.serverRequests.filter((r) => r.method.startsWith('eslint/'));
    expect(trouble, client.log()).toEqual([]);
    expect(client.log()).not.toMatch(/Uncaught exception|Error:/);

    expect(items.map((d) => d.code).sort(), client.log()).toEqual([
      'otel/require-job-span',
      'otel/require-trace-propagation',
      'otel/require-trace-propagation',
    ]);
    for (const d of items) {
      expect(d.source).toBe('eslint');
      expect(d.codeDescription?.href).toMatch(/docs\/rules\/require-(job-span|trace-propagation)\.md$/);
    }

    // The job-span problem sits on the handler's head `async (job: Job<Delivery>) =>`.
    const [jobSpan] = byRule(items, 'otel/require-job-span');
    const handlerLine = lineOf(original, 'async (job: Job<Delivery>) =>');
    const handlerColumn = original.split('\n')[handlerLine]!.indexOf('async');
    expect(jobSpan!.message).toContain("'webhook-deliveries'");
    expect(jobSpan!.range).toEqual({
      start: { line: handlerLine, character: handlerColumn },
      end: { line: handlerLine, character: handlerColumn + 'async (job: Job<Delivery>) =>'.length },
    });

    // The propagation problems sit on the callees `fetch` and `axios.post`.
    const lines = original.split('\n');
    const calleeRange = (callee: string) => {
      const line = lineOf(original, `await ${callee}(`);
      const character = lines[line]!.indexOf(`${callee}(`);
      return { start: { line, character }, end: { line, character: character + callee.length } };
    };
    expect(byRule(items, 'otel/require-trace-propagation').map((d) => d.range)).toEqual([calleeRange('fetch'), calleeRange('axios.post')]);
  });

  it('offers the quick fix, and running it edits the document into the spanned handler', async () => {
    const [jobSpan] = byRule(diagnostics, 'otel/require-job-span');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: fileUri },
      range: jobSpan!.range,
      context: { diagnostics: [jobSpan], only: undefined, triggerKind: 1 },
    }, WAIT);
    const titles = actions.map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining([
      'Fix this otel/require-job-span problem',
      'Disable otel/require-job-span for this line',
      'Show documentation for otel/require-job-span',
    ]));

    const fix = actions.find((a) => a.title === 'Fix this otel/require-job-span problem')!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.isPreferred).toBe(true);
    // vscode-eslint's quick fixes carry a command; executing it makes the server send `workspace/applyEdit`
    // (a versioned edit of this document), which the editor applies.
    expect(fix.command?.command).toBe('eslint.applySingleFix');
    await client.request('workspace/executeCommand', { command: fix.command!.command, arguments: fix.command!.arguments }, WAIT);
    expect(applied, 'no workspace/applyEdit for the quick fix').toHaveLength(1);
    expect(applied[0]!.documentChanges?.map((c) => c.textDocument)).toEqual([{ uri: fileUri, version }]);

    const fixed = applyTextEdits(original, editsFor(applied[0]!, fileUri));
    expect(fixed).toContain("tracer.startActiveSpan('process webhook-deliveries'");
    expect(fixed).toContain("trace.getTracer('lsp')");
    // Only the job-span fix: the webhook calls are still untouched.
    expect(fixed).not.toContain('propagation.inject');

    // The editor applies the edit and tells the server; the job-span problem goes away, the others stay.
    const changed = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri: fileUri, version: ++version }, contentChanges: [{ text: fixed }] });
    const { items, ms } = await pullDiagnostics(changed);
    timings['didChange → diagnostics (warm)'] = ms;
    expect(items.map((d) => d.code).sort(), client.log()).toEqual(['otel/require-trace-propagation', 'otel/require-trace-propagation']);
    const fixedLines = fixed.split('\n');
    for (const d of items) {
      const text = fixedLines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character);
      expect(['fetch', 'axios.post']).toContain(text);
    }
  });

  it('keeps up with typing: an edit that breaks the handler head and one that restores it', async () => {
    // Simulate typing: an incremental change that turns the async handler into a non-job (a string),
    // then undo it. Neither may crash the server; the diagnostics follow the text.
    const lines = original.split('\n');
    const handlerLine = lineOf(original, 'async (job: Job<Delivery>) =>');
    client.notify('textDocument/didChange', { textDocument: { uri: fileUri, version: ++version }, contentChanges: [{ text: original }] });
    expect(byRule((await pullDiagnostics(performance.now())).items, 'otel/require-job-span')).toHaveLength(1);

    // Half-typed code (a syntax error) — the server reports a parse error, not a crash.
    const start = { line: handlerLine, character: lines[handlerLine]!.indexOf('=>') };
    client.notify('textDocument/didChange', {
      textDocument: { uri: fileUri, version: ++version },
      contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 2 } }, text: '=' }],
    });
    const broken = await pullDiagnostics(performance.now());
    expect(broken.items.every((d) => d.code === undefined || !String(d.code).startsWith('otel/')), JSON.stringify(broken.items)).toBe(true);
    expect(broken.items.some((d) => /Parsing error/.test(d.message))).toBe(true);

    client.notify('textDocument/didChange', {
      textDocument: { uri: fileUri, version: ++version },
      contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 1 } }, text: '=>' }],
    });
    const restored = await pullDiagnostics(performance.now());
    timings['didChange → diagnostics (incremental edit)'] = restored.ms;
    expect(restored.items.map((d) => d.code).sort()).toEqual(diagnostics.map((d) => d.code).sort());
    expect(client.exitCode).toBeUndefined();
    expect(client.log()).not.toMatch(/Uncaught exception/);

    // `eslint/status` after every lint: state 1 is ok (3 would be a rule or config that threw).
    const statuses = client.notifications.filter((n) => n.method === 'eslint/status').map((n) => n.params as { state: number; validationTime?: number });
    expect(statuses.length).toBeGreaterThanOrEqual(5);
    expect(statuses.map((s) => s.state), client.log()).toEqual(statuses.map(() => 1));
    const validation = statuses.map((s) => s.validationTime);
    console.log(
      `ESLint language server ${serverVersion} timings (ms): ${JSON.stringify(timings)}; server-side lint times: ${JSON.stringify(validation)}`,
    );
    // Bounded, generous: a cold first lint in CI can take seconds; a warm one must stay editor-fast.
    expect(timings['didChange → diagnostics (warm)']).toBeLessThan(5_000);
  });
});
