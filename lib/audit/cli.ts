import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { Priority } from '../catalogue/audit.js';
import { packageMeta } from '../util/meta.js';
import { baselineText, compareWithBaseline, readBaseline } from './baseline.js';
import { failingFindings, plural, reportedFindings, type AuditReport } from './report.js';
import { jsonReport } from './report-json.js';
import { markdownReport } from './report-md.js';
import { sarifReport } from './report-sarif.js';
import { applyFixes, AuditUsageError, runAudit, type AuditOptions, type FixSummary } from './run.js';

/**
 * `otel-audit [paths…]`: the command line. Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or
 * above it, 2 a usage or configuration error (with a message on stderr).
 */

export const USAGE = `Usage: otel-audit [paths…] [options]

Audits a Node.js/TypeScript backend for observability gaps with the rules of eslint-plugin-otel and writes
a prioritised report. Paths default to the current folder; .gitignore, dependencies, build output and test
fixtures are skipped.

Options:
  --format md|sarif|json   report format (default: md, Markdown)
  -o, --output FILE        write the report to FILE instead of stdout
  --fail-on P0|P1|P2|none  exit with 1 when a finding has this priority or a higher one (default: P1)
  --baseline FILE          report and fail only on findings not in FILE; list the ones fixed since
  --write-baseline FILE    record today's findings in FILE (then exit 0)
  --fix                    apply the autofixes to the files and report what changed and what remains
  --use-config             lint with the project's own eslint.config.* (parser, files, settings)
  --ignore-pattern GLOB    skip more files (repeatable), relative to the current folder
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or configuration error.
Docs: https://github.com/eslint-plugin-otel/eslint-plugin-otel/blob/main/docs/audit.md`;

const FORMATS = ['md', 'sarif', 'json'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = ['P0', 'P1', 'P2', 'none'] as const;

export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (the progress line is shown only then). */
  readonly stderrIsTTY: boolean;
}

interface ParsedArgs {
  readonly paths: string[];
  readonly format: Format;
  readonly output: string | undefined;
  readonly failOn: Priority | 'none';
  readonly baseline: string | undefined;
  readonly writeBaseline: string | undefined;
  readonly fix: boolean;
  readonly useConfig: boolean;
  readonly ignorePatterns: string[];
  readonly help: boolean;
  readonly version: boolean;
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'md' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string', default: 'P1' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        fix: { type: 'boolean', default: false },
        'use-config': { type: 'boolean', default: false },
        'ignore-pattern': { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    }));
  } catch (error) {
    throw new AuditUsageError(error instanceof Error ? error.message : String(error));
  }
  const format = values.format === 'markdown' ? 'md' : values.format;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new AuditUsageError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(values.format)})`);
  }
  const failOn = values['fail-on'].toUpperCase() === 'NONE' ? 'none' : values['fail-on'].toUpperCase();
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new AuditUsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got ${JSON.stringify(values['fail-on'])})`);
  }
  return {
    paths: positionals,
    format: format as Format,
    output: values.output,
    failOn: failOn as Priority | 'none',
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    fix: values.fix,
    useConfig: values['use-config'],
    ignorePatterns: values['ignore-pattern'],
    help: values.help,
    version: values.version,
  };
}

function writeFile(cwd: string, file: string, text: string): void {
  const target = path.resolve(cwd, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

/** A progress line on a terminal: `otel-audit: 120/800 files`, rewritten in place, cleared at the end. */
function progressLine(io: CliIo): { update: (done: number, total: number) => void; clear: () => void } {
  if (!io.stderrIsTTY) return { update: () => {}, clear: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      io.stderr(`\r\x1b[2Kotel-audit: ${done}/${total} files`);
    },
    clear() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (args.version) {
      io.stdout(`${packageMeta.version}\n`);
      return 0;
    }
    const baselineEntries = args.baseline ? readBaseline(io.cwd, args.baseline) : undefined;
    const progress = progressLine(io);
    const options: AuditOptions = {
      paths: args.paths,
      cwd: io.cwd,
      useConfig: args.useConfig,
      ignorePatterns: args.ignorePatterns,
      onProgress: io.stderrIsTTY ? progress.update : undefined,
    };

    let fixes: FixSummary | undefined;
    let result;
    try {
      result = await runAudit(options);
      if (args.fix) {
        fixes = await applyFixes(options, result);
        // The report describes what remains after the fixes.
        if (fixes.files.length > 0) result = await runAudit(options);
      }
    } finally {
      progress.clear();
    }
    for (const note of result.notes) io.stderr(`otel-audit: ${note}\n`);
    if (result.filesLinted === 0) {
      // A wrong path or an ignore pattern that hides everything must not pass silently in CI.
      throw new AuditUsageError(`no JavaScript or TypeScript files to audit in ${result.paths.join(', ')} (none there, or all ignored)`);
    }

    const report: AuditReport = {
      tool: { name: 'otel-audit', package: packageMeta.name, version: packageMeta.version },
      result,
      failOn: args.failOn,
      baseline: baselineEntries && args.baseline ? compareWithBaseline(args.baseline, result.findings, baselineEntries) : undefined,
      fixes,
    };

    if (fixes) {
      const changed = fixes.files.map((f) => `${f.file} (${Object.entries(f.fixes).map(([rule, n]) => `otel/${rule} ×${n}`).join(', ') || 'fixed'})`);
      io.stderr(`otel-audit --fix: ${plural(fixes.files.length, 'file')} changed${changed.length ? `:\n  ${changed.join('\n  ')}` : ''}\n`);
    }

    const text = args.format === 'json' ? jsonReport(report) : args.format === 'sarif' ? sarifReport(report, io.cwd) : markdownReport(report);
    if (args.output) {
      writeFile(io.cwd, args.output, text);
      io.stderr(`otel-audit: wrote ${args.output} (${plural(reportedFindings(report).length, report.baseline ? 'new finding' : 'finding')})\n`);
    } else {
      io.stdout(text);
    }

    if (args.writeBaseline) {
      writeFile(io.cwd, args.writeBaseline, baselineText(result.findings));
      io.stderr(`otel-audit: wrote baseline ${args.writeBaseline} (${plural(result.findings.length, 'finding')})\n`);
      return 0;
    }
    return failingFindings(report).length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof AuditUsageError) {
      io.stderr(`otel-audit: ${error.message}\n\nRun otel-audit --help for the options.\n`);
      return 2;
    }
    io.stderr(`otel-audit: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}
