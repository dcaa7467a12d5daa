import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { includeIgnoreFile } from '@eslint/compat';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter, type Rule } from 'eslint';

import plugin from '../../index.js';
import { auditProse, type AuditProse, type Priority } from '../catalogue/audit.js';
import { setInventorySink, type InventoryItem } from '../inventory.js';
import { fingerprintFindings } from './fingerprint.js';

/**
 * The audit run: lint the given paths in-process with every rule of `plugin.rules`, collect what the rules
 * report (findings) and what they looked at (the inventory, for coverage), and turn both into one report
 * object that the Markdown, JSON and SARIF writers render.
 */

export const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2'];

/** Skipped by default, besides what `.gitignore` lists: dependencies, build output, test fixtures. */
export const DEFAULT_IGNORES: readonly string[] = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/.nuxt/**',
  '**/.turbo/**',
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/__fixed__/**',
  '**/*.d.ts',
  '**/*.min.js',
];

const LINTED_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

export interface AuditOptions {
  /** Paths (folders or files) to audit, relative to `cwd`. */
  readonly paths: readonly string[];
  readonly cwd: string;
  /** Use the project's own flat config (parser, settings, files) instead of the built-in setup. */
  readonly useConfig?: boolean;
  /** More glob patterns to skip (relative to `cwd`). */
  readonly ignorePatterns?: readonly string[];
  /** Called after each file is linted (files done, files total); the total is known only with progress on. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface AuditRuleInfo {
  /** The rule's name without the plugin prefix. */
  readonly name: string;
  /** `otel/<name>`. */
  readonly id: string;
  readonly priority: Priority;
  readonly description: string;
  readonly url: string | undefined;
  readonly fixable: boolean;
  readonly hasSuggestions: boolean;
  readonly prose: AuditProse;
}

export interface AuditFinding {
  readonly rule: string;
  readonly ruleId: string;
  readonly priority: Priority;
  /** Path relative to the working directory, with `/`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  /** ESLint's autofix for it, when there is one (offsets into the file's text). */
  readonly fix: { readonly range: readonly [number, number]; readonly text: string } | undefined;
  readonly suggestions: readonly { readonly desc: string; readonly fix: { readonly range: readonly [number, number]; readonly text: string } }[];
  /** Stable across line shifts and reformatting; see `fingerprint.ts`. */
  fingerprint: string;
  /** With `--baseline`: whether the baseline already held it. */
  baseline?: 'new' | 'unchanged';
}

export interface CoverageItem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly label: string;
  readonly ok: boolean;
}

export interface RuleCoverage {
  readonly rule: string;
  /** What is counted (`job handlers`) and what fine means (`traced`). */
  readonly items: string;
  readonly fineLabel: string;
  readonly found: number;
  readonly fine: number;
  readonly list: readonly CoverageItem[];
}

export interface ParseProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface AuditResult {
  readonly paths: readonly string[];
  readonly filesLinted: number;
  readonly rules: readonly AuditRuleInfo[];
  /** Sorted by priority, rule, file, line, column. */
  readonly findings: AuditFinding[];
  readonly coverage: readonly RuleCoverage[];
  /** Files that could not be parsed (not analysed). */
  readonly parseProblems: readonly ParseProblem[];
  /** Things the user should know (a project config that could not be read, …). */
  readonly notes: readonly string[];
}

/** A usage or configuration problem: exit code 2 with this message. */
export class AuditUsageError extends Error {}

interface RuleDocs {
  readonly description?: string;
  readonly url?: string;
  readonly priority?: Priority;
}

