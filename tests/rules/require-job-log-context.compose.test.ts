/**
 * `require-job-log-context` with `require-job-span` in one `eslint --fix` run, through ESLint's own API: the
 * two fixes touch the same handler body, so ESLint applies one per pass. Whatever the order (span first, log
 * context first, or both in one run of the `ESLint` class), the result is the same text, the binding reads the
 * trace id inside the job's span, nothing is left to report, a second run changes nothing, and the output
 * type-checks under strict TypeScript against the real libraries.
 */
import tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { REPO_ROOT, typeCheck } from '../helpers/runtime.js';

const LOG = 'otel/require-job-log-context';
const SPAN = 'otel/require-job-span';
const FILE = path.join(REPO_ROOT, 'tests/runtime/__fixed__/compose.ts');

function config(rules: string[], settings: Record<string, unknown> = {}): Linter.Config[] {
  return [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser },
      plugins: { otel: plugin as never },
      rules: Object.fromEntries(rules.map((rule) => [rule, 'warn'])),
      settings: { otel: { tracerName: 'compose-test', checkApiDependency: false, ...settings } },
    },
  ];
}

function fixWith(code: string, rules: string[], settings?: Record<string, unknown>): string {
  return new Linter().verifyAndFix(code, config(rules, settings), FILE).output;
}

async function eslintFix(code: string, settings?: Record<string, unknown>): Promise<{ output: string; messages: Linter.LintMessage[] }> {
  const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: true, fix: true, overrideConfig: config([LOG, SPAN], settings) });
  const [result] = await eslint.lintText(code, { filePath: FILE });
  return { output: result!.output ?? code, messages: result!.messages };
}

interface Case {
  name: string;
  code: string;
  settings?: Record<string, unknown>;
  /** The statement that must end up first inside the span's `try`. */
  binding: RegExp;
  typeCheck?: Parameters<typeof typeCheck>[2] | false;
}

const cases: Case[] = [
  {
    name: 'pino in a BullMQ worker',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';

const logger = pino();

export function start(connection: { host: string; port: number }) {
  return new Worker('emails', async (job) => {
    logger.info({ to: job.data.to }, 'sending');
    await new Promise((resolve) => setTimeout(resolve, 1));
    logger.info('sent');
    return job.data.to as string;
  }, { connection });
}
`,
    binding: /const log = logger\.child\(\{ job_id: job\.id, job_name: job\.name, trace_id: trace\.getActiveSpan\(\)\?\.spanContext\(\)\.traceId \}\);/,
  },
  {
    name: 'winston in a node-cron task (identified by its name)',
    code: `import cron from 'node-cron';
import { createLogger, format, transports } from 'winston';

const logger = createLogger({ format: format.json(), transports: [new transports.Console()] });

export const task = cron.schedule('0 3 * * *', async () => {
  logger.info('purging');
  logger.warn('purged', { count: 3 });
}, { name: 'retention' });
`,
    binding: /const log = logger\.child\(\{ job_name: 'retention', trace_id: trace\.getActiveSpan\(\)\?\.spanContext\(\)\.traceId \}\);/,
  },
  {
    name: 'expression-bodied handler with bunyan',
    code: `import { Worker } from 'bullmq';
import bunyan from 'bunyan';

const logger = bunyan.createLogger({ name: 'app' });

export const worker = new Worker('emails', async (job) => logger.info({ to: job.data.to }, 'tick'));
`,
    binding: /const log = logger\.child\(\{ job_id: job\.id, job_name: job\.name, trace_id: trace\.getActiveSpan\(\)\?\.spanContext\(\)\.traceId \}\);/,
  },
  {
    name: 'NestJS BullMQ processor with an injected pino logger',
    code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

@Processor('emails')
export class EmailProcessor extends WorkerHost {
  constructor(private readonly logger: Logger) {
    super();
  }

  async process(job: Job): Promise<void> {
    this.logger.info('sending');
  }
}
`,
    binding: /const log = this\.logger\.child\(\{ job_id: job\.id, job_name: job\.name, trace_id: trace\.getActiveSpan\(\)\?\.spanContext\(\)\.traceId \}\);/,
    typeCheck: { experimentalDecorators: true, emitDecoratorMetadata: true },
  },
  {
    name: 'configured log-context setter',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
import { updateLogContext } from './log-context';

const logger = pino();

export const worker = new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    settings: { logContext: { name: 'updateLogContext' } },
    binding: /updateLogContext\(\{ job_id: job\.id, job_name: job\.name, trace_id: trace\.getActiveSpan\(\)\?\.spanContext\(\)\.traceId \}\);/,
    typeCheck: false,
  },
  {
    name: 'log instrumentation: only the job identity is bound',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';

const logger = pino();

export const worker = new Worker('emails', async (job) => {
  // comment kept
  logger.info('sending');
});
`,
    settings: { logInstrumentation: ['pino'] },
    binding: /const log = logger\.child\(\{ job_id: job\.id, job_name: job\.name \}\);/,
  },
  {
    name: 'several handlers and loggers in one file',
    code: `import { Worker } from 'bullmq';
import cron from 'node-cron';
import pino from 'pino';
import winston from 'winston';

const logger = pino();
const audit = winston.createLogger({});

export const emails = new Worker('emails', async (job) => {
  logger.info('sending');
  audit.info('sent');
});

export const invoices = new Worker('invoices', async (job) => {
  logger.info({ total: job.data.total }, 'invoicing');
});

export const retention = cron.schedule('0 3 * * *', () => {
  audit.warn('purging');
}, { name: 'retention' });
`,
    binding: /const log = logger\.child\(\{ job_id: job\.id, job_name: job\.name, trace_id: trace\.getActiveSpan\(\)\?\.spanContext\(\)\.traceId \}\);\n\s+const log2 = audit\.child\(/,
  },
];

describe.each(cases)('require-job-log-context + require-job-span: $name', (testCase) => {
  const { code, settings } = testCase;

  it('converges to one text whichever fix goes first, and ESLint --fix gives the same', async () => {
    const spanFirst = fixWith(fixWith(code, [SPAN], settings), [LOG], settings);
    const logFirst = fixWith(fixWith(code, [LOG], settings), [SPAN], settings);
    const both = await eslintFix(code, settings);
    expect(spanFirst).not.toBe(code);
    expect(logFirst).toBe(spanFirst);
    expect(both.output).toBe(spanFirst);
    expect(both.messages).toEqual([]);
  });

  it('binds the context first inside the span (where the trace id is the job span\'s)', async () => {
    const { output } = await eslintFix(code, settings);
    const span = output.indexOf('.startActiveSpan(');
    const tryAt = output.indexOf('try {', span);
    const match = testCase.binding.exec(output);
    expect(span, output).toBeGreaterThan(0);
    expect(match, output).not.toBeNull();
    // The first statement of the span's try block (a comment that introduced the body stays above it).
    expect(output.slice(tryAt + 'try {'.length, match!.index).replace(/\/\/.*$/gm, '').trim(), output).toBe('');
    // No call is left on the shared loggers inside the handlers (they go through the children).
    expect(output.match(/\b(logger|audit)\.(info|warn)\(/g) ?? [], output).toEqual(testCase.settings?.logContext ? ['logger.info('] : []);
  });

  it('is idempotent and type-checks (strict)', async () => {
    const { output } = await eslintFix(code, settings);
    expect((await eslintFix(output, settings)).output).toBe(output);
    if (testCase.typeCheck !== false) expect(typeCheck(output, 'compose', testCase.typeCheck || {}), output).toEqual([]);
  });
});
