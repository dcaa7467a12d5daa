/**
 * `otel/require-job-log-context` and the project around the file: log instrumentations listed in package.json
 * (pino, auto-instrumentations with bunyan 1.x but not 2.x), a project without `@opentelemetry/api`
 * (suggestion), and more handler shapes: names in use, nested callbacks, Agenda, NestJS Bull, configured
 * runners, one report per handler, directives, loggers the handler creates itself.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-job-log-context.js';
import { createRuleTester } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

/** A project outside this repository with these dependencies; returns its `src/worker.ts`. */
function project(dependencies: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'otel-logctx-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', dependencies }));
  return path.join(dir, 'src', 'worker.ts');
}

const files = {
  instrumented: project({ '@opentelemetry/api': '^1.9.0', pino: '^10.0.0', winston: '^3.19.0', '@opentelemetry/instrumentation-pino': '^0.69.0' }),
  bunyan1: project({ '@opentelemetry/api': '^1.9.0', bunyan: '^1.8.15', '@opentelemetry/auto-instrumentations-node': '^0.70.0' }),
  bunyan2: project({ '@opentelemetry/api': '^1.9.0', bunyan: '^2.0.5', '@opentelemetry/auto-instrumentations-node': '^0.70.0' }),
  noApi: project({ pino: '^10.0.0' }),
};

const valid: Valid[] = [
  {
    name: 'one function on two cron tasks: identified by no static name, only the trace id is needed',
    code: `import cron from 'node-cron';
import pino from 'pino';
const logger = pino();
async function tick() {
  logger.info({ trace_id: currentTraceId() }, 'tick');
}
cron.schedule('* * * * *', tick, { name: 'a' });
cron.schedule('0 * * * *', tick, { name: 'b' });
`,
  },
  {
    name: 'a child bound with bindings built elsewhere is trusted',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
import { jobBindings } from './log-context';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child(jobBindings(job));
  log.info('sending');
});
`,
  },
  {
    name: 'instrumentation-pino in package.json: a child with the job id is enough',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id });
  log.info('sending');
});
`,
    filename: files.instrumented,
  },
  {
    name: 'auto-instrumentations with bunyan 1.x: the job id is enough',
    code: `import { Worker } from 'bullmq';
import bunyan from 'bunyan';
const logger = bunyan.createLogger({ name: 'app' });
new Worker('emails', async (job) => {
  logger.info({ jobId: job.id }, 'sending');
});
`,
    filename: files.bunyan1,
  },
  {
    name: 'logInstrumentation: false overrides package.json',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info({ job_id: job.id, trace_id: currentTraceId() }, 'sending');
});
`,
    filename: files.instrumented,
    settings: { otel: { tracerName: 'test-service', logInstrumentation: false } },
  },
  {
    name: 'the id under another key whose value is the job id expression',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.child({ id: job.id, traceId: traceIdOf(job) }).info('sending');
});
`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'instrumentation-pino in package.json: only the job id is missing (no @opentelemetry/api import)',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    filename: files.instrumented,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'missingJobIdentity',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'instrumentation-pino does not cover winston',
    code: `import { Worker } from 'bullmq';
import winston from 'winston';
const logger = winston.createLogger({});
new Worker('emails', async (job) => {
  logger.info('sending', { job_id: job.id });
});
`,
    filename: files.instrumented,
    output: `import { Worker } from 'bullmq';
import winston from 'winston';
import { trace } from '@opentelemetry/api';
const logger = winston.createLogger({});
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending', { job_id: job.id });
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'auto-instrumentations with bunyan 1.x: only the job id',
    code: `import { Worker } from 'bullmq';
import bunyan from 'bunyan';
const logger = bunyan.createLogger({ name: 'app' });
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    filename: files.bunyan1,
    output: `import { Worker } from 'bullmq';
import bunyan from 'bunyan';
const logger = bunyan.createLogger({ name: 'app' });
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'missingJobIdentity',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'auto-instrumentations do not cover bunyan 2.x: the trace id is needed too',
    code: `import { Worker } from 'bullmq';
