// Many findings in one file: one TypeScript module of N lines, each line a BullMQ worker whose handler POSTs
// a webhook (two fixable findings per line), linted with both rules. Each N runs in its own process so that
// peak memory (max RSS) is that run's own. Reports wall time and peak memory for reporting only and --fix.
//
//   npm run build && node bench/many-findings.mjs            # N = 1000, 4000, 20000
//   node bench/many-findings.mjs 1000 4000                    # chosen sizes
//   node bench/many-findings.mjs --child N report|fix         # (internal) one measurement, JSON on stdout
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

export function source(n) {
  const lines = ["import { Worker } from 'bullmq';", ''];
  for (let i = 0; i < n; i++) {
    lines.push(
      `new Worker('q${i}', async (job) => { await fetch(job.data.webhookUrl, { method: 'POST', body: JSON.stringify(job.data) }); });`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function child(n, mode) {
  const { ESLint } = await import('eslint');
  const tsParser = (await import('@typescript-eslint/parser')).default;
  const plugin = (await import('../dist/index.js')).default;
  const eslint = new ESLint({
    overrideConfigFile: true,
    fix: mode === 'fix',
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { plugins: { otel: plugin }, rules: { 'otel/require-job-span': 'error', 'otel/require-trace-propagation': 'error' } },
      { settings: { otel: { tracerName: 'bench', checkApiDependency: false } } },
    ],
  });
  const started = performance.now();
  const [result] = await eslint.lintText(source(n), { filePath: 'many.ts' });
  const ms = performance.now() - started;
  const fixable = result.messages.filter((m) => m.fix).length;
  process.stdout.write(
    JSON.stringify({
      n,
      mode,
      ms,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      findings: result.messages.length,
      fixable,
      fatal: result.messages.filter((m) => m.fatal).length,
      left: mode === 'fix' ? result.messages.filter((m) => m.ruleId?.startsWith('otel/')).length : undefined,
    }),
  );
}

function run(n, mode) {
  const out = spawnSync(process.execPath, ['--max-old-space-size=4096', here, '--child', String(n), mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (out.status !== 0) return { n, mode, error: (out.stderr || `exit ${out.status}`).split('\n').slice(-5).join(' ') };
  return JSON.parse(out.stdout);
}

if (process.argv[2] === '--child') {
  await child(Number(process.argv[3]), process.argv[4]);
} else {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const results = [];
  for (const n of sizes.length > 0 ? sizes : [1000, 4000, 20000]) {
    for (const mode of process.env.MODES ? process.env.MODES.split(',') : ['report', 'fix']) {
      const r = run(n, mode);
      results.push(r);
      console.log(
        r.error
          ? `N=${String(n).padStart(6)} ${mode.padEnd(6)} FAILED: ${r.error}`
          : `N=${String(n).padStart(6)} ${mode.padEnd(6)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  peak ${r.maxRssMiB.toFixed(0).padStart(5)} MiB  findings ${r.findings}` +
              (mode === 'fix' ? `  left after --fix ${r.left}, fatal ${r.fatal}` : `  with a fix ${r.fixable}`),
      );
    }
  }
  const at = (n, mode) => results.find((r) => r.n === n && r.mode === mode && !r.error);
  const a = at(1000, 'report');
  const b = at(4000, 'report');
  if (a && b) console.log(`report time N=4000 / N=1000: ${(b.ms / a.ms).toFixed(2)} (target ≤ 5), peak at 4000: ${b.maxRssMiB.toFixed(0)} MiB (target < 1536)`);
}
