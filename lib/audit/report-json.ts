import { failingFindings, countByPriority, reportedFindings, type AuditReport } from './report.js';

/**
 * `--format json`: the report's data, stable and documented in docs/audit.md ("JSON output"). `schemaVersion`
 * changes only when a field is removed or changes meaning; new fields may appear.
 */
export function jsonReport(report: AuditReport): string {
  const { result } = report;
  const reported = reportedFindings(report);
  const data = {
    schemaVersion: 1,
    tool: report.tool,
    paths: result.paths,
    filesLinted: result.filesLinted,
    failOn: report.failOn,
    summary: {
      findings: reported.length,
      byPriority: countByPriority(reported),
      failing: failingFindings(report).length,
    },
    rules: result.rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      priority: rule.priority,
      severity: rule.prose.severity,
      title: rule.prose.title,
      description: rule.description,
      url: rule.url ?? null,
      fixable: rule.fixable,
      hasSuggestions: rule.hasSuggestions,
    })),
    coverage: result.coverage.map((c) => ({
      rule: c.rule,
      items: c.items,
      fineLabel: c.fineLabel,
      found: c.found,
      fine: c.fine,
      list: c.list,
    })),
    findings: result.findings.map((f) => ({
      rule: f.rule,
      ruleId: f.ruleId,
      priority: f.priority,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      autofix: f.fix !== undefined,
      suggestions: f.suggestions.map((s) => s.desc),
      fingerprint: f.fingerprint,
      baseline: f.baseline ?? null,
    })),
    baseline: report.baseline
      ? { file: report.baseline.file, new: report.baseline.newCount, unchanged: report.baseline.unchangedCount, fixed: report.baseline.fixed }
      : null,
    fixes: report.fixes ? report.fixes.files : null,
    parseProblems: result.parseProblems,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
