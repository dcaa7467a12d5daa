/**
 * `otel-audit` on generated project trees: what is skipped by default, the baseline round trip (unrelated
 * edits and reformatting keep fingerprints; a new gap is exactly one new finding), `--fix`, the progress line
 * on a terminal, and `--use-config`. The built bin runs in a child process (`npm test` builds `dist/` first).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { audit, bin, makeTree, removeTree, root, writeTree } from './audit-helpers.js';

// Each test runs the bin in a child process, some several times.
vi.setConfig({ testTimeout: 120_000 });

const PACKAGE = '{ "name": "tree", "private": true, "type": "module", "dependencies": { "@opentelemetry/api": "^1.9.0" } }\n';

const JOBS = `import { Worker } from 'bullmq';
import cron from 'node-cron';

export const emails = new Worker('emails', async (job) => {
  await send(job.data);
});

cron.schedule('0 3 * * *', async () => {
  await sweep();
}, { name: 'nightly-sweep' });

declare function send(data: unknown): Promise<void>;
declare function sweep(): Promise<void>;
`;

const OUTBOX = `export async function deliverWebhook(url: string, body: string) {
  await fetch(url, { method: 'POST', body });
}
`;

const GAP = `import { Worker } from 'bullmq';
export const gap = new Worker('ignored', async (job) => { await job.updateProgress(1); });
`;

interface Finding {
  rule: string;
  file: string;
  line: number;
  message: string;
  fingerprint: string;
  baseline: string | null;
}
interface Report {
  filesLinted: number;
  findings: Finding[];
  coverage: { rule: string; found: number; fine: number }[];
  baseline: { new: number; unchanged: number; fixed: { rule: string; file: string }[] } | null;
  fixes: { file: string; fixes: Record<string, number> }[] | null;
  parseProblems: { file: string; line: number; message: string }[];
}

const trees: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = makeTree(files);
  trees.push(dir);
  return dir;
}
afterAll(() => trees.forEach(removeTree));

function json(args: string[], cwd: string): { status: number | null; report: Report; stderr: string } {
  const run = audit(['--format', 'json', ...args], cwd);
  return { status: run.status, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

describe('otel-audit: what it lints', () => {
  it('skips .gitignore entries, dependencies, build output and test fixtures', () => {
    const dir = tree({
      'package.json': PACKAGE,
      '.gitignore': 'generated/\n*.local.ts\n',
      'src/jobs.ts': JOBS,
      'node_modules/some-lib/worker.ts': GAP,
      'dist/worker.js': GAP.replace(/: \w+\)/g, ')'),
      'build/worker.ts': GAP,
      'tests/fixtures/worker.ts': GAP,
      'generated/worker.ts': GAP,
      'src/scratch.local.ts': GAP,
      'src/broken.ts': 'export const = ;\n',
    });
    const { status, report } = json([], dir);
    expect(status).toBe(1);
    expect(report.filesLinted).toBe(2);
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['src/jobs.ts']);
    // A file that does not parse is listed, not silently dropped.
    expect(report.parseProblems).toEqual([{ file: 'src/broken.ts', line: 1, message: 'Parsing error: Variable declaration expected.' }]);
    expect(audit([], dir).stdout).toContain('## Files not analysed');
  });
});

describe('otel-audit: nothing to audit', () => {
  it('exits 2 when no file is left to lint', () => {
    const dir = tree({ 'README.md': '# nothing\n', 'dist/app.js': GAP });
    const run = audit([], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('otel-audit: no JavaScript or TypeScript files to audit in . (none there, or all ignored)');
  });
});

describe('otel-audit: baseline round trip', () => {
  const dir = tree({ 'package.json': PACKAGE, 'src/jobs.ts': JOBS, 'src/outbox.ts': OUTBOX });
  const baselineFile = path.join(dir, 'otel-baseline.json');

  it('--write-baseline records today\'s findings and exits 0', () => {
    const run = audit(['--write-baseline', 'otel-baseline.json'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('otel-audit: wrote baseline otel-baseline.json (3 findings)');
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as { version: number; tool: string; findings: Finding[] };
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      'require-job-span src/jobs.ts:4',
      'require-job-span src/jobs.ts:8',
      'require-trace-propagation src/outbox.ts:2',
    ]);
  });

  it('after unrelated edits and reformatting: no new findings, exit 0', () => {
    // Lines added above, the file re-indented and re-wrapped, quotes changed: the same three gaps.
    const reformatted = `// Jobs of the tree service.
// (a comment block that shifts every line)

import { Worker } from "bullmq";
import cron from "node-cron";

export const emails = new Worker(
    "emails",
    async ( job ) =>
    {
        await send(job.data);
    },
);

cron.schedule("0 3 * * *", async () => {
    await sweep();
}, { name: "nightly-sweep" });

declare function send(data: unknown): Promise<void>;
declare function sweep(): Promise<void>;
`;
    writeTree(dir, {
      'src/jobs.ts': reformatted,
      'src/outbox.ts': `export const RETRIES = 3;\n\n${OUTBOX}\nexport function unrelated() {\n  return 1;\n}\n`,
    });
    const { status, report } = json(['--baseline', 'otel-baseline.json'], dir);
    expect(report.findings).toHaveLength(3);
    expect(report.baseline).toEqual({ file: 'otel-baseline.json', new: 0, unchanged: 3, fixed: [] });
    expect(report.findings.every((f) => f.baseline === 'unchanged')).toBe(true);
    expect(status).toBe(0);
    const md = audit(['--baseline', 'otel-baseline.json'], dir);
    expect(md.stdout).toContain('**No new findings** since the baseline.');
    expect(md.stdout).toContain('Compared with the baseline `otel-baseline.json`: 0 new, 3 unchanged (not listed below), 0 fixed.');
  });

  it('a new gap is exactly one new finding (exit 1), and a removed one is listed as fixed', () => {
    const jobs = readFileSync(path.join(dir, 'src/jobs.ts'), 'utf8');
    writeTree(dir, {
      'src/jobs.ts': `${jobs}\nexport const invoices = new Worker('invoices', async (job) => {\n  await send(job.data);\n});\n`,
      'src/outbox.ts': 'export const RETRIES = 3;\n',
    });
    const { status, report } = json(['--baseline', 'otel-baseline.json'], dir);
    expect(status).toBe(1);
    const fresh = report.findings.filter((f) => f.baseline === 'new');
    expect(fresh.map((f) => f.message)).toEqual(["BullMQ job 'invoices' runs without an active span, so nothing inside it is traced."]);
    expect(report.baseline).toMatchObject({ new: 1, unchanged: 2 });
    expect(report.baseline!.fixed.map((f) => `${f.rule} ${f.file}`)).toEqual(['require-trace-propagation src/outbox.ts']);
    const md = audit(['--baseline', 'otel-baseline.json'], dir).stdout;
    expect(md).toContain('**1 new finding** of 1 kind in 1 file');
    expect(md).toContain('## Fixed since the baseline');
    // SARIF marks each result new or unchanged.
    const sarif = JSON.parse(audit(['--baseline', 'otel-baseline.json', '--format', 'sarif'], dir).stdout) as { runs: { results: { baselineState: string }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.baselineState).sort()).toEqual(['new', 'unchanged', 'unchanged']);
  });

  it('a new gap above look-alike gaps is the one reported new (enclosing names in the fingerprint)', () => {
    const deliveries = (names: string[]) => names.map((name) => `export async function ${name}(url: string, body: string) {\n  await fetch(url, { method: 'POST', body });\n}\n`).join('\n');
    const dir2 = tree({ 'src/outbox.ts': deliveries(['deliverOrder', 'deliverInvoice']) });
    audit(['--write-baseline', 'b.json'], dir2);
    writeFileSync(path.join(dir2, 'src/outbox.ts'), deliveries(['deliverRefund', 'deliverOrder', 'deliverInvoice']));
    const { status, report } = json(['--baseline', 'b.json'], dir2);
    expect(status).toBe(1);
    expect(report.findings.filter((f) => f.baseline === 'new').map((f) => f.line)).toEqual([2]);
    expect(report.baseline).toMatchObject({ new: 1, unchanged: 2, fixed: [] });
  });

  it('two identical gaps in one file keep distinct fingerprints', () => {
    const twin = tree({ 'src/twins.ts': `import { Worker } from 'bullmq';\nnew Worker('q', async (job) => { await job.log('a'); });\nnew Worker('q', async (job) => { await job.log('a'); });\n` });
    audit(['--write-baseline', 'b.json'], twin);
    writeFileSync(path.join(twin, 'src/twins.ts'), `import { Worker } from 'bullmq';\n\nnew Worker('q', async (job) => { await job.log('a'); });\n`);
    const { report } = json(['--baseline', 'b.json'], twin);
    expect(report.baseline).toMatchObject({ new: 0, unchanged: 1 });
    expect(report.baseline!.fixed).toHaveLength(1);
  });
});

describe('otel-audit --fix', () => {
  it('applies the autofixes, says what changed, and reports what remains', () => {
    const dir = tree({ 'package.json': PACKAGE, 'src/jobs.ts': JOBS, 'src/outbox.ts': OUTBOX });
    const run = audit(['--fix'], dir);
    expect(run.stderr).toContain('otel-audit --fix: 2 files changed:\n  src/jobs.ts (otel/require-job-span ×2)\n  src/outbox.ts (otel/require-trace-propagation ×1)');
    expect(run.stdout).toContain('## Applied fixes');
    expect(run.stdout).toContain('- `src/jobs.ts`: `otel/require-job-span` ×2');
    expect(run.stdout).toContain('**No findings.**');
    expect(run.status).toBe(0);
    const jobs = readFileSync(path.join(dir, 'src/jobs.ts'), 'utf8');
    expect(jobs).toContain("import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';");
    expect(jobs.match(/startActiveSpan\(/g)).toHaveLength(2);
    expect(readFileSync(path.join(dir, 'src/outbox.ts'), 'utf8')).toContain('propagation.inject(context.active()');
    // Coverage after the fixes: everything traced. A second --fix changes nothing.
    const { report } = json([], dir);
    expect(report.coverage.find((c) => c.rule === 'require-job-span')).toMatchObject({ found: 2, fine: 2 });
    expect(audit(['--fix'], dir).stderr).toContain('otel-audit --fix: 0 files changed');
  });
});

describe('otel-audit: progress line', () => {
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

  it.skipIf(!hasScript)('shows files done / total on a terminal, and nothing when stderr is not one', () => {
    const dir = tree({ 'package.json': PACKAGE, 'src/jobs.ts': JOBS, 'src/outbox.ts': OUTBOX, 'src/more.ts': 'export const x = 1;\n' });
    // `script` gives the command a pseudo-terminal; stdout goes to a file so only stderr reaches the terminal.
    const tty = spawnSync('script', ['-qec', `"${process.execPath}" "${bin}" --output report.md`, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(tty.stdout).toContain('otel-audit: 3/3 files');
    expect(tty.stdout).toContain('\r\x1b[2K');
    const piped = audit([], dir);
    expect(piped.stderr).toBe('');
  });
});

describe('otel-audit --use-config', () => {
  it("lints with the project's flat config: its settings.otel and parser", () => {
    const dir = tree({
      'package.json': PACKAGE,
      'eslint.config.js': `import tsParser from ${JSON.stringify(path.join(root, 'node_modules/@typescript-eslint/parser/dist/index.js'))};
import otel from 'eslint-plugin-otel';
export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  otel.configs.recommended,
  { settings: { otel: { jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }] } } },
];
`,
      'src/report.job.ts': "import { runJob } from './runner';\nrunJob('nightly-report', async () => {\n  await build();\n});\ndeclare function build(): Promise<void>;\n",
    });
    const withConfig = json(['--use-config'], dir);
    expect(withConfig.report.findings.map((f) => f.message)).toEqual(["runJob() job 'nightly-report' runs without an active span, so nothing inside it is traced."]);
    // Zero-configuration mode reads the same settings.otel from the project's config.
    expect(json([], dir).report.findings).toHaveLength(1);
  });

  it('exits 2 with a message on a bad settings.otel', () => {
    const dir = tree({
      'eslint.config.js': 'export default [{ settings: { otel: { jobRunners: 3 } } }];\n',
      'src/a.js': 'export const a = 1;\n',
    });
    const run = audit(['--use-config'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/otel-audit: .*jobRunners/);
  });
});