import bunyan from 'bunyan';
const logger = bunyan.createLogger({ name: 'app' });
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    filename: files.bunyan2,
    output: `import { Worker } from 'bullmq';
import bunyan from 'bunyan';
import { trace } from '@opentelemetry/api';
const logger = bunyan.createLogger({ name: 'app' });
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'the project does not list @opentelemetry/api: suggestion',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    filename: files.noApi,
    // The API check is off by default in rule tests (this repo lists the API as a devDependency): on here.
    settings: { otel: { tracerName: 'test-service', checkApiDependency: true } },
    output: null,
    errors: [
      {
        messageId: 'missingContext',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 14,
        suggestions: [
          {
            messageId: 'bindChildAddApi',
            data: { fields: 'job_id, job_name, trace_id' },
            output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a logger the handler creates itself: fields on the calls (suggestion), never a binding before it exists',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
new Worker('emails', async (job) => {
  const logger = pino();
  logger.info('sending');
});
`,
    output: null,
    errors: [
      {
        messageId: 'missingContext',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 14,
        suggestions: [
          {
            messageId: 'passFields',
            data: { fields: 'job_id, job_name, trace_id', logger: 'pino' },
            output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
new Worker('emails', async (job) => {
  const logger = pino();
  logger.info({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId }, 'sending');
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'names in use: log, trace',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  const log = [];
  const trace = job.data.trace;
  logger.info({ trace }, 'sending');
  log.push(1);
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace as otelTrace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log2 = logger.child({ job_id: job.id, job_name: job.name, trace_id: otelTrace.getActiveSpan()?.spanContext().traceId });
  const log = [];
  const trace = job.data.trace;
  log2.info({ trace }, 'sending');
  log.push(1);
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'log calls in nested callbacks are routed too',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  for (const to of job.data.to) {
    await send(to).catch((err) => logger.error({ err, to }, 'failed'));
  }
  job.data.to.forEach((to) => logger.debug({ to }));
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  for (const to of job.data.to) {
    await send(to).catch((err) => log.error({ err, to }, 'failed'));
  }
  job.data.to.forEach((to) => log.debug({ to }));
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 6,
        column: 35,
        endLine: 6,
        endColumn: 47,
      },
    ],
  },
  {
    name: 'Agenda job: id through job.attrs',
    code: `import Agenda from 'agenda';
import pino from 'pino';
const logger = pino();
const agenda = new Agenda();
agenda.define('send email', async (job) => {
  logger.info('sending');
});
`,
    output: `import Agenda from 'agenda';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
const agenda = new Agenda();
agenda.define('send email', async (job) => {
  const log = logger.child({ job_id: String(job.attrs._id), job_name: job.attrs.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 14,
      },
    ],
  },
  {
    name: '@nestjs/bull @Process method with a winston member assigned in the constructor',
    code: `import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import * as winston from 'winston';

@Processor('audio')
export class AudioConsumer {
  private readonly logger: winston.Logger;

  constructor() {
    this.logger = winston.createLogger({});
  }

  @Process('transcode')
  async transcode(job: Job) {
    this.logger.info('transcoding');
  }
}
`,
    output: `import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import * as winston from 'winston';
import { trace } from '@opentelemetry/api';

@Processor('audio')
export class AudioConsumer {
  private readonly logger: winston.Logger;

  constructor() {
    this.logger = winston.createLogger({});
  }

  @Process('transcode')
  async transcode(job: Job) {
    const log = this.logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
    log.info('transcoding');
  }
}
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 15,
        column: 5,
        endLine: 15,
        endColumn: 21,
      },
    ],
  },
  {
    name: 'a configured job runner (no job object): identified by its name',
    code: `import pino from 'pino';
import { runJob } from './runner';
const logger = pino();
runJob('nightly-report', async () => {
  logger.info('building');
});
`,
    settings: { otel: { tracerName: 'test-service', jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }] } },
    output: `import pino from 'pino';
import { runJob } from './runner';
import { trace } from '@opentelemetry/api';
const logger = pino();
runJob('nightly-report', async () => {
  const log = logger.child({ job_name: 'nightly-report', trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('building');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'one report per handler, on its first call without the context',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info({ job_id: job.id, trace_id: t() }, 'sending');
  logger.info('sent');
  logger.warn('slow');
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  logger.info({ job_id: job.id, trace_id: t() }, 'sending');
  log.info('sent');
  log.warn('slow');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'directive prologue stays first',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async function (job) {
  'use strict';
  logger.info('sending');
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async function (job) {
  'use strict';
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 14,
      },
    ],
  },
];

createRuleTester().run('require-job-log-context (project, more shapes)', rule, { valid, invalid });
