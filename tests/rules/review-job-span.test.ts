/**
 * Adversarial review of otel/require-job-span: each case is a bug found on realistic code and fails today.
 * Repro files: .tmp/review/job-span/ (git-ignored).
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-job-span.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';

type Invalid = InvalidTestCase<MessageIds, Options>;

const invalid: Invalid[] = [
  {
    // Crash: findClassMember returns the first `handle` MethodDefinition, an overload signature whose value is a
    // TSEmptyBodyFunctionExpression (body null); startsActiveSpan walks `null` → TypeError.
    name: 'crash: handler method with TypeScript overload signatures, referenced as this.handle.bind(this)',
    code: `import { Worker, Job } from 'bullmq';

export class Consumer {
  start(): void {
    new Worker('emails', this.handle.bind(this));
  }

  handle(job: Job<string>): Promise<void>;
  handle(job: Job<number>): Promise<void>;
  async handle(job: Job<any>): Promise<void> {
    await work(job.data);
  }
}
`,
    errors: [{ messageId: 'missingSpanNamed', line: 10 }],
    output: `import { Worker, Job } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export class Consumer {
  start(): void {
    new Worker('emails', this.handle.bind(this));
  }

  handle(job: Job<string>): Promise<void>;
  handle(job: Job<number>): Promise<void>;
  async handle(job: Job<any>): Promise<void> {
    return tracer.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'emails',
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await work(job.data);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }
}
`,
  },
  {
    // Wrong code: `return // comment\n expr` — ASI makes the span callback return undefined.
    name: 'expression body preceded by a line comment: the return value must survive (ASI)',
    code: `import cron from 'node-cron';

cron.schedule('0 3 * * *', () =>
  // purge old sessions
  purgeSessions(30),
);
`,
    errors: [{ messageId: 'missingSpan' }],
    output: `import cron from 'node-cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

cron.schedule('0 3 * * *', () => {
  return tracer.startActiveSpan('purgeSessions', (span) => {
    span.setAttributes({ 'job.name': 'purgeSessions' });
    try {
      // purge old sessions
      return purgeSessions(30);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
},
);
`,
  },
  {
    // Behaviour change: `return await` inside the user's own try/catch makes that catch swallow the rejection
    // (the job used to fail and be retried; after the fix it completes with null).
    name: "return inside the user's try/catch is not awaited (the user's catch must not start catching rejections)",
    code: `import { Worker } from 'bullmq';

new Worker('reports', async (job) => {
  try {
    return buildReport(job.data);
  } catch (e) {
    return null;
  }
});
`,
    errors: [{ messageId: 'missingSpanNamed' }],
    output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('reports', async (job) => {
  return tracer.startActiveSpan('process reports', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'reports',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      try {
        return buildReport(job.data);
      } catch (e) {
        return null;
      }
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
`,
  },
  {
    // Wrong code: a CommonJS .js file (module.exports, require inside a function) gets an ESM `import`.
    name: 'CommonJS .js file whose requires are inside a function gets a require, not an import',
    filename: 'worker.js',
    code: `'use strict';

module.exports = function start() {
  const Queue = require('bull');
  const queue = new Queue('emails');
  queue.process(async (job) => {
    await send(job.data);
  });
};
`,
    errors: [{ messageId: 'missingSpanNamed', data: { library: 'Bull', name: 'emails' } }],
    output: `'use strict';

const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('${TRACER_NAME}');

module.exports = function start() {
  const Queue = require('bull');
  const queue = new Queue('emails');
  queue.process(async (job) => {
    return tracer.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bull',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'emails',
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await send(job.data);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  });
};
`,
  },
  {
    // Behaviour change: a project runner is not known to await its handler, yet a sync handler that returns a
    // value gets an async span callback: `count` becomes a Promise (and fails to type-check as number).
    name: 'settings.otel.jobRunners: a synchronous handler stays synchronous',
    settings: { otel: { tracerName: TRACER_NAME, jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }] } },
    code: `function runJob<T>(name: string, fn: () => T): T {
  return fn();
}

export const count: number = runJob('count-users', () => {
  return countUsersSync();
});
`,
    errors: [{ messageId: 'missingSpanNamed' }],
    output: `import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

function runJob<T>(name: string, fn: () => T): T {
  return fn();
}

export const count: number = runJob('count-users', () => {
  return tracer.startActiveSpan('count-users', (span) => {
    span.setAttributes({ 'job.name': 'count-users' });
    try {
      return countUsersSync();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
`,
  },
  {
    // Wrong data: one handler registered for two queues gets the first queue's name as a static span name
    // (every 'sms' job is recorded as 'emails'), and the message names only 'emails'.
    name: 'handler shared by two queues: no static span name',
    code: `import { Worker, Job } from 'bullmq';

async function handle(job: Job) {
  await deliver(job.data);
}

new Worker('emails', handle);
new Worker('sms', handle);
`,
    errors: [{ messageId: 'missingSpan' }],
    output: `import { Worker, Job } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

async function handle(job: Job) {
  return tracer.startActiveSpan(\`process \${job.queueName}\`, { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': job.queueName,
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await deliver(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

new Worker('emails', handle);
new Worker('sms', handle);
`,
  },
  {
    // False negative: Agenda v6 define(name, fn, opts) with options held in a variable: the "last function
    // argument" search takes the options identifier for the handler, cannot resolve it, and gives up.
    name: 'agenda v6: define(name, handler, optionsVariable)',
    code: `import { Agenda } from 'agenda';
import { defineOptions } from './config';

const agenda = new Agenda({ db: { address: 'mongodb://localhost/agenda' } });
agenda.define('send digest', async (job) => {
  await digest(job.attrs.data);
}, defineOptions);
`,
    errors: [{ messageId: 'missingSpanNamed' }],
    output: `import { Agenda } from 'agenda';
import { defineOptions } from './config';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const agenda = new Agenda({ db: { address: 'mongodb://localhost/agenda' } });
agenda.define('send digest', async (job) => {
  return tracer.startActiveSpan('send digest', async (span) => {
    span.setAttributes({ 'job.name': job.attrs.name, 'job.id': String(job.attrs._id) });
    try {
      await digest(job.attrs.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}, defineOptions);
`,
  },
  {
    // Behaviour change (sloppy scripts): the function's 'use strict' directive moves into the try block, where it
    // is a plain expression statement: the handler silently leaves strict mode.
    name: "a function-level 'use strict' directive stays the function's directive",
    filename: 'worker.js',
    code: `const { CronJob } = require('cron');

new CronJob('0 * * * *', function () {
  'use strict';
  refresh();
}, null, true);
`,
    errors: [{ messageId: 'missingSpan' }],
    output: `const { CronJob } = require('cron');
const { trace, SpanStatusCode } = require('@opentelemetry/api');

const tracer = trace.getTracer('${TRACER_NAME}');

new CronJob('0 * * * *', function () {
  'use strict';
  return tracer.startActiveSpan('worker', (span) => {
    span.setAttributes({ 'job.name': 'worker' });
    try {
      refresh();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}, null, true);
`,
  },
];

createRuleTester().run<MessageIds, Options>('require-job-span (review)', rule as never, { valid: [], invalid });
