import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { walk } from '../ast.js';
import { getSettings, type OtelSettings } from '../settings.js';

/**
 * One analysis per file, computed lazily and shared by every rule (eslint-plugin-regexp's shape): keyed by
 * the file's Program node AND the effective `settings.otel`, since what is found depends on both.
 *
 * Its first fact is the cheapest: which modules the file imports or requires, read from the top-level
 * import/export declarations and ONE scan of the text for `require(` / `import(`. A file that imports none
 * of a rule's modules (and names none of the configured functions) is finished before any tree walk.
 * Everything else is computed on first use and memoised here: the calls and `new` expressions of the file
 * (one walk, shared by every detector that looks for method calls on instances), reference-tracker results,
 * instance indexes, job handlers, HTTP requests and whatever a detector stores with `memo`.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type SourceCode = Readonly<TSESLint.SourceCode>;

export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

export class FileAnalysis {
  private importedModules: ReadonlySet<string> | undefined;
  private callList: readonly CallLike[] | undefined;
  private readonly memos = new Map<string, unknown>();
  private readonly textHits = new Map<string, boolean>();
  private typedFlag: boolean | undefined;

  constructor(
    readonly context: Context,
    readonly sourceCode: SourceCode,
    readonly settings: OtelSettings,
  ) {}

  /** Module specifiers the file imports, re-exports, requires or dynamically imports (`node:` stripped). */
  get modules(): ReadonlySet<string> {
    this.importedModules ??= collectModules(this.sourceCode);
    return this.importedModules;
  }

  /** Whether the file imports any of these modules (or a subpath of one: `mysql2/promise` for `mysql2`). */
  importsAny(modules: readonly string[]): boolean {
    const imported = this.modules;
    if (imported.size === 0) return false;
    const wanted = moduleSet(modules);
    // Iterate the smaller side: most files import a handful of modules, catalogues list dozens.
    if (imported.size < wanted.size) {
      for (const name of imported) if (wanted.has(name)) return true;
      return false;
    }
    for (const name of wanted) if (imported.has(name)) return true;
    return false;
  }

  /**
   * Module names as this file imports them. A relative module named in settings (`./src/jobs/runner`) is
   * relative to ESLint's working directory (the config's base), so it becomes the specifiers by which THIS
   * file imports that file (`../jobs/runner.js`), whatever its folder depth; other names stay as they are.
   */
  localModules(modules: readonly string[]): readonly string[] {
    if (!modules.some(isRelative)) return modules;
    return this.memo(`localModules:${modules.join('\0')}`, () => {
      const cwd = this.context.cwd;
      const dir = path.dirname(path.resolve(cwd, this.context.filename));
      const out = new Set<string>();
      for (const name of modules) {
        if (!isRelative(name)) {
          out.add(name);
          continue;
        }
        const target = withoutExtension(path.resolve(cwd, name));
        for (const specifier of this.modules) {
          if (isRelative(specifier) && withoutExtension(path.resolve(dir, specifier)) === target) out.add(specifier);
        }
      }
      return [...out];
    });
  }

  /** Whether the file's text contains `word` (memoised: several rules ask for the same words). */
  mentions(word: string): boolean {
    let hit = this.textHits.get(word);
    if (hit === undefined) {
      hit = this.sourceCode.text.includes(word);
      this.textHits.set(word, hit);
    }
    return hit;
  }

  /** Whether the file's text matches `pattern` (memoised by its source). */
  matches(pattern: RegExp): boolean {
    const key = `/${pattern.source}/${pattern.flags}`;
    let hit = this.textHits.get(key);
    if (hit === undefined) {
      hit = pattern.test(this.sourceCode.text);
      this.textHits.set(key, hit);
    }
    return hit;
  }

  /** Whether typed linting is on for this file (a TypeScript program is available). */
  get typed(): boolean {
    this.typedFlag ??= !!(this.sourceCode.parserServices as { program?: unknown } | undefined)?.program;
    return this.typedFlag;
  }

  /** Every call and `new` expression of the file, in source order (one walk, shared). */
  get calls(): readonly CallLike[] {
    if (!this.callList) {
      const list: CallLike[] = [];
      walk(
        this.sourceCode.ast,
        (node) => {
          if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) list.push(node);
        },
        this.sourceCode.visitorKeys,
        { intoFunctions: true },
      );
      this.callList = list;
    }
    return this.callList;
  }

  /** A value computed once per file (and settings), under a key of the caller's choosing. */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }
}

const moduleSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A module list as a set of names without `node:` prefixes (once per list: catalogue lists are constants). */
function moduleSet(modules: readonly string[]): ReadonlySet<string> {
  let set = moduleSets.get(modules);
  if (!set) {
    set = new Set(modules.map((name) => (name.startsWith('node:') ? name.slice(5) : name)));
    moduleSets.set(modules, set);
  }
  return set;
}

const analyses = new WeakMap<object, WeakMap<OtelSettings, FileAnalysis>>();

/** The shared analysis of the file being linted. */
export function getAnalysis(context: Context): FileAnalysis {
  const sourceCode = context.sourceCode;
  const settings = getSettings(context);
  let perFile = analyses.get(sourceCode.ast);
  if (!perFile) {
    perFile = new WeakMap();
    analyses.set(sourceCode.ast, perFile);
  }
  let analysis = perFile.get(settings);
  if (!analysis) {
    analysis = new FileAnalysis(context, sourceCode, settings);
    perFile.set(settings, analysis);
  }
  return analysis;
}

function addModule(out: Set<string>, specifier: string): void {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  out.add(name);
  // `mysql2/promise`, `@scope/pkg/sub`: the package counts as imported too.
  const slash = name.indexOf('/', name.startsWith('@') ? name.indexOf('/') + 1 : 0);
  if (slash > 0) out.add(name.slice(0, slash));
}

function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/** `/a/jobs.ts`, `/a/jobs.js`, `/a/jobs/index.ts` and `/a/jobs` name the same module. */
function withoutExtension(file: string): string {
  return file.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/[\\/]index$/, '');
}

const QUOTES = new Set(['"', "'", '`']);

/** The string literal argument at `offset` (after optional white space), if any. */
function literalAt(text: string, offset: number): string | undefined {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\t' || text[i] === '\r')) i++;
  const quote = text[i];
  if (quote === undefined || !QUOTES.has(quote)) return undefined;
  const end = text.indexOf(quote, i + 1);
  if (end < 0 || end - i > 214) return undefined;
  const value = text.slice(i + 1, end);
  return value.includes('\n') || value.includes('${') ? undefined : value;
}

function scan(text: string, needle: string, out: Set<string>): void {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    const value = literalAt(text, at + needle.length);
    if (value) addModule(out, value);
  }
}

/**
 * Modules named by the file's import/export declarations and by `require('…')` / `import('…')` anywhere
 * (including TypeScript's `import x = require('…')` and compiled `__importDefault(require('…'))`). A text
 * scan may also pick up a `require('x')` inside a comment or string: that only costs a closer look later.
 */
function collectModules(sourceCode: SourceCode): ReadonlySet<string> {
  const out = new Set<string>();
  for (const statement of sourceCode.ast.body) {
    if (
      (statement.type === AST_NODE_TYPES.ImportDeclaration ||
        statement.type === AST_NODE_TYPES.ExportAllDeclaration ||
        statement.type === AST_NODE_TYPES.ExportNamedDeclaration) &&
      statement.source
    ) {
      addModule(out, statement.source.value);
    }
  }
  const text = sourceCode.text;
  scan(text, 'require(', out);
  scan(text, 'import(', out);
  return out;
}
