/**
 * Run-time test harness: fix source text with the real ESLint + this plugin, then load and run the result
 * against the real libraries, with an in-memory OpenTelemetry SDK registered globally.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { context, propagation, trace, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Git-ignored (the `__fixed__` rule in .gitignore), inside the repo so bare imports resolve from its node_modules. */
export const FIXED_DIR = path.join(REPO_ROOT, 'tests/runtime/__fixed__');

// ---------------------------------------------------------------------------------------------------------
// Fixing
// ---------------------------------------------------------------------------------------------------------

export interface FixOptions {
  /** File name (relative to the fixed dir) the text is linted as, e.g. `worker.ts`. */
  filename: string;
  /** Value of `settings.otel`. */
  settings?: Record<string, unknown>;
  /** Fail unless the fixer changed the text (default true). */
  requireChange?: boolean;
}

export interface FixResult {
  output: string;
  /** Messages left after fixing (unfixable reports, suggestions, …). */
  messages: Linter.LintMessage[];
}

interface PluginShape {
  rules: Record<string, unknown>;
  configs: { all: { rules?: Linter.RulesRecord } };
}

async function loadPlugin(): Promise<PluginShape> {
  const mod = (await import('../../index.js')) as { default: PluginShape };
  return mod.default;
}

/**
 * The fixed files form a project of their own that lists `@opentelemetry/api` as a runtime dependency, as a
 * service using the plugin would (this repository lists it only as a devDependency, which does not count).
 */
function ensureFixedProject(): void {
  mkdirSync(FIXED_DIR, { recursive: true });
  const manifest = path.join(FIXED_DIR, 'package.json');
  const text = `${JSON.stringify({ name: 'runtime-fixtures', private: true, type: 'module', dependencies: { '@opentelemetry/api': '^1.9.0' } })}\n`;
  try {
    if (statSync(manifest).isFile()) return;
  } catch {
    // absent: write it
  }
  writeFileSync(manifest, text);
}

