import { pathToFileURL } from 'node:url';

import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Fix, Result } from 'sarif';

import { coverageLine, reportedFindings, type AuditReport } from './report.js';
import type { AuditFinding } from './run.js';

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning, built with node-sarif-builder. Rules carry their
 * docs link (`helpUri`), priority and severity; results carry their location relative to `%SRCROOT%`, a
 * `partialFingerprints` entry (the baseline fingerprint), the `baselineState` when a baseline is given, and
 * the autofix and suggestions as SARIF `fixes`.
 */

const SRCROOT = '%SRCROOT%';

function level(finding: AuditFinding): Result.level {
  return finding.priority === 'P2' ? 'warning' : 'error';
}

function sarifFix(finding: AuditFinding, description: string, edit: { readonly range: readonly [number, number]; readonly text: string }): Fix {
  return {
    description: { text: description },
    artifactChanges: [
      {
        artifactLocation: { uri: finding.file, uriBaseId: SRCROOT },
        replacements: [{ deletedRegion: { charOffset: edit.range[0], charLength: edit.range[1] - edit.range[0] }, insertedContent: { text: edit.text } }],
      },
    ],
  };
}

export function sarifReport(report: AuditReport, cwd: string): string {
  const { result } = report;
  const run = new SarifRunBuilder({
    originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
  }).initSimple({ toolDriverName: report.tool.name, toolDriverVersion: report.tool.version, url: result.rules.find((r) => r.url)?.url?.replace(/\/blob\/.*$/, '') });
  const coverage = new Map(result.coverage.map((c) => [c.rule, c]));

  for (const rule of result.rules) {
    const builder = new SarifRuleBuilder({
      name: rule.name,
      defaultConfiguration: { level: rule.priority === 'P2' ? 'warning' : 'error' },
      help: { text: `${rule.prose.impact} Fix: ${rule.fixable ? `\`otel-audit --fix\` ${rule.prose.autofix}` : rule.prose.manualFix}`, markdown: `**Impact:** ${rule.prose.impact}\n\n**Fix:** ${rule.fixable ? `\`otel-audit --fix\` ${rule.prose.autofix}` : rule.prose.manualFix}` },
      properties: {
        priority: rule.priority,
        severity: rule.prose.severity,
        tags: ['observability', 'opentelemetry', rule.priority],
        ...(coverage.get(rule.name) ? { coverage: coverageLine(coverage.get(rule.name)!) } : {}),
      },
    }).initSimple({ ruleId: rule.id, shortDescriptionText: rule.prose.title, fullDescriptionText: rule.description, helpUri: rule.url });
    run.addRule(builder);
  }

  // With a baseline the log holds every current finding, each marked new or unchanged (code scanning shows both).
  const findings = report.baseline ? result.findings : reportedFindings(report);
  for (const finding of findings) {
    const fixes: Fix[] = [];
    if (finding.fix) fixes.push(sarifFix(finding, `otel-audit --fix / eslint --fix: ${result.rules.find((r) => r.name === finding.rule)?.prose.title ?? finding.rule}`, finding.fix));
    for (const suggestion of finding.suggestions) fixes.push(sarifFix(finding, suggestion.desc, suggestion.fix));
    const builder = new SarifResultBuilder({
      partialFingerprints: { 'otelAudit/v1': finding.fingerprint },
      ...(finding.baseline ? { baselineState: finding.baseline } : {}),
      ...(fixes.length ? { fixes } : {}),
      properties: { priority: finding.priority },
    }).initSimple({
      level: level(finding),
      messageText: finding.message,
      ruleId: finding.ruleId,
      fileUri: finding.file,
      startLine: finding.line,
      startColumn: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
    });
    builder.setLocationArtifactUri({ uri: finding.file, uriBaseId: SRCROOT });
    run.addResult(builder);
  }

  const log = new SarifBuilder();
  log.addRun(run);
  return `${log.buildSarifJsonString({ indent: true })}\n`;
}
