import type { Priority } from '../catalogue/audit.js';
import type { BaselineComparison } from './baseline.js';
import { PRIORITIES, type AuditFinding, type AuditResult, type FixSummary, type RuleCoverage } from './run.js';

/** Everything a report format renders: the audit run plus what the command line added to it. */
export interface AuditReport {
  readonly tool: { readonly name: 'otel-audit'; readonly package: string; readonly version: string };
  readonly result: AuditResult;
  /** Findings at or above this priority fail the run (`none`: never). */
  readonly failOn: Priority | 'none';
  readonly baseline?: BaselineComparison;
  readonly fixes?: FixSummary;
}

/** The findings the report is about: with a baseline, only the new ones. */
export function reportedFindings(report: AuditReport): AuditFinding[] {
  return report.baseline ? report.result.findings.filter((f) => f.baseline === 'new') : report.result.findings;
}

export function atOrAbove(priority: Priority, threshold: Priority | 'none'): boolean {
  return threshold !== 'none' && PRIORITIES.indexOf(priority) <= PRIORITIES.indexOf(threshold);
}

/** The reported findings that make the run fail (exit code 1). */
export function failingFindings(report: AuditReport): AuditFinding[] {
  return reportedFindings(report).filter((f) => atOrAbove(f.priority, report.failOn));
}

export function countByPriority(findings: readonly AuditFinding[]): Record<Priority, number> {
  const counts: Record<Priority, number> = { P0: 0, P1: 0, P2: 0 };
  for (const finding of findings) counts[finding.priority]++;
  return counts;
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

/** `job handlers: 23, traced 8 (35%)`, or `job handlers: none found`. */
export function coverageLine(coverage: RuleCoverage): string {
  if (coverage.found === 0) return `${coverage.items}: none found`;
  return `${coverage.items}: ${coverage.found}, ${coverage.fineLabel} ${coverage.fine} (${percent(coverage.fine, coverage.found)}%)`;
}

export function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}