/** Run the real `ESLint` class with `fix: true` and every rule of the plugin (`configs.all`). */
export async function fixSource(code: string, options: FixOptions): Promise<FixResult> {
  const plugin = await loadPlugin();
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    fix: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.mts', '**/*.js'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { otel: plugin as unknown as ESLint.Plugin },
        rules: plugin.configs.all.rules ?? {},
        settings: options.settings ? { otel: options.settings } : {},
      },
    ],
  });
  const filePath = path.join(FIXED_DIR, options.filename);
  ensureFixedProject();
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) {
    throw new Error(`fatal lint message(s) in ${options.filename}:\n${fatal.map((m) => `${m.line}:${m.column} ${m.message}`).join('\n')}`);
  }
  const output = result.output ?? code;
  if ((options.requireChange ?? true) && output === code) {
    throw new Error(
      `the fixer did not change ${options.filename}; remaining messages:\n` +
        result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`).join('\n'),
    );
  }
  return { output, messages: result.messages };
}

// ---------------------------------------------------------------------------------------------------------
// Loading and type-checking
// ---------------------------------------------------------------------------------------------------------

let counter = 0;

function uniqueBase(name: string): string {
  counter += 1;
  return `${name.replace(/\.[cm]?[jt]s$/, '')}-${process.pid}-${Date.now()}-${counter}`;
}

let pruned = false;

/** Drop files older than 30 minutes left by earlier runs (never this run's: parallel workers share the dir). */
function pruneOldFiles(): void {
  if (pruned) return;
  pruned = true;
  const cutoff = Date.now() - 30 * 60_000;
  for (const entry of readdirSync(FIXED_DIR)) {
    const file = path.join(FIXED_DIR, entry);
    try {
      if (entry !== 'package.json' && statSync(file).mtimeMs < cutoff) rmSync(file, { force: true });
    } catch {
      // removed concurrently
    }
  }
}

function writeTs(code: string, name: string): string {
  mkdirSync(FIXED_DIR, { recursive: true });
  pruneOldFiles();
  const tsFile = path.join(FIXED_DIR, `${uniqueBase(name)}.ts`);
  writeFileSync(tsFile, code);
  return tsFile;
}

/**
 * Transpile `code` (TypeScript) to an ES2022 ES module in the fixed dir and import it. The `.ts` text is
 * written beside it (handy when a test fails: look at `tests/runtime/__fixed__/`). `compilerOptions` are
 * merged over the defaults (e.g. `{ experimentalDecorators: true, emitDecoratorMetadata: true }` for NestJS).
 */
export async function loadModule<T = Record<string, unknown>>(
  code: string,
  name: string,
  compilerOptions: ts.CompilerOptions = {},
): Promise<T> {
  const tsFile = writeTs(code, name);
  const out = ts.transpileModule(code, {
    fileName: tsFile,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: true,
      ...compilerOptions,
    },
  });
  const syntax = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (syntax.length > 0) throw new Error(`transpile errors:\n${formatDiagnostics(syntax)}`);
  const jsFile = tsFile.replace(/\.ts$/, '.mjs');
  writeFileSync(jsFile, out.outputText);
  return (await import(pathToFileURL(jsFile).href)) as T;
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${path.basename(d.file.fileName)}:${line + 1}:${character + 1} TS${d.code}: ${text}`;
    })
    .join('\n');
}

/**
 * Type-check `code` as a strict ES module (NodeNext, like the repo's tsconfig) in the fixed dir.
 * Returns the formatted diagnostics; `[]` means it type-checks. `compilerOptions` are merged over the defaults.
 */
export function typeCheck(code: string, name: string, compilerOptions: ts.CompilerOptions = {}): string[] {
  const tsFile = writeTs(code, `${name}-tc`);
  const program = ts.createProgram([tsFile], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    esModuleInterop: true,
    skipLibCheck: true,
    typeRoots: [path.join(REPO_ROOT, 'node_modules/@types')],
    ...compilerOptions,
  });
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error && (!d.file || d.file.fileName === tsFile.replaceAll('\\', '/')));
  return diagnostics.length === 0 ? [] : formatDiagnostics(diagnostics).split('\n');
}

// ---------------------------------------------------------------------------------------------------------
// OpenTelemetry
// ---------------------------------------------------------------------------------------------------------

export interface Otel {
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
  /** A tracer of the test itself (for outer spans and hand-made child spans). */
  tracer: Tracer;
  /** Finished spans so far. */
  spans(): ReadableSpan[];
  /** Forget finished spans (call between tests). */
  reset(): void;
  /** Unregister everything (afterAll). */
  shutdown(): Promise<void>;
}

/**
 * Register an SDK globally: BasicTracerProvider → SimpleSpanProcessor → InMemorySpanExporter, the
 * AsyncLocalStorage context manager and the W3C trace-context propagator. Call once per test file, BEFORE
 * loading fixed modules (their module-level `trace.getTracer()` binds to the global provider).
 */
export function setupOtel(): Otel {
  // A worker may have run another test file before: start from a clean global state.
  trace.disable();
  context.disable();
  propagation.disable();

  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  if (!context.setGlobalContextManager(contextManager)) throw new Error('could not register the context manager');
  if (!trace.setGlobalTracerProvider(provider)) throw new Error('could not register the tracer provider');
  if (!propagation.setGlobalPropagator(new W3CTraceContextPropagator())) throw new Error('could not register the propagator');

  return {
    exporter,
    provider,
    tracer: trace.getTracer('runtime-test'),
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: async () => {
      await provider.shutdown();
      contextManager.disable();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The parent span id of a finished span (sdk-trace-base 2.x: `parentSpanContext`). */
export function parentSpanId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** Run `fn` inside a new active span of the test's tracer and return its result and the span's ids. */
export async function inActiveSpan<T>(
  tracer: Tracer,
  name: string,
  fn: (span: Span) => Promise<T>,
): Promise<{ result: T; traceId: string; spanId: string }> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      const result = await fn(span);
      const { traceId, spanId } = span.spanContext();
      return { result, traceId, spanId };
    } finally {
      span.end();
    }
  });
}

/** Poll `predicate` until it holds or `timeoutMs` passes (then throw with `what`). */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
