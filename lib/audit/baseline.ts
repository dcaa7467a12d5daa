import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Priority } from '../catalogue/audit.js';
import { AuditUsageError, type AuditFinding } from './run.js';

/**
 * The baseline file (`--write-baseline FILE`, `--baseline FILE`): today's findings by fingerprint, so a team
 * adopting the rules gradually fails only on new gaps. JSON, sorted, one entry per finding:
 *
 *   { "version": 1, "tool": "otel-audit", "findings": [{ "fingerprint", "rule", "priority", "file", "line", "message" }] }
 *
 * `line` is informative (where it was when written); matching uses the fingerprint only.
 */

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly rule: string;
  readonly priority: Priority;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface BaselineComparison {
  readonly file: string;
  readonly newCount: number;
  readonly unchangedCount: number;
  /** In the baseline, no longer found. */
  readonly fixed: readonly BaselineEntry[];
}

export function baselineText(findings: readonly AuditFinding[]): string {
  const entries: BaselineEntry[] = findings
    .map(({ fingerprint, rule, priority, file, line, message }) => ({ fingerprint, rule, priority, file, line, message }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.fingerprint.localeCompare(b.fingerprint));
  return `${JSON.stringify({ version: 1, tool: 'otel-audit', findings: entries }, null, 2)}\n`;
}

/** Reads a baseline; `file` is resolved against `cwd` and named as given in messages. */
export function readBaseline(cwd: string, file: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : error instanceof Error ? error.message : String(error);
    throw new AuditUsageError(`cannot read baseline ${file}: ${reason}`);
  }
  const findings = (data as { version?: unknown; findings?: unknown } | null)?.findings;
  if ((data as { version?: unknown } | null)?.version !== 1 || !Array.isArray(findings)) {
    throw new AuditUsageError(`${file} is not an otel-audit baseline (expected { "version": 1, "findings": [...] }; write one with --write-baseline)`);
  }
  for (const entry of findings as unknown[]) {
    const e = entry as Partial<BaselineEntry> | null;
    if (typeof e?.fingerprint !== 'string' || typeof e.rule !== 'string' || typeof e.file !== 'string') {
      throw new AuditUsageError(`${file}: every baseline entry needs a string fingerprint, rule and file`);
    }
  }
  return findings as BaselineEntry[];
}

/** Marks each finding `new` or `unchanged` against the baseline and lists the baseline entries now fixed. */
export function compareWithBaseline(file: string, findings: AuditFinding[], baseline: readonly BaselineEntry[]): BaselineComparison {
  const known = new Map(baseline.map((entry) => [entry.fingerprint, entry]));
  const matched = new Set<string>();
  let newCount = 0;
  for (const finding of findings) {
    if (known.has(finding.fingerprint)) {
      finding.baseline = 'unchanged';
      matched.add(finding.fingerprint);
    } else {
      finding.baseline = 'new';
      newCount++;
    }
  }
  const fixed = baseline.filter((entry) => !matched.has(entry.fingerprint));
  return { file, newCount, unchangedCount: findings.length - newCount, fixed };
}
