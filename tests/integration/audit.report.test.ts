/**
 * The report writers on their own: rules are taken from any rule record generically (priority from
 * `meta.docs.priority`, docs link from `meta.docs.url`), the P2 rules being built elsewhere read right from
 * their catalogue entries, and a rule without an entry gets a section written from its metadata.
 */
import type { Rule } from 'eslint';
import { describe, expect, it } from 'vitest';

import { AUDIT_PROSE } from '../../lib/catalogue/audit.js';
import { jsonReport } from '../../lib/audit/report-json.js';
import { markdownReport } from '../../lib/audit/report-md.js';
import type { AuditReport } from '../../lib/audit/report.js';
import { sarifReport } from '../../lib/audit/report-sarif.js';
import { auditRules, type AuditFinding, type AuditResult } from '../../lib/audit/run.js';
import { elements, renderMarkdown, sarifErrors } from './audit-helpers.js';

function rule(priority: string, description: string, extra: Partial<Rule.RuleMetaData> = {}): Rule.RuleModule {
  return {
    meta: { type: 'problem', docs: { description, url: `https://example.test/docs/${description.length}.md`, ...({ priority } as object) }, fixable: 'code', ...extra },
    create: () => ({}),
  };
}

const RULES = {
  'require-job-log-context': rule('P2', 'Require job logs to carry job_id and trace_id'),
  'require-pool-metrics': rule('P2', 'Require database pools to export metrics'),
  'require-job-span': rule('P0', 'Require background job handlers to run inside an active span'),
  'require-provider-trace-id': rule('P2', 'Require provider calls to carry the trace id', { fixable: undefined, hasSuggestions: true }),
  'require-something-new': rule('P1', 'Require something no catalogue entry describes yet.'),
};

let n = 0;
function finding(name: string, file: string, line: number, overrides: Partial<AuditFinding> = {}): AuditFinding {
  const info = auditRules(RULES).find((r) => r.name === name)!;
  n++;
  return {
    rule: name,
    ruleId: info.id,
    priority: info.priority,
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 5,
    message: `${name} gap ${n}`,
    fix: overrides.suggestions ? undefined : { range: [0, 0], text: '/* fixed */' },
    suggestions: [],
    fingerprint: `${String(n).padStart(32, '0')}:0`,
    ...overrides,
  };
}

function result(findings: AuditFinding[]): AuditResult {
  const rules = auditRules(RULES);
  return {
    paths: ['svc'],
    filesLinted: 12,
    rules,
    findings,
    coverage: rules.map((r) => ({ rule: r.name, items: r.prose.coverage.items, fineLabel: r.prose.coverage.fine, found: 4, fine: 1, list: [] })),
    parseProblems: [{ file: 'svc/broken.ts', line: 3, message: "Parsing error: ')' expected." }],
    notes: [],
  };
}

const tool = { name: 'otel-audit', package: 'eslint-plugin-otel', version: '9.9.9' } as const;

describe('audit rules from plugin.rules', () => {
  it('orders rules by meta.docs.priority and takes prose from the catalogue, or from the metadata', () => {
    const rules = auditRules(RULES);
    expect(rules.map((r) => `${r.priority} ${r.name}`)).toEqual([
      'P0 require-job-span',
      'P1 require-something-new',
      'P2 require-job-log-context',
      'P2 require-pool-metrics',
      'P2 require-provider-trace-id',
    ]);
    for (const name of ['require-pool-metrics', 'require-provider-trace-id', 'require-job-log-context']) {
      expect(rules.find((r) => r.name === name)!.prose).toBe(AUDIT_PROSE[name]);
    }
    const fallback = rules.find((r) => r.name === 'require-something-new')!.prose;
    expect(fallback.title).toBe('Require something no catalogue entry describes yet');
    expect(fallback.severity).toBe('high');
    expect(fallback.recommendation.horizon).toBe('short-term');
    expect(fallback.impact).toContain('https://example.test/docs/');
  });
});

