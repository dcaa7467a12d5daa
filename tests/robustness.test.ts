/**
 * Odd code never crashes a rule, and whatever a fix produces still parses. Each snippet runs through every
 * rule with `fix: true` as TypeScript and as JavaScript (module and CommonJS).
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';

import plugin from '../index.js';

const snippets: Record<string, string> = {
  empty: '',
  'only comments': '// nothing here\n/* still nothing */',
  'use strict only': "'use strict';",
  'worker without arguments': "import { Worker } from 'bullmq';\nnew Worker();",
  'worker with spread arguments': "import { Worker } from 'bullmq';\nnew Worker(...args);",
  'worker with a string processor': "import { Worker } from 'bullmq';\nnew Worker('q', './processor.js');",
  'worker with a URL processor': "import { Worker } from 'bullmq';\nnew Worker('q', new URL('./p.js', import.meta.url));",
  'worker handler is a number': "import { Worker } from 'bullmq';\nnew Worker('q', 42);",
  'handler recursion': "import { Worker } from 'bullmq';\nconst a = b; const b = a;\nnew Worker('q', a);",
  'computed member process': "import Queue from 'bull';\nconst q = new Queue('x');\nq['process'](async (job) => job);",
  'process without arguments': "import Queue from 'bull';\nconst q = new Queue('x');\nq.process();",
  'cron without arguments': "import cron from 'node-cron';\ncron.schedule();",
  'cron with a generator': "import cron from 'node-cron';\ncron.schedule('* * * * *', function* () { yield 1; });",
  'cron handler already wrapped': "import cron from 'node-cron';\ncron.schedule('* * * * *', withSpan(() => 1));",
  'CronJob.from without object': "import { CronJob } from 'cron';\nCronJob.from(options);",
  'taskList spread': "import { run } from 'graphile-worker';\nrun({ taskList: { ...tasks, a: async () => {} } });",
  'decorator without call': "import { Cron } from '@nestjs/schedule';\nclass A { @Cron tick() {} }",
  'processor class without process': "import { Processor, WorkerHost } from '@nestjs/bullmq';\n@Processor('q')\nclass A extends WorkerHost {}",
  'empty handler body': "import { Worker } from 'bullmq';\nnew Worker('q', async () => {});",
  'handler with one-line body': "import { Worker } from 'bullmq';\nnew Worker('q', async (job) => { await go(job); });",
  'handler returning object literal': "import { Worker } from 'bullmq';\nnew Worker('q', (job) => ({ ok: true }));",
  'handler returning sequence': "import { Worker } from 'bullmq';\nnew Worker('q', async (job) => (a(), b()));",
  'handler with destructured param': "import { Worker } from 'bullmq';\nnew Worker('q', async ({ data, id }) => { await go(data, id); });",
  'handler using arguments and this': "import { CronJob } from 'cron';\nnew CronJob('* * * * *', function () { console.log(arguments.length, this); });",
  'handler with var named span': "import { Worker } from 'bullmq';\nnew Worker('q', async (job) => { var span = 1; const err = 2; return span + err; });",
  'fetch without arguments': 'export async function deliverWebhook() { await fetch(); }',
  'fetch with spread arguments': 'export async function deliverWebhook(args) { await fetch(...args); }',
  'fetch in class field': "export class WebhookSender { ready = fetch('https://x.test/hooks'); }",
  'fetch in default parameter': "export async function deliverWebhook(r = fetch('https://x.test/hooks')) { return r; }",
  'fetch in a conditional expression': 'export async function deliverWebhook(url, on) { return on ? await fetch(url) : null; }',
  'fetch in a loop test': 'export async function deliverWebhook(url) { while ((await fetch(url)).status === 429) {} }',
  'fetch in a switch case': 'export async function deliverWebhook(url, k) { switch (k) { case 1: await fetch(url); break; } }',
  'fetch with computed headers key': "export async function deliverWebhook(url) { await fetch(url, { ['headers']: { a: 'b' } }); }",
  'fetch with headers array': "export async function deliverWebhook(url) { await fetch(url, { headers: [['a', 'b']] }); }",
  'fetch with shorthand headers param': 'export async function deliverWebhook(url, headers) { await fetch(url, { headers }); }',
  'axios with spread config': "import axios from 'axios';\nexport async function deliverWebhook(url, c) { await axios.post(url, {}, { ...c }); }",
  'axios request without config': "import axios from 'axios';\nexport async function deliverWebhook() { await axios.request(); }",
  'http request options first': "import https from 'node:https';\nexport function deliverWebhook(o, cb) { https.request({ host: 'x.test', path: '/hook' }, cb).end(); }",
  'optional call': 'export async function deliverWebhook(url) { await fetch?.(url); }',
  'labelled statement': 'export async function deliverWebhook(url) { outer: for (const u of [url]) await fetch(u, { method: "POST" }); }',
  'object with getter': "export async function deliverWebhook(url) { await fetch(url, { get headers() { return {}; } }); }",
};

const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`otel/${name}`, 'error' as const]));
const settings = { otel: { tracerName: 'robust', jobRunners: [{ name: 'runJob', handlerArg: 1 }] } };

function run(code: string, filename: string, sourceType: 'module' | 'commonjs') {
  const linter = new Linter();
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts', '**/*.js', '**/*.cjs'],
      languageOptions: { parser: tsParser, sourceType },
      plugins: { otel: plugin as never },
      rules,
      settings,
    },
  ];
  const fixed = linter.verifyAndFix(code, config, filename);
  const errors = fixed.messages.filter((m) => m.fatal);
  return { fixed, errors, reparse: linter.verify(fixed.output, config, filename).filter((m) => m.fatal) };
}

describe.each(Object.entries(snippets))('%s', (_name, code) => {
  it.each([
    ['file.ts', 'module'],
    ['file.js', 'module'],
    ['file.cjs', 'commonjs'],
  ] as const)('%s (%s): no crash, fix output parses', (filename, sourceType) => {
    const { fixed, errors, reparse } = run(code, filename, sourceType);
    // Snippets are valid code: a fatal message means the original failed to parse (or a fix broke it).
    expect(errors, fixed.output).toEqual([]);
    expect(reparse, fixed.output).toEqual([]);
  });
});