/** Every rule of the plugin, in priority order, with its audit prose. */
export function auditRules(rules: Readonly<Record<string, Rule.RuleModule>> = plugin.rules): AuditRuleInfo[] {
  return Object.entries(rules)
    .map(([name, rule]): AuditRuleInfo => {
      const docs = (rule.meta?.docs ?? {}) as RuleDocs;
      const priority: Priority = docs.priority && PRIORITIES.includes(docs.priority) ? docs.priority : 'P2';
      return {
        name,
        id: `otel/${name}`,
        priority,
        description: docs.description ?? name,
        url: docs.url,
        fixable: Boolean(rule.meta?.fixable),
        hasSuggestions: Boolean(rule.meta?.hasSuggestions),
        prose: auditProse(name, { priority, description: docs.description, url: docs.url }),
      };
    })
    .sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) || a.name.localeCompare(b.name));
}

export function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/** `.gitignore` files that apply to a path: in it (for a folder) and in its parents up to the repository root. */
function gitignoreFiles(cwd: string, target: string): string[] {
  const found: string[] = [];
  let dir = existsSync(target) && statSync(target).isDirectory() ? target : path.dirname(target);
  for (;;) {
    const candidate = path.join(dir, '.gitignore');
    if (existsSync(candidate)) found.push(candidate);
    if (existsSync(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Only files at or below the working directory can carry patterns ESLint applies (its base path).
  return found.filter((file) => !path.relative(cwd, path.dirname(file)).startsWith('..'));
}

function ignoreConfigs(options: AuditOptions, targets: readonly string[]): Linter.Config[] {
  const configs: Linter.Config[] = [{ name: 'otel-audit/default-ignores', ignores: [...DEFAULT_IGNORES, ...(options.ignorePatterns ?? [])] }];
  const seen = new Set<string>();
  for (const target of targets) {
    for (const file of gitignoreFiles(options.cwd, target)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const base = relativePath(options.cwd, path.dirname(file));
      configs.push({ ...includeIgnoreFile(file, `otel-audit/gitignore ${relativePath(options.cwd, file)}`), ...(base ? { basePath: base } : {}) } as Linter.Config);
    }
  }
  return configs;
}

/** Every plugin rule on: P0/P1 as errors, P2 as warnings (the severity does not change the report). */
function allRules(rules: readonly AuditRuleInfo[]): Linter.RulesRecord {
  return Object.fromEntries(rules.map((rule) => [rule.id, rule.priority === 'P2' ? 'warn' : 'error']));
}

/** `settings.otel` from the project's own config, when it has one (zero-configuration mode). */
async function projectOtelSettings(cwd: string, target: string, notes: string[]): Promise<unknown> {
  const dir = existsSync(target) && statSync(target).isDirectory() ? target : path.dirname(target);
  let probe: ESLint;
  try {
    probe = new ESLint({ cwd });
  } catch {
    return undefined;
  }
  for (const name of ['__otel_audit__.ts', '__otel_audit__.js']) {
    try {
      const config = (await probe.calculateConfigForFile(path.join(dir, name))) as { settings?: { otel?: unknown } } | undefined;
      if (config?.settings?.otel !== undefined) return config.settings.otel;
      if (config) return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/could not find config file/i.test(message)) return undefined;
      notes.push(`could not read the project's ESLint config (${message.split('\n')[0]}); auditing without its settings.otel`);
      return undefined;
    }
  }
  return undefined;
}

/** A rule that reports nothing and counts the files linted (the progress line). */
function progressConfig(onFile: (() => void) | undefined): Linter.Config[] {
  if (!onFile) return [];
  const progress: Rule.RuleModule = { meta: { type: 'suggestion', schema: [] }, create: () => ({ 'Program:exit': onFile }) };
  return [{ name: 'otel-audit/progress', plugins: { 'otel-audit': { rules: { progress } } }, rules: { 'otel-audit/progress': 'warn' } }];
}

async function createESLint(
  options: AuditOptions,
  rules: readonly AuditRuleInfo[],
  targets: readonly string[],
  notes: string[],
  fix: boolean,
  onFile?: () => void,
): Promise<ESLint> {
  const common = { cwd: options.cwd, cache: false, errorOnUnmatchedPattern: false, fix } as const;
  const ruleConfig: Linter.Config = { name: 'otel-audit/rules', plugins: { otel: plugin as unknown as ESLint.Plugin }, rules: allRules(rules) };
  try {
    if (options.useConfig) {
      return new ESLint({
        ...common,
        overrideConfig: [...ignoreConfigs(options, targets), ruleConfig, ...progressConfig(onFile), { linterOptions: { reportUnusedDisableDirectives: 'off' } }],
      });
    }
    const otelSettings = await projectOtelSettings(options.cwd, targets[0] ?? options.cwd, notes);
    return new ESLint({
      ...common,
      overrideConfigFile: true,
      overrideConfig: [
        ...ignoreConfigs(options, targets),
        { name: 'otel-audit/typescript', files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tsParser } },
        { name: 'otel-audit/jsx', files: ['**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
        {
          ...ruleConfig,
          files: LINTED_FILES,
          linterOptions: { reportUnusedDisableDirectives: 'off' },
          ...(otelSettings === undefined ? {} : { settings: { otel: otelSettings } }),
        },
        ...progressConfig(onFile).map((config) => ({ ...config, files: LINTED_FILES })),
      ],
    });
  } catch (error) {
    throw new AuditUsageError(`invalid ESLint setup: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function lint(eslint: ESLint, targets: readonly string[]): Promise<ESLint.LintResult[]> {
  try {
    return await eslint.lintFiles([...targets]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A bad settings.otel, a config that does not load, a plugin defined twice: configuration errors.
    throw new AuditUsageError(message);
  }
}

function toFinding(cwd: string, rules: ReadonlyMap<string, AuditRuleInfo>, result: ESLint.LintResult, message: Linter.LintMessage): AuditFinding | undefined {
  const rule = message.ruleId?.startsWith('otel/') ? rules.get(message.ruleId.slice(5)) : undefined;
  if (!rule) return undefined;
  return {
    rule: rule.name,
    ruleId: rule.id,
    priority: rule.priority,
    file: relativePath(cwd, result.filePath),
    line: message.line,
    column: message.column,
    endLine: message.endLine ?? message.line,
    endColumn: message.endColumn ?? message.column,
    message: message.message,
    fix: message.fix ? { range: message.fix.range, text: message.fix.text } : undefined,
    suggestions: (message.suggestions ?? []).map((s) => ({ desc: s.desc, fix: { range: s.fix.range, text: s.fix.text } })),
    fingerprint: '',
  };
}

const LINTED_EXTENSIONS = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;

/** Files under the targets that ESLint does not ignore (walks folders, skipping ignored ones). */
async function countLintableFiles(eslint: ESLint, targets: readonly string[]): Promise<number> {
  let count = 0;
  const visit = async (file: string): Promise<void> => {
    let entries;
    try {
      entries = readdirSync(file, { withFileTypes: true });
    } catch {
      if (LINTED_EXTENSIONS.test(file) && !(await eslint.isPathIgnored(file))) count++;
      return;
    }
    // A folder every file of which is ignored (node_modules, dist, a .gitignore entry) is not entered.
    if (await eslint.isPathIgnored(path.join(file, '__otel_audit__.ts'))) return;
    for (const entry of entries) {
      const child = path.join(file, entry.name);
      if (entry.isDirectory()) await visit(child);
      else if (LINTED_EXTENSIONS.test(entry.name) && !(await eslint.isPathIgnored(child))) count++;
    }
  };
  for (const target of targets) await visit(target);
  return count;
}

/** Validates the paths: each must exist. */
function resolveTargets(options: AuditOptions): string[] {
  const paths = options.paths.length ? options.paths : ['.'];
  return paths.map((p) => {
    const abs = path.resolve(options.cwd, p);
    if (!existsSync(abs)) throw new AuditUsageError(`no such file or folder: ${p}`);
    // ESLint lints only below its base path (the working directory).
    if (path.relative(options.cwd, abs).startsWith('..') || path.isAbsolute(path.relative(options.cwd, abs))) {
      throw new AuditUsageError(`${p} is outside the current folder: run otel-audit from a folder that contains it (e.g. the repository root)`);
    }
    return abs;
  });
}

export interface FixSummary {
  readonly files: readonly { readonly file: string; readonly fixes: Readonly<Record<string, number>> }[];
}

/** Applies the autofixes to the files (`--fix`); returns what changed per file and rule. */
export async function applyFixes(options: AuditOptions, before: AuditResult): Promise<FixSummary> {
  const rules = auditRules();
  const targets = resolveTargets(options);
  const eslint = await createESLint(options, rules, targets, [], true);
  const results = await lint(eslint, targets);
  await ESLint.outputFixes(results);
  const ruleMap = new Map(rules.map((r) => [r.name, r]));
  const files: { file: string; fixes: Record<string, number> }[] = [];
  for (const result of results) {
    if (result.output === undefined) continue;
    const file = relativePath(options.cwd, result.filePath);
    // What remains in the file after the fixes, per rule; the difference to before is what was fixed.
    const remaining = new Map<string, number>();
    for (const message of result.messages) {
      const finding = toFinding(options.cwd, ruleMap, result, message);
      if (finding) remaining.set(finding.rule, (remaining.get(finding.rule) ?? 0) + 1);
    }
    const fixes: Record<string, number> = {};
    for (const finding of before.findings) {
      if (finding.file !== file) continue;
      fixes[finding.rule] = (fixes[finding.rule] ?? 0) + 1;
    }
    for (const [rule, count] of Object.entries(fixes)) {
      const left = count - (remaining.get(rule) ?? 0);
      if (left > 0) fixes[rule] = left;
      else delete fixes[rule];
    }
    files.push({ file, fixes });
  }
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { files };
}

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const rules = auditRules();
  const ruleMap = new Map(rules.map((r) => [r.name, r]));
  const targets = resolveTargets(options);
  const notes: string[] = [];
  let done = 0;
  let total = 0;
  const onProgress = options.onProgress;
  const eslint = await createESLint(options, rules, targets, notes, false, onProgress ? () => onProgress(++done, Math.max(done, total)) : undefined);
  // The total for the progress line: the files ESLint will lint, counted the way it selects them.
  if (onProgress) total = await countLintableFiles(eslint, targets);

  const inventory: InventoryItem[] = [];
  const previous = setInventorySink((item) => inventory.push(item));
  let results: ESLint.LintResult[];
  try {
    results = await lint(eslint, targets);
  } finally {
    setInventorySink(previous);
  }

  const findings: AuditFinding[] = [];
  const parseProblems: ParseProblem[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) {
        parseProblems.push({ file: relativePath(options.cwd, result.filePath), line: message.line, message: message.message });
        continue;
      }
      const finding = toFinding(options.cwd, ruleMap, result, message);
      if (finding) findings.push(finding);
    }
  }
  const order = (f: AuditFinding) => PRIORITIES.indexOf(f.priority);
  findings.sort(
    (a, b) => order(a) - order(b) || a.rule.localeCompare(b.rule) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
  fingerprintFindings(findings, (file) => readFileSync(path.resolve(options.cwd, file), 'utf8'));

  const coverage = rules.map((rule): RuleCoverage => {
    const list = inventory
      .filter((item) => item.rule === rule.name)
      .map((item) => ({ file: relativePath(options.cwd, item.filename), line: item.line, column: item.column, label: item.label, ok: item.ok }))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    return {
      rule: rule.name,
      items: rule.prose.coverage.items,
      fineLabel: rule.prose.coverage.fine,
      found: list.length,
      fine: list.filter((item) => item.ok).length,
      list,
    };
  });

  return {
    paths: targets.map((t) => relativePath(options.cwd, t) || '.'),
    filesLinted: results.length,
    rules,
    findings,
    coverage,
    parseProblems: parseProblems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    notes,
  };
}
