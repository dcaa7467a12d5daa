/**
 * RuleTester cases for `otel/require-job-log-context`: per logger (pino, pino-http, winston, bunyan, consola,
 * NestJS Logger, nestjs-pino, console, configured loggers), per job library (BullMQ, node-cron, NestJS
 * processors and schedulers), already-bound handlers, listeners, settings and options, exact outputs.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-job-log-context.js';
import { createRuleTester } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const valid: Valid[] = [
  {
    name: 'empty file',
    code: ``,
  },
  {
    name: 'a logger but no job handler',
    code: `import pino from 'pino';
const logger = pino();
export function handle(req) {
  logger.info('request');
}
`,
  },
  {
    name: 'event listeners are not job handlers',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
const worker = new Worker('emails', './processor.js');
worker.on('completed', (job) => logger.info({ id: job.id }, 'done'));
worker.on('failed', (job, err) => logger.error(err));
`,
  },
  {
    name: 'handler with no log call',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  await send(job.data);
});
`,
  },
  {
    name: 'pino child bound at the start with job id and trace id, calls go through it',
    code: `import { Worker } from 'bullmq';
import { trace } from '@opentelemetry/api';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
  await send(job.data);
  log.info('sent');
});
`,
  },
  {
    name: 'every call passes the id and the trace id as structured fields (winston meta)',
    code: `import cron from 'node-cron';
import winston from 'winston';
const logger = winston.createLogger({});
cron.schedule('0 3 * * *', async () => {
  logger.info('purging', { job_name: 'retention', trace_id: currentTraceId() });
  logger.warn('purged', { job_name: 'retention', traceId: currentTraceId() });
}, { name: 'retention' });
`,
  },
  {
    name: 'configured log-context setter called at the start',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
import { updateLogContext } from './log-context';
const logger = pino();
new Worker('emails', async (job) => {
  updateLogContext({ job_id: job.id, trace_id: traceId() });
  logger.info('sending');
});
`,
    settings: { otel: { tracerName: 'test-service', logContext: { name: 'updateLogContext', module: './log-context' } } },
  },
  {
    name: 'log instrumentation declared: only the job id is needed',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id });
  log.info('sending');
});
`,
    settings: { otel: { tracerName: 'test-service', logInstrumentation: ['pino'] } },
  },
  {
    name: 'ignored library',
    code: `import { Worker } from 'bullmq';
new Worker('emails', async (job) => {
  console.log('sending');
});
`,
    options: [{ ignoreLibraries: ['console'] }],
  },
  {
    name: 'a local console shadows the global',
    code: `import { Worker } from 'bullmq';
new Worker('emails', async (job, console) => {
  console.log('sending');
});
`,
  },
  {
    name: 'handler not visible in this file',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
import { processEmail } from './processors';
const logger = pino();
new Worker('emails', processEmail);
logger.info('started');
`,
  },
  {
    name: 'custom keys',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info({ jobId: job.id, traceId: t() }, 'sending');
});
`,
    options: [{ keys: { jobId: 'jobId', traceId: 'traceId' } }],
  },
];

const invalid: Invalid[] = [
  {
    name: 'pino (default import) in a BullMQ worker: child bound at the start, calls routed through it',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';

const logger = pino();

new Worker('emails', async (job) => {
  // send it
  logger.info({ to: job.data.to }, 'sending');
  await send(job.data);
  logger.info(\`sent \${job.id}\`);
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';

const logger = pino();

new Worker('emails', async (job) => {
  // send it
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info({ to: job.data.to }, 'sending');
  await send(job.data);
  log.info(\`sent \${job.id}\`);
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 8,
        column: 3,
        endLine: 8,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'pino through require, named export pino.pino',
    code: `const { Worker } = require('bullmq');
const { pino } = require('pino');
const logger = pino({ level: 'info' });
new Worker('emails', async function (job) {
  logger.warn('slow');
});
`,
    output: `const { Worker } = require('bullmq');
const { pino } = require('pino');
const { trace } = require('@opentelemetry/api');
const logger = pino({ level: 'info' });
new Worker('emails', async function (job) {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.warn('slow');
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
    name: 'winston createLogger in a node-cron task: identified by its name',
    code: `import cron from 'node-cron';
import { createLogger, format, transports } from 'winston';

const logger = createLogger({ format: format.json(), transports: [new transports.Console()] });

cron.schedule('0 3 * * *', async () => {
  logger.info('purging');
  await purge();
}, { name: 'retention' });
`,
    output: `import cron from 'node-cron';
import { createLogger, format, transports } from 'winston';
import { trace } from '@opentelemetry/api';

const logger = createLogger({ format: format.json(), transports: [new transports.Console()] });

cron.schedule('0 3 * * *', async () => {
  const log = logger.child({ job_name: 'retention', trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('purging');
  await purge();
}, { name: 'retention' });
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
    name: 'bunyan (CommonJS) with a clashing name',
    code: `const bunyan = require('bunyan');
const { Worker } = require('bullmq');
const log = bunyan.createLogger({ name: 'app' });
new Worker('emails', async (job) => {
  log.info({ to: job.data.to }, 'sending');
});
`,
    output: `const bunyan = require('bunyan');
const { Worker } = require('bullmq');
const { trace } = require('@opentelemetry/api');
const log = bunyan.createLogger({ name: 'app' });
new Worker('emails', async (job) => {
  const log2 = log.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log2.info({ to: job.data.to }, 'sending');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 11,
      },
    ],
  },
  {
    name: 'NestJS BullMQ processor with an injected pino Logger (typed constructor property)',
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
    output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { trace } from '@opentelemetry/api';

@Processor('emails')
export class EmailProcessor extends WorkerHost {
  constructor(private readonly logger: Logger) {
    super();
  }

  async process(job: Job): Promise<void> {
    const log = this.logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
    log.info('sending');
  }
}
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 12,
        column: 5,
        endLine: 12,
        endColumn: 21,
      },
    ],
  },
  {
    name: 'NestJS @Cron method with a winston class member',
    code: `import { Cron } from '@nestjs/schedule';
import { createLogger } from 'winston';

export class Reports {
  private readonly logger = createLogger({});

  @Cron('0 * * * *', { name: 'hourly-report' })
  async run() {
    this.logger.info('report');
  }
}
`,
    output: `import { Cron } from '@nestjs/schedule';
import { createLogger } from 'winston';
import { trace } from '@opentelemetry/api';

export class Reports {
  private readonly logger = createLogger({});

  @Cron('0 * * * *', { name: 'hourly-report' })
  async run() {
    const log = this.logger.child({ job_name: 'hourly-report', trace_id: trace.getActiveSpan()?.spanContext().traceId });
    log.info('report');
  }
}
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 9,
        column: 5,
        endLine: 9,
        endColumn: 21,
      },
    ],
  },
  {
    name: 'configured log-context setter (imported from its module)',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    settings: { otel: { tracerName: 'test-service', logContext: { name: 'updateLogContext', module: './log-context' } } },
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { updateLogContext } from './log-context';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  updateLogContext({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  logger.info('sending');
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
    name: 'configured log-context setter already in scope',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
import { updateLogContext } from './log-context';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    settings: { otel: { tracerName: 'test-service', logContext: { name: 'updateLogContext' } } },
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { updateLogContext } from './log-context';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  updateLogContext({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  logger.info('sending');
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
    name: 'log instrumentation in settings: only the job identity is missing',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    settings: { otel: { tracerName: 'test-service', logInstrumentation: true } },
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
    name: 'a handler-local child without the trace id is extended in place',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({
    job_id: job.id,
  });
  log.info('sending');
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({
    job_id: job.id,
    trace_id: trace.getActiveSpan()?.spanContext().traceId,
  });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 8,
        column: 3,
        endLine: 8,
        endColumn: 11,
      },
    ],
  },
  {
    name: 'expression-bodied handler',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => logger.info('tick'));
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  return log.info('tick');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 4,
        column: 37,
        endLine: 4,
        endColumn: 48,
      },
    ],
  },
  {
    name: 'the id only interpolated into the message is not structured context',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info(\`job \${job.id} started\`);
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info(\`job \${job.id} started\`);
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
    name: 'pino setBindings (shared, mutable) is not the job context and is not used by the fix',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.setBindings({ job_id: job.id });
  logger.info('sending');
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  logger.setBindings({ job_id: job.id });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'sharedBinding',
        data: { logger: 'pino', job: 'BullMQ job \'emails\'', missing: 'job id and trace id', binding: 'logger.setBindings' },
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'winston defaultMeta (logger-global) is named in the message and not used by the fix',
    code: `import { Worker } from 'bullmq';
import winston from 'winston';
const logger = winston.createLogger({});
new Worker('emails', async (job) => {
  logger.defaultMeta = { job_id: job.id };
  logger.info('sending');
});
`,
    output: `import { Worker } from 'bullmq';
import winston from 'winston';
import { trace } from '@opentelemetry/api';
const logger = winston.createLogger({});
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  logger.defaultMeta = { job_id: job.id };
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'sharedBinding',
        data: { logger: 'winston', job: 'BullMQ job \'emails\'', missing: 'job id and trace id', binding: 'logger.defaultMeta' },
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'nestjs-pino assign (throws outside a request) is named in the message',
    code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';

@Processor('emails')
export class EmailProcessor extends WorkerHost {
  constructor(private readonly logger: PinoLogger) {
    super();
  }

  async process(job: Job) {
    this.logger.assign({ job_id: job.id });
    this.logger.info('sending');
  }
}
`,
    output: null,
    errors: [
      {
        messageId: 'sharedBinding',
        data: { logger: 'nestjs-pino PinoLogger', job: 'NestJS BullMQ job \'emails\'', missing: 'job id and trace id', binding: 'this.logger.assign' },
        line: 13,
        column: 5,
        endLine: 13,
        endColumn: 21,
        suggestions: [
          {
            messageId: 'passFields',
            data: { fields: 'job_id, job_name, trace_id', logger: 'nestjs-pino PinoLogger' },
            output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { trace } from '@opentelemetry/api';

@Processor('emails')
export class EmailProcessor extends WorkerHost {
  constructor(private readonly logger: PinoLogger) {
    super();
  }

  async process(job: Job) {
    this.logger.assign({ job_id: job.id });
    this.logger.info({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId }, 'sending');
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'handler without a job parameter: no name out of scope, the queue name identifies it',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async () => {
  logger.info('tick');
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async () => {
  const log = logger.child({ job_name: 'emails', trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('tick');
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
    name: 'handler already in a span: the binding goes inside it',
    code: `import { Worker } from 'bullmq';
import { trace } from '@opentelemetry/api';
import pino from 'pino';
const tracer = trace.getTracer('x');
const logger = pino();
new Worker('emails', async (job) => {
  return tracer.startActiveSpan('emails', async (span) => {
    try {
      logger.info('sending');
    } finally {
      span.end();
    }
  });
});
`,
    output: `import { Worker } from 'bullmq';
import { trace } from '@opentelemetry/api';
import pino from 'pino';
const tracer = trace.getTracer('x');
const logger = pino();
new Worker('emails', async (job) => {
  return tracer.startActiveSpan('emails', async (span) => {
    try {
      const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
      log.info('sending');
    } finally {
      span.end();
    }
  });
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 9,
        column: 7,
        endLine: 9,
        endColumn: 18,
      },
    ],
  },
  {
    name: 'two loggers in one handler',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
import winston from 'winston';
const logger = pino();
const audit = winston.createLogger({});
new Worker('emails', async (job) => {
  logger.info('sending');
  audit.info('sent');
});
`,
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import winston from 'winston';
import { trace } from '@opentelemetry/api';
const logger = pino();
const audit = winston.createLogger({});
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  const log2 = audit.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
  log2.info('sent');
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
    name: 'pino-http logger property',
    code: `import { Worker } from 'bullmq';
import pinoHttp from 'pino-http';
const http = pinoHttp();
new Worker('emails', async (job) => {
  http.logger.info('sending');
});
`,
    output: `import { Worker } from 'bullmq';
import pinoHttp from 'pino-http';
import { trace } from '@opentelemetry/api';
const http = pinoHttp();
new Worker('emails', async (job) => {
  const log = http.logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 19,
      },
    ],
  },
  {
    name: 'configured project logger of a known library',
    code: `import { Worker } from 'bullmq';
import { logger } from '~/logger';
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    settings: { otel: { tracerName: 'test-service', loggers: [{ name: 'logger', module: '~/logger', library: 'pino' }] } },
    output: `import { Worker } from 'bullmq';
import { logger } from '~/logger';
import { trace } from '@opentelemetry/api';
new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
});
`,
    errors: [
      {
        messageId: 'missingContext',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 14,
      },
    ],
  },
  {
    name: 'custom keys',
    code: `import { Worker } from 'bullmq';
import pino from 'pino';
const logger = pino();
new Worker('emails', async (job) => {
  logger.info('sending');
});
`,
    options: [{ keys: { jobId: 'job.id', traceId: 'traceId' } }],
    output: `import { Worker } from 'bullmq';
import pino from 'pino';
import { trace } from '@opentelemetry/api';
const logger = pino();
new Worker('emails', async (job) => {
  const log = logger.child({ 'job.id': job.id, job_name: job.name, traceId: trace.getActiveSpan()?.spanContext().traceId });
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
    name: 'console: suggestion only',
    code: `import { Worker } from 'bullmq';
new Worker('emails', async (job) => {
  console.log('sending', job.data.to);
  console.error('failed');
});
`,
    output: null,
    errors: [
      {
        messageId: 'missingContext',
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 14,
        suggestions: [
          {
            messageId: 'passFields',
            data: { fields: 'job_id, job_name, trace_id', logger: 'console' },
            output: `import { Worker } from 'bullmq';
import { trace } from '@opentelemetry/api';
new Worker('emails', async (job) => {
  console.log('sending', job.data.to, { job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  console.error('failed', { job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'NestJS Logger: suggestion only (structured params)',
    code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

@Processor('emails')
export class EmailProcessor extends WorkerHost {
  private readonly logger = new Logger(EmailProcessor.name);

  async process(job: Job) {
    this.logger.log('sending');
  }
}
`,
    output: null,
    errors: [
      {
        messageId: 'missingContext',
        line: 10,
        column: 5,
        endLine: 10,
        endColumn: 20,
        suggestions: [
          {
            messageId: 'passFields',
            data: { fields: 'job_id, job_name, trace_id', logger: 'NestJS Logger' },
            output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { trace } from '@opentelemetry/api';

@Processor('emails')
export class EmailProcessor extends WorkerHost {
  private readonly logger = new Logger(EmailProcessor.name);

  async process(job: Job) {
    this.logger.log('sending', { job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'nestjs-pino PinoLogger: suggestion only (assign throws outside a request)',
    code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';

@Processor('emails')
export class EmailProcessor extends WorkerHost {
  constructor(private readonly logger: PinoLogger) {
    super();
  }

  async process(job: Job) {
    this.logger.info({ to: job.data.to }, 'sending');
  }
}
`,
    output: null,
    errors: [
      {
        messageId: 'missingContext',
        line: 12,
        column: 5,
        endLine: 12,
        endColumn: 21,
        suggestions: [
          {
            messageId: 'passFields',
            data: { fields: 'job_id, job_name, trace_id', logger: 'nestjs-pino PinoLogger' },
            output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { trace } from '@opentelemetry/api';

@Processor('emails')
export class EmailProcessor extends WorkerHost {
  constructor(private readonly logger: PinoLogger) {
    super();
  }

  async process(job: Job) {
    this.logger.info({ to: job.data.to, job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId }, 'sending');
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'consola: suggestion only',
    code: `import { Worker } from 'bullmq';
import { createConsola } from 'consola';
const logger = createConsola();
new Worker('emails', async (job) => {
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
            data: { fields: 'job_id, job_name, trace_id', logger: 'consola' },
            output: `import { Worker } from 'bullmq';
import { createConsola } from 'consola';
import { trace } from '@opentelemetry/api';
const logger = createConsola();
new Worker('emails', async (job) => {
  logger.info('sending', { job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'configured project logger of unknown shape: suggestion only',
    code: `import { Worker } from 'bullmq';
import { log } from './log';
new Worker('emails', async (job) => {
  log.info('sending');
});
`,
    settings: { otel: { tracerName: 'test-service', loggers: [{ name: 'log', module: './log' }] } },
    output: null,
    errors: [
      {
        messageId: 'missingContext',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 11,
        suggestions: [
          {
            messageId: 'passFields',
            data: { fields: 'job_id, job_name, trace_id', logger: 'log' },
            output: `import { Worker } from 'bullmq';
import { log } from './log';
import { trace } from '@opentelemetry/api';
new Worker('emails', async (job) => {
  log.info('sending', { job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
});
`,
          },
        ],
      },
    ],
  },
];

createRuleTester().run('require-job-log-context', rule, { valid, invalid });