describe('Markdown with every priority (rendered with a GFM renderer)', () => {
  const findings = [
    finding('require-job-span', 'svc/a.ts', 3),
    finding('require-something-new', 'svc/b.ts', 9, { message: 'a | pipe, a <tag> and **stars** with `code_span`' }),
    finding('require-pool-metrics', 'svc/db.ts', 1),
    finding('require-provider-trace-id', 'svc/pay.ts', 7, { suggestions: [{ desc: 'Add metadata.trace_id', fix: { range: [0, 0], text: '' } }] }),
    finding('require-job-log-context', 'svc/a.ts', 4),
    // More files than the report lists.
    ...Array.from({ length: 12 }, (_, i) => finding('require-job-log-context', `svc/jobs/j${String(i).padStart(2, '0')}.ts`, i + 1)),
  ];
  const report: AuditReport = { tool, result: result(findings), failOn: 'P1' };
  const html = renderMarkdown(markdownReport(report));

  it('has one section per kind in priority order, the P2 ones titled from the catalogue', () => {
    expect(elements(html, 'h2')).toEqual([
      'Executive summary',
      'P0: Background jobs run without a span',
      'P1: Require something no catalogue entry describes yet',
      'P2: Job logs lack job_id / trace_id',
      'P2: Database pools are not measured',
      'P2: Provider calls carry no trace id',
      'Recommendations',
      'Files not analysed',
    ]);
    expect(elements(html, 'h3')).toEqual(['Coverage', 'Immediate', 'Short-term', 'Long-term']);
  });

  it('keeps table cells intact and escapes outside text', () => {
    const cells = elements(html, 'td');
    expect(cells).toHaveLength(5 * 5);
    expect(cells.slice(10, 15)).toEqual(['P2', 'Job logs lack job_id / trace_id (otel/require-job-log-context)', 'medium', '13', 'jobs that log: 4, with log context 1 (25%)']);
    expect(elements(html, 'blockquote').join('\n')).toContain('a | pipe, a <tag> and **stars** with code_span');
  });

  it('caps the file list with "and N more", and tells autofix from suggestion', () => {
    const items = elements(html, 'li');
    expect(items).toContain('and 3 more files');
    expect(items.filter((li) => li.startsWith('svc/jobs/')).length).toBe(9);
    expect(items.some((li) => li.startsWith('Manual (1 of 1, editor suggestion): Providers without a metadata field'))).toBe(true);
    expect(html).toContain('<strong>17 findings</strong> of 5 kinds in 16 files');
    expect(html).toContain('2 findings are at or above P1');
  });

  it('orders recommendations immediate → long-term, P2 recommendations in the long term', () => {
    const lists = elements(html, 'ol');
    expect(lists).toHaveLength(3);
    expect(lists[0]).toContain('Give every background job a span');
    expect(lists[1]).toContain('Close the gaps otel/require-something-new reports');
    for (const text of ['Export connection-pool metrics', 'Send the trace id with every provider call', 'Bind job_id and trace_id']) expect(lists[2]).toContain(text);
  });

  it('JSON and SARIF carry the same findings; the SARIF is schema-valid with suggestion-only fixes', () => {
    const data = JSON.parse(jsonReport(report)) as { summary: { byPriority: Record<string, number>; failing: number }; findings: { autofix: boolean; suggestions: string[] }[] };
    expect(data.summary).toEqual({ findings: 17, byPriority: { P0: 1, P1: 1, P2: 15 }, failing: 2 });
    expect(data.findings[3]).toMatchObject({ autofix: false, suggestions: ['Add metadata.trace_id'] });
    const sarif = JSON.parse(sarifReport(report, '/srv/app')) as { runs: { results: { level: string; fixes?: { description: { text: string } }[] }[] }[] };
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.map((r) => r.level).slice(0, 3)).toEqual(['error', 'error', 'warning']);
    expect(sarif.runs[0]!.results[3]!.fixes!.map((f) => f.description.text)).toEqual(['Add metadata.trace_id']);
  });
});
