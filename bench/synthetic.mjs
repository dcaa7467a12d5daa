// Synthetic stress benchmark: one large file with many job handlers and webhook deliveries, linted with
// every plugin rule and `stats`, to catch super-linear work (rules run on every keystroke in editors).
// Usage: npm run build && node bench/synthetic.mjs [functions=400]
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../dist/index.js';

const count = Number(process.argv[2] ?? 400);

function source(n) {
  const parts = [
    "import { Worker } from 'bullmq';",
    "import axios from 'axios';",
    "import cron from 'node-cron';",
    '',
    'const http = axios.create({ timeout: 5000 });',
    '',
  ];
  for (let i = 0; i < n; i++) {
    parts.push(
      `export async function deliverWebhook${i}(url: string, payload: unknown) {`,
      `  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });`,
      `  await http.post(url + '/ack', { id: ${i} });`,
      `  return res.status;`,
      `}`,
      `new Worker('queue-${i}', async (job) => { await deliverWebhook${i}(job.data.url, job.data); });`,
      `cron.schedule('* * * * *', () => { console.log(${i}); }, { name: 'tick-${i}' });`,
      `export function helper${i}(items: number[]) { return items.map((x) => x * ${i}).filter(Boolean); }`,
      '',
    );
  }
  return parts.join('\n');
}

async function measure(n) {
  const eslint = new ESLint({
    overrideConfigFile: true,
    stats: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      plugin.configs.all,
      { settings: { otel: { tracerName: 'bench' } } },
    ],
  });
  const text = source(n);
  const [result] = await eslint.lintText(text, { filePath: 'synthetic.ts' });
  const pass = result.stats.times.passes[0];
  const rules = Object.fromEntries(Object.entries(pass.rules ?? {}).map(([id, t]) => [id, t.total]));
  return { lines: text.split('\n').length, parse: pass.parse.total, rules, findings: result.messages.length };
}

await measure(20); // warm-up
for (const n of [count / 4, count / 2, count]) {
  const { lines, parse, rules, findings } = await measure(n);
  const plugin = Object.values(rules).reduce((a, b) => a + b, 0);
  console.log(
    `${String(lines).padStart(6)} lines  parse ${parse.toFixed(1).padStart(7)} ms  plugin rules ${plugin.toFixed(1).padStart(7)} ms  ` +
      `ratio ${(plugin / parse).toFixed(3)}  findings ${findings}  ` +
      Object.entries(rules)
        .map(([id, t]) => `${id.replace('otel/', '')}=${t.toFixed(1)}ms`)
        .join(' '),
  );
}
