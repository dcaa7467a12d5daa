/**
 * `otel-audit` on the bundled example backend, as a user runs it: the built bin in a child process. Markdown
 * checked through a real GFM renderer, JSON shape, SARIF against the 2.1.0 schema, exit codes.
 * `npm test` builds `dist/` first (pretest).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

import plugin from '../../index.js';
import { audit, elements, renderMarkdown, root, sarifErrors } from './audit-helpers.js';

const EXAMPLE = 'examples/backend';
// Each test runs the bin in a child process (a few seconds each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });
const ruleNames = Object.keys(plugin.rules);
const P0P1 = ruleNames.filter((name) => ['P0', 'P1'].includes((plugin.rules[name as keyof typeof plugin.rules].meta?.docs as { priority?: string }).priority ?? ''));

// One run per format, shared by the assertions below.
const md = audit([EXAMPLE]);
const json = audit([EXAMPLE, '--format', 'json']);
const sarif = audit([EXAMPLE, '--format', 'sarif']);

interface JsonReport {
  schemaVersion: number;
  tool: { name: string; package: string; version: string };
  paths: string[];
  filesLinted: number;
  failOn: string;
  summary: { findings: number; byPriority: Record<string, number>; failing: number };
  rules: { id: string; name: string; priority: string; severity: string; title: string; url: string | null; fixable: boolean }[];
  coverage: { rule: string; items: string; fineLabel: string; found: number; fine: number; list: { file: string; line: number; label: string; ok: boolean }[] }[];
  findings: { rule: string; ruleId: string; priority: string; file: string; line: number; column: number; message: string; autofix: boolean; fingerprint: string; baseline: string | null }[];
  baseline: unknown;
  fixes: unknown;
  parseProblems: unknown[];
}
const data = JSON.parse(json.stdout) as JsonReport;

describe('otel-audit examples/backend: JSON', () => {
  it('has the documented shape', () => {
    expect(json.status).toBe(1);
    expect(Object.keys(data)).toEqual(['schemaVersion', 'tool', 'paths', 'filesLinted', 'failOn', 'summary', 'rules', 'coverage', 'findings', 'baseline', 'fixes', 'parseProblems']);
    expect(data.schemaVersion).toBe(1);
    expect(data.tool).toEqual({ name: 'otel-audit', package: 'eslint-plugin-otel', version: plugin.meta.version });
    expect(data.paths).toEqual([EXAMPLE]);
    expect(data.failOn).toBe('P1');
    expect(data.baseline).toBeNull();
    expect(data.fixes).toBeNull();
    expect(data.parseProblems).toEqual([]);
    // Every rule of the plugin, in priority order.
    expect(data.rules.map((r) => r.name).sort()).toEqual([...ruleNames].sort());
    const order = data.rules.map((r) => r.priority);
    expect(order).toEqual([...order].sort());
  });

  it('finds the example gaps the rules know, and only in src/', () => {
    const found = data.findings.map((f) => `${f.ruleId} ${f.file}`);
    expect(found.filter((f) => f.startsWith('otel/require-job-span '))).toEqual([
      'otel/require-job-span examples/backend/src/jobs/email.worker.ts',
      'otel/require-job-span examples/backend/src/jobs/invoice-reminders.job.ts', // through settings.otel.jobRunners of the example's config
      'otel/require-job-span examples/backend/src/jobs/retention.cron.ts',
    ]);
    expect(found.filter((f) => f.startsWith('otel/require-trace-propagation '))).toEqual([
      'otel/require-trace-propagation examples/backend/src/outbox/dispatcher.ts',
      'otel/require-trace-propagation examples/backend/src/outbox/dispatcher.ts',
    ]);
    expect(data.findings.some((f) => f.file.includes('replay.worker.ts') && P0P1.includes(f.rule))).toBe(false);
    expect(data.summary.findings).toBe(data.findings.length);
    expect(data.summary.byPriority.P0).toBe(3);
    expect(data.summary.byPriority.P1).toBe(2);
    expect(data.summary.failing).toBe(data.findings.filter((f) => f.priority !== 'P2').length);
    expect(new Set(data.findings.map((f) => f.fingerprint)).size).toBe(data.findings.length);
    expect(data.findings.every((f) => /^[0-9a-f]{32}:\d+$/.test(f.fingerprint))).toBe(true);
  });

  it('counts coverage from the inventory: what was found and what is already fine', () => {
    const jobs = data.coverage.find((c) => c.rule === 'require-job-span')!;
    expect({ found: jobs.found, fine: jobs.fine, items: jobs.items, fineLabel: jobs.fineLabel }).toEqual({ found: 4, fine: 1, items: 'job handlers', fineLabel: 'traced' });
    expect(jobs.list.filter((i) => i.ok).map((i) => i.file)).toEqual(['examples/backend/src/webhooks/replay.worker.ts']);
    const hooks = data.coverage.find((c) => c.rule === 'require-trace-propagation')!;
    expect({ found: hooks.found, fine: hooks.fine }).toEqual({ found: 3, fine: 1 });
    // Coverage and findings agree: every item that is not fine is a finding.
    for (const c of data.coverage) expect(c.found - c.fine).toBe(data.findings.filter((f) => f.rule === c.rule).length);
  });
});

describe('otel-audit examples/backend: Markdown (rendered with a GFM renderer)', () => {
  const html = renderMarkdown(md.stdout);

  it('reads like an audit: title, executive summary, one section per kind in priority order, recommendations', () => {
    expect(md.status).toBe(1);
    expect(md.stderr).toBe('');
    expect(elements(html, 'h1')).toEqual(['Observability audit: examples/backend']);
    // The P2 rules (when present) add their sections between P1 and the recommendations.
    const h2 = elements(html, 'h2');
    expect(h2.filter((h) => !h.startsWith('P2: '))).toEqual([
      'Executive summary',
      'P0: Background jobs run without a span',
      'P1: Webhooks leave without trace context',
      'Recommendations',
    ]);
    expect(h2.slice(3, h2.indexOf('Recommendations')).every((h) => h.startsWith('P2: '))).toBe(true);
    expect(elements(html, 'h3')).toEqual(['Coverage', 'Immediate', 'Short-term', 'Long-term']);
    const kinds = new Set(data.findings.map((f) => f.rule)).size;
    const files = new Set(data.findings.map((f) => f.file)).size;
    expect(html).toContain(
      `<strong>${data.findings.length} findings</strong> of ${kinds} kinds in ${files} files: <strong>P0</strong> 3, <strong>P1</strong> 2, <strong>P2</strong> ${data.summary.byPriority.P2}.`,
    );
  });

  it('renders the summary table: one row per rule with priority, severity, count and coverage', () => {
    expect(elements(html, 'table')).toHaveLength(1);
    expect(elements(html, 'th')).toEqual(['Priority', 'Finding', 'Severity', 'Findings', 'Coverage']);
    const cells = elements(html, 'td');
    const rows: string[][] = [];
    for (let i = 0; i < cells.length; i += 5) rows.push(cells.slice(i, i + 5));
    expect(rows).toHaveLength(ruleNames.length);
    expect(rows[0]).toEqual(['P0', 'Background jobs run without a span (otel/require-job-span)', 'critical', '3', 'job handlers: 4, traced 1 (25%)']);
    expect(rows[1]).toEqual(['P1', 'Webhooks leave without trace context (otel/require-trace-propagation)', 'high', '2', 'webhook deliveries: 3, propagating trace context 1 (33%)']);
    // The rule names link to their docs.
    expect(html).toContain('<a href="https://github.com/eslint-plugin-otel/eslint-plugin-otel/blob/main/docs/rules/require-job-span.md"><code>otel/require-job-span</code></a>');
  });

  it('has a coverage line per kind and lists files with their lines', () => {
    const items = elements(html, 'li');
    for (const name of ruleNames) expect(items.some((li) => li.endsWith(`(otel/${name})`) && /: (none found|\d+, .+ \d+ \(\d+%\))/.test(li))).toBe(true);
    expect(items).toContain('Job handlers: 4, traced 1 (25%) (otel/require-job-span)');
    expect(items).toContain('examples/backend/src/outbox/dispatcher.ts: lines 67, 81');
    expect(items).toContain('examples/backend/src/jobs/email.worker.ts: line 19');
    // The P0 section says all three of its findings are autofixed.
    const p0 = html.slice(html.indexOf('<h2>P0: '), html.indexOf('<h2>P1: '));
    expect(elements(p0, 'li').filter((li) => li.startsWith('Autofix (3 of 3): otel-audit --fix'))).toHaveLength(1);
    // Recommendations are an ordered list under each horizon, immediate first.
    expect(html.indexOf('<h3>Immediate</h3>')).toBeLessThan(html.indexOf('<h3>Long-term</h3>'));
    expect(elements(html, 'ol').length).toBe(3);
  });

  it('stays deterministic (no dates, no absolute paths)', () => {
    expect(md.stdout).not.toContain(root);
    expect(audit([EXAMPLE]).stdout).toBe(md.stdout);
  });
});

describe('otel-audit examples/backend: SARIF', () => {
  const log = JSON.parse(sarif.stdout) as {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; helpUri?: string; properties: { priority: string } }[] } };
      results: { ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[]; fixes?: { artifactChanges: { replacements: { deletedRegion: { charOffset: number; charLength: number }; insertedContent: { text: string } }[] }[] }[] }[];
    }[];
  };

  it('is valid against the SARIF 2.1.0 JSON schema', () => {
    expect(sarif.status).toBe(1);
    expect(sarifErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
  });

  it('has rules with help links and results with locations, fingerprints and fixes', () => {
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('otel-audit');
    expect(run.tool.driver.rules.map((r) => r.id).sort()).toEqual(ruleNames.map((n) => `otel/${n}`).sort());
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toMatch(/^https:\/\/github\.com\/.+\/docs\/rules\/.+\.md$/);
    expect(run.results).toHaveLength(data.findings.length);
    const first = run.results[0]!;
    expect(first.ruleId).toBe('otel/require-job-span');
    expect(run.tool.driver.rules[first.ruleIndex]!.id).toBe(first.ruleId);
    expect(first.level).toBe('error');
    expect(first.locations[0]!.physicalLocation.artifactLocation).toMatchObject({ uri: 'examples/backend/src/jobs/email.worker.ts', uriBaseId: '%SRCROOT%' });
    expect(first.locations[0]!.physicalLocation.region.startLine).toBe(19);
    expect(first.partialFingerprints['otelAudit/v1']).toBe(data.findings[0]!.fingerprint);
    // The autofix, as a replacement in the file: applying it to the text gives a span around the handler.
    const replacement = first.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    const text = readFileSync(path.join(root, 'examples/backend/src/jobs/email.worker.ts'), 'utf8');
    const fixed = text.slice(0, replacement.deletedRegion.charOffset) + replacement.insertedContent.text + text.slice(replacement.deletedRegion.charOffset + replacement.deletedRegion.charLength);
    expect(fixed).toContain('startActiveSpan(');
  });
});

describe('otel-audit: exit codes and usage errors', () => {
  it.each([
    [[EXAMPLE, '--fail-on', 'none'], 0],
    [[EXAMPLE, '--fail-on', 'P0'], 1],
    [['examples/backend/src/webhooks', '--fail-on', 'P2'], 0], // already right: nothing at any priority
  ])('%j exits %i', (args, status) => {
    expect(audit(args).status).toBe(status);
  });

  it.each([
    [['--format', 'html'], '--format must be one of md, sarif, json'],
    [['--fail-on', 'P3'], '--fail-on must be one of P0, P1, P2, none'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['no/such/folder'], 'no such file or folder: no/such/folder'],
    [['..'], '.. is outside the current folder'],
    [['--baseline', 'no-such-baseline.json'], 'cannot read baseline no-such-baseline.json: file not found'],
    [['--baseline', 'package.json'], 'package.json is not an otel-audit baseline'],
  ])('2 with a clear message for %j', (args, message) => {
    const run = audit([EXAMPLE, ...args]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`otel-audit: ${message}`);
  });

  it('--help and --version', () => {
    const help = audit(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: otel-audit [paths…] [options]');
    expect(audit(['--version']).stdout.trim()).toBe(plugin.meta.version);
  });
});
