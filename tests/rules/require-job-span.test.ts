import tsParser from '@typescript-eslint/parser';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-job-span.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const valid: Valid[] = [
  // Nothing to look at.
  { name: 'empty file', code: '' },
  { name: 'comment-only file', code: '// nothing here\n' },

  // BullMQ runs it elsewhere or traces it itself.
  {
    name: 'bullmq: sandboxed processor file (string and URL)',
    code: `import { Worker } from 'bullmq';
new Worker('emails', './processor.js');
new Worker('emails', new URL('./processor.js', import.meta.url));
`,
  },
  {
    name: 'bullmq: telemetry option means bullmq-otel traces the job',
    code: `import { Worker } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
new Worker('emails', async (job) => { await send(job); }, { connection, telemetry: new BullMQOtel('x') });
`,
  },

  // The handler is not visible in this file: never guess.
  {
    name: 'handler imported from another module',
    code: `import { Worker } from 'bullmq';
import { processEmail } from './processors';
new Worker('emails', processEmail);
`,
  },
  {
    name: 'handler is a parameter of a function expression or arrow',
    code: `import { Worker } from 'bullmq';
export const start = function (handler) {
  return new Worker('emails', handler);
};
export const start2 = (handler) => new Worker('emails', handler);
`,
  },
  {
    // A parameter's definition node is its function: it must not be taken for the handler itself.
    name: 'handler is a parameter of a function declaration',
    code: `import { Worker } from 'bullmq';
export function start(handler: Processor) {
  return new Worker('emails', handler);
}
`,
  },
  {
    name: 'handler variable reassigned later',
    code: `import { Worker } from 'bullmq';
let handle = async (job) => {
  await doWork(job);
};
handle = other;
new Worker('a', handle);
`,
  },

  // Already traced.
  {
    name: 'startActiveSpan in the body',
    code: `import { Worker } from 'bullmq';
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
new Worker('a', async (job) => tracer.startActiveSpan('a', async (span) => {
  try {
    await run(job);
  } finally {
    span.end();
  }
}));
`,
  },
  {
    name: 'context.with(trace.setSpan(…)) in the body',
    code: `import { Worker } from 'bullmq';
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
new Worker('b', async (job) => {
  const span = tracer.startSpan('b');
  return context.with(trace.setSpan(context.active(), span), () => run(job));
});
`,
  },
  {
    name: 'Sentry.startSpan in the body',
    code: `import { Worker } from 'bullmq';
import * as Sentry from '@sentry/node';
new Worker('c', async (job) => {
  await Sentry.startSpan({ name: 'c' }, () => run(job));
});
`,
  },
  {
    name: 'dd-trace tracer.trace in the body',
    code: `import { Worker } from 'bullmq';
import tracer from 'dd-trace';
new Worker('d', async (job) => {
  await tracer.trace('d', () => run(job));
});
`,
  },
  {
    name: 'New Relic startBackgroundTransaction in the body',
    code: `import { Worker } from 'bullmq';
import newrelic from 'newrelic';
new Worker('e', async (job) => {
  await newrelic.startBackgroundTransaction('e', () => run(job));
});
`,
  },
  {
    name: 'configured span wrapper used in the body',
    code: `import { Worker } from 'bullmq';
import { withSpan } from './telemetry';
new Worker('f', async (job) => {
  await withSpan('f', () => run(job));
});
`,
    settings: { otel: { tracerName: TRACER_NAME, spanWrappers: ['withSpan'] } },
  },
  {
    name: 'configured span wrapper wrapping the handler argument',
    code: `import { Worker } from 'bullmq';
import { withSpan } from './telemetry';
new Worker('g', withSpan('g', async (job) => {
  await run(job);
}));
`,
    settings: { otel: { tracerName: TRACER_NAME, spanWrappers: ['withSpan'] } },
  },
  {
    name: 'dotted configured span wrapper (telemetry.withSpan)',
    code: `import { Worker } from 'bullmq';
import * as telemetry from './telemetry';
new Worker('h', async (job) => {
  await telemetry.withSpan('h', () => run(job));
});
`,
    settings: { otel: { tracerName: TRACER_NAME, spanWrappers: ['withSpan'] } },
  },
  {
    name: 'nestjs-otel @Span() on a @Process method',
    code: `import { Process, Processor } from '@nestjs/bull';
import { Span } from 'nestjs-otel';

@Processor('audio')
export class AudioConsumer {
  @Span()
  @Process('transcode')
  async transcode(job: Job) {
    await convert(job.data);
  }
}
`,
  },

  // Look-alikes.
  {
    name: 'worker_threads Worker (node: prefix and bare)',
    code: `import { Worker } from 'node:worker_threads';
import { Worker as W2 } from 'worker_threads';
new Worker('./thread.js');
new Worker(new URL('./t.js', import.meta.url), { workerData: 1 });
new W2('./thread.js', { eval: false });
`,
  },
  {
    name: 'Web Worker global',
    code: `const w = new Worker('x.js');
w.onmessage = async (e) => { await handle(e); };
`,
  },
  {
    name: 'node-schedule scheduleJob',
    code: `import schedule from 'node-schedule';
schedule.scheduleJob('* * * * *', async () => {
  await tick();
});
`,
  },
  {
    name: 'a local function named schedule',
    code: `function schedule(expr: string, fn: () => void) {}
schedule('* * * * *', () => {
  tick();
});
`,
  },
  {
    name: 'slonik createPool and a local class named Queue',
    code: `import { createPool } from 'slonik';
const pool = await createPool('postgres://');
class Queue {
  process(fn: () => void) { fn(); }
}
const q = new Queue();
q.process(async () => {
  await tick();
});
`,
  },
  {
    name: 'bull-looking process() on an object not from bull',
    code: `import Queue from './my-queue';
const queue = new Queue('media');
queue.process(async (job) => {
  await transcode(job.data);
});
`,
  },
  {
    name: '@nestjs/bullmq @Processor class that does not extend WorkerHost',
    code: `import { Processor } from '@nestjs/bullmq';

@Processor('audio')
export class AudioConsumer {
  async process(job: Job): Promise<void> {
    await this.transcode(job.data);
  }
}
`,
  },

  // Options.
  {
    name: 'ignoreLibraries silences a library',
    code: `import { Worker } from 'bullmq';
new Worker('emails', async (job) => { await send(job); });
`,
    options: [{ ignoreLibraries: ['bullmq'] }],
  },
  {
    name: 'ignoreLibraries silences a configured job runner by name',
    code: `runJob('x', async () => { await go(); });
`,
    options: [{ ignoreLibraries: ['runJob()'] }],
    settings: { otel: { tracerName: TRACER_NAME, jobRunners: [{ name: 'runJob', handlerArg: 1 }] } },
  },
];

const invalid: Invalid[] = [
    {
      name: 'bullmq: inline async arrow, comment in the body kept',
      code: `import { Worker } from 'bullmq';

const worker = new Worker('emails', async (job) => {
  // send the email
  await sendEmail(job.data);
  return 'ok';
});
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const worker = new Worker('emails', async (job) => {
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
      // send the email
      await sendEmail(job.data);
      return 'ok';
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 37,
          endLine: 3,
          endColumn: 51,
        },
      ],
    },
    {
      name: 'bullmq: expression-bodied arrow (returns the awaited value)',
      code: `import { Worker } from 'bullmq';

new Worker('emails', (job) => sendEmail(job.data));
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', (job) => {
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
      return await sendEmail(job.data);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 30,
        },
      ],
    },
    {
      name: 'bullmq: named function declaration referenced by name',
      code: `import { Worker } from 'bullmq';

async function processEmail(job: Job) {
  await sendEmail(job.data);
}

new Worker('emails', processEmail, { connection });
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

async function processEmail(job: Job) {
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
      await sendEmail(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

new Worker('emails', processEmail, { connection });
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 38,
        },
      ],
    },
    {
      name: 'bullmq: const arrow referenced by name',
      code: `import { Worker } from 'bullmq';

const handle = async (job) => {
  await sendEmail(job.data);
};

new Worker('emails', handle);
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const handle = async (job) => {
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
      await sendEmail(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
};

new Worker('emails', handle);
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 30,
        },
      ],
    },
    {
      name: 'bullmq: this.handle.bind(this) class method',
      code: `import { Worker } from 'bullmq';

export class EmailWorker {
  private worker = new Worker('emails', this.handle.bind(this));

  async handle(job: Job): Promise<void> {
    await this.mailer.send(job.data);
  }
}
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export class EmailWorker {
  private worker = new Worker('emails', this.handle.bind(this));

  async handle(job: Job): Promise<void> {
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
        await this.mailer.send(job.data);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 40,
        },
      ],
    },
    {
      name: 'bullmq: this.handle arrow class property',
      code: `import { Worker } from 'bullmq';

export class EmailWorker {
  start() {
    return new Worker('emails', this.handle);
  }

  handle = async (job: Job) => {
    await send(job.data);
  };
}
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export class EmailWorker {
  start() {
    return new Worker('emails', this.handle);
  }

  handle = async (job: Job) => {
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
        await send(job.data);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  };
}
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'bullmq: require in a .cjs file with a use strict directive',
      code: `'use strict';

const { Worker } = require('bullmq');

const worker = new Worker('emails', async (job) => {
  await sendEmail(job.data);
});

module.exports = worker;
`,
      filename: 'worker.cjs',
      output: `'use strict';

const { Worker } = require('bullmq');
const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('test-service');

const worker = new Worker('emails', async (job) => {
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
      await sendEmail(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});

module.exports = worker;
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 5,
          column: 37,
          endLine: 5,
          endColumn: 51,
        },
      ],
    },
    {
      name: 'bullmq: aliased import',
      code: `import { Worker as W } from 'bullmq';

new W('emails', async (job) => {
  await send(job);
});
`,
      output: `import { Worker as W } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new W('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'bullmq: namespace import',
      code: `import * as bullmq from 'bullmq';

new bullmq.Worker('emails', async (job) => {
  await send(job);
});
`,
      output: `import * as bullmq from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new bullmq.Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 43,
        },
      ],
    },
    {
      name: 'existing @opentelemetry/api named import is merged',
      code: `import { context } from '@opentelemetry/api';
import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job, context.active());
});
`,
      output: `import { context, trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';
import { Worker } from 'bullmq';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job, context.active());
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'existing @opentelemetry/api namespace import is used',
      code: `import * as api from '@opentelemetry/api';
import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job);
});
`,
      output: `import * as api from '@opentelemetry/api';
import { Worker } from 'bullmq';

const tracer = api.trace.getTracer('test-service');

new Worker('emails', async (job) => {
  return tracer.startActiveSpan('process emails', { kind: api.SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'emails',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await send(job);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'existing module-level tracer is reused',
      code: `import { trace } from '@opentelemetry/api';
import { Worker } from 'bullmq';

const tracer = trace.getTracer('x');

new Worker('emails', async (job) => {
  await send(job);
});
`,
      output: `import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';
import { Worker } from 'bullmq';

const tracer = trace.getTracer('x');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'existing exported tracer is reused under its own name',
      code: `import { trace } from '@opentelemetry/api';
import { Worker } from 'bullmq';

export const workerTracer = trace.getTracer('workers');

new Worker('emails', async (job) => {
  await send(job);
});
`,
      output: `import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';
import { Worker } from 'bullmq';

export const workerTracer = trace.getTracer('workers');

new Worker('emails', async (job) => {
  return workerTracer.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'emails',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'settings.otel.tracer is imported',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job);
});
`,
      settings: { otel: { tracerName: TRACER_NAME, tracer: { from: '~/telemetry', name: 'tracer' } } },
      output: `import { Worker } from 'bullmq';
import { tracer } from '~/telemetry';
import { SpanStatusCode, SpanKind } from '@opentelemetry/api';

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'local span/tracer/trace get fresh names and an alias',
      code: `import { Worker } from 'bullmq';

const trace = [];
const tracer = 'not a tracer';

new Worker('emails', async (job) => {
  const span = job.data.span;
  trace.push(span, tracer);
});
`,
      output: `import { Worker } from 'bullmq';
import { trace as otelTrace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer2 = otelTrace.getTracer('test-service');

const trace = [];
const tracer = 'not a tracer';

new Worker('emails', async (job) => {
  return tracer2.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span2) => {
    span2.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'emails',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      const span = job.data.span;
      trace.push(span, tracer);
    } catch (err) {
      span2.recordException(err instanceof Error ? err : String(err));
      span2.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span2.end();
    }
  });
});
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'a type-only @opentelemetry/api import is not merged into',
      code: `import type { Span } from '@opentelemetry/api';
import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job);
});
`,
      output: `import type { Span } from '@opentelemetry/api';
import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'an inline type specifier import is merged into',
      code: `import { type Span } from '@opentelemetry/api';
import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job);
});
`,
      output: `import { type Span, trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';
import { Worker } from 'bullmq';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'CommonJS: existing namespace require of the API is used',
      code: `const api = require('@opentelemetry/api');
const { Worker } = require('bullmq');

new Worker('emails', async (job) => {
  await send(job);
});
`,
      filename: 'w.cjs',
      output: `const api = require('@opentelemetry/api');
const { Worker } = require('bullmq');

const tracer = api.trace.getTracer('test-service');

new Worker('emails', async (job) => {
  return tracer.startActiveSpan('process emails', { kind: api.SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'emails',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await send(job);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'CommonJS: existing destructured require of the API is merged',
      code: `const { context } = require('@opentelemetry/api');
const { Worker } = require('bullmq');

new Worker('emails', async (job) => {
  await send(job, context.active());
});
`,
      filename: 'w.cjs',
      output: `const { context, trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');
const { Worker } = require('bullmq');

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job, context.active());
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'job name with a quote; typed expression body needing parentheses',
      code: `import { Worker } from 'bullmq';

new Worker("it's", async (job: Job): Promise<string> => job.data.x ?? 'none');
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker("it's", async (job: Job): Promise<string> => {
  return tracer.startActiveSpan('process it\\'s', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'it\\'s',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      return job.data.x ?? 'none';
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'it\'s' },
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 56,
        },
      ],
    },
    {
      name: 'expression body returning an object literal (no await)',
      code: `import { Worker } from 'bullmq';

new Worker('q', (job) => ({ ok: job.id }));
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('q', (job) => {
  return tracer.startActiveSpan('process q', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'q',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      return ({ ok: job.id });
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'q' },
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 25,
        },
      ],
    },
    {
      name: 'non-async handler returning a value becomes an async span callback',
      code: `import { Worker } from 'bullmq';

function handle(job) {
  if (job.data.skip) return;
  return doWork(job);
}
new Worker('q', handle);
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

function handle(job) {
  return tracer.startActiveSpan('process q', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'q',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      if (job.data.skip) return;
      return await doWork(job);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}
new Worker('q', handle);
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'q' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'one handler registered on two queues is reported once, named at run time',
      code: `import { Worker } from 'bullmq';

const handle = async (job) => {
  await doWork(job);
};
new Worker('a', handle);
new Worker('b', handle);
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const handle = async (job) => {
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
      await doWork(job);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
};
new Worker('a', handle);
new Worker('b', handle);
`,
      errors: [
        {
          // Registered on queues 'a' and 'b': no one static name fits, so the span is named at run time.
          messageId: 'missingSpan',
          data: { library: 'BullMQ' },
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 30,
        },
      ],
    },
    {
      name: 'bull: queue.process overloads (fn; concurrency, fn; name, fn; name, concurrency, fn)',
      code: `import Queue from 'bull';

const queue = new Queue('media');

queue.process(async (job) => {
  await transcode(job.data);
});
queue.process(5, async (job) => {
  await transcode(job.data);
});
queue.process('thumbnail', async (job) => {
  await thumbnail(job.data);
});
queue.process('resize', 2, async (job) => {
  await resize(job.data);
});
`,
      output: [
        `import Queue from 'bull';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const queue = new Queue('media');

queue.process(async (job) => {
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bull',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await transcode(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
queue.process(5, async (job) => {
  await transcode(job.data);
});
queue.process('thumbnail', async (job) => {
  await thumbnail(job.data);
});
queue.process('resize', 2, async (job) => {
  await resize(job.data);
});
`,
        `import Queue from 'bull';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const queue = new Queue('media');

queue.process(async (job) => {
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bull',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await transcode(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
queue.process(5, async (job) => {
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bull',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await transcode(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
queue.process('thumbnail', async (job) => {
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bull',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await thumbnail(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
queue.process('resize', 2, async (job) => {
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bull',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await resize(job.data);
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
      ],
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bull', name: 'media' },
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 29,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bull', name: 'media' },
          line: 8,
          column: 18,
          endLine: 8,
          endColumn: 32,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bull', name: 'thumbnail' },
          line: 11,
          column: 28,
          endLine: 11,
          endColumn: 42,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bull', name: 'resize' },
          line: 14,
          column: 28,
          endLine: 14,
          endColumn: 42,
        },
      ],
    },
    {
      name: 'bull: Queue() without new, required in a .cjs file',
      code: `const Queue = require('bull');

const queue = Queue('media');

queue.process(async (job) => {
  await transcode(job.data);
});
`,
      filename: 'queue.cjs',
      output: `const Queue = require('bull');
const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('test-service');

const queue = Queue('media');

queue.process(async (job) => {
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bull',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    try {
      await transcode(job.data);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bull', name: 'media' },
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 29,
        },
      ],
    },
    {
      name: 'bull: typed parameter',
      code: `import { Queue } from 'bull';

export function register(queue: Queue) {
  queue.process('x', async (job) => {
    await work(job);
  });
}
`,
      output: `import { Queue } from 'bull';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export function register(queue: Queue) {
  queue.process('x', async (job) => {
    return tracer.startActiveSpan(\`process \${job.queue.name}\`, { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bull',
        'messaging.operation.type': 'process',
        'messaging.destination.name': job.queue.name,
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await work(job);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  });
}
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bull', name: 'x' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'bull: qualified type from a default type import',
      code: `import type Bull from 'bull';

export function register(queue: Bull.Queue) {
  queue.process(async (job) => {
    await work(job);
  });
}
`,
      output: `import type Bull from 'bull';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export function register(queue: Bull.Queue) {
  queue.process(async (job) => {
    return tracer.startActiveSpan(\`process \${job.queue.name}\`, { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bull',
        'messaging.operation.type': 'process',
        'messaging.destination.name': job.queue.name,
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await work(job);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  });
}
`,
      errors: [
        {
          messageId: 'missingSpan',
          data: { library: 'Bull' },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'bull: @InjectQueue parameter property',
      code: `import { InjectQueue } from '@nestjs/bull';
import { Queue } from 'bull';

export class AudioService {
  constructor(@InjectQueue('audio') private readonly audioQueue: Queue) {}

  onModuleInit() {
    this.audioQueue.process('transcode', async (job) => {
      await transcode(job.data);
    });
  }
}
`,
      output: `import { InjectQueue } from '@nestjs/bull';
import { Queue } from 'bull';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export class AudioService {
  constructor(@InjectQueue('audio') private readonly audioQueue: Queue) {}

  onModuleInit() {
    this.audioQueue.process('transcode', async (job) => {
      return tracer.startActiveSpan(\`process \${job.queue.name}\`, { kind: SpanKind.CONSUMER }, async (span) => {
        span.setAttributes({
          'messaging.system': 'bull',
          'messaging.operation.type': 'process',
          'messaging.destination.name': job.queue.name,
          'messaging.message.id': job.id,
          'job.name': job.name,
          'job.id': job.id,
        });
        try {
          await transcode(job.data);
        } catch (err) {
          span.recordException(err instanceof Error ? err : String(err));
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          throw err;
        } finally {
          span.end();
        }
      });
    });
  }
}
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bull', name: 'transcode' },
          line: 8,
          column: 42,
          endLine: 8,
          endColumn: 56,
        },
      ],
    },
    {
      name: 'bull: callback-style (job, done) gets a suggestion only',
      code: `import Queue from 'bull';

const queue = new Queue('media');

queue.process((job, done) => {
  transcode(job.data, done);
});
`,
      output: null,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bull', name: 'media' },
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'wrapInSpan',
              data: { done: 'done' },
              output: `import Queue from 'bull';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const queue = new Queue('media');

queue.process((job, done) => {
  const doneJob = done;
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, (span) => {
    span.setAttributes({
      'messaging.system': 'bull',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'messaging.message.id': job.id,
      'job.name': job.name,
      'job.id': job.id,
    });
    const done: typeof doneJob = (error, ...rest) => {
      if (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      }
      span.end();
      return doneJob(error, ...rest);
    };
    try {
      transcode(job.data, done);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      span.end();
      throw err;
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'bee-queue: process(fn)',
      code: `import BeeQueue from 'bee-queue';

const queue = new BeeQueue('addition');

queue.process(async (job) => {
  return job.data.x + job.data.y;
});
`,
      output: `import BeeQueue from 'bee-queue';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const queue = new BeeQueue('addition');

queue.process(async (job) => {
  return tracer.startActiveSpan('process addition', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bee-queue',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'addition',
      'messaging.message.id': job.id,
      'job.name': 'addition',
      'job.id': job.id,
    });
    try {
      return job.data.x + job.data.y;
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bee-Queue', name: 'addition' },
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 29,
        },
      ],
    },
    {
      name: 'BUG: bee-queue: process(concurrency, function (job, done)) suggestion in a .cjs file; a blank line separates the new tracer from the code',
      code: `const Queue = require('bee-queue');
const queue = new Queue('addition');

queue.process(3, function (job, done) {
  done(null, job.data.x + job.data.y);
});
`,
      filename: 'bee.cjs',
      output: null,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Bee-Queue', name: 'addition' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInSpan',
              data: { done: 'done' },
              output: `const Queue = require('bee-queue');
const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('test-service');

const queue = new Queue('addition');

queue.process(3, function (job, done) {
  const doneJob = done;
  return tracer.startActiveSpan('process addition', { kind: SpanKind.CONSUMER }, (span) => {
    span.setAttributes({
      'messaging.system': 'bee-queue',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'addition',
      'messaging.message.id': job.id,
      'job.name': 'addition',
      'job.id': job.id,
    });
    const done = (error, ...rest) => {
      if (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      }
      span.end();
      return doneJob(error, ...rest);
    };
    try {
      done(null, job.data.x + job.data.y);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      span.end();
      throw err;
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'agenda: define(name, opts, fn)',
      code: `import { Agenda } from 'agenda';

const agenda = new Agenda({ db: { address: mongoUrl } });

agenda.define('send report', { priority: 'high' }, async (job) => {
  await sendReport(job.attrs.data);
});
`,
      output: `import { Agenda } from 'agenda';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const agenda = new Agenda({ db: { address: mongoUrl } });

agenda.define('send report', { priority: 'high' }, async (job) => {
  return tracer.startActiveSpan('send report', async (span) => {
    span.setAttributes({ 'job.name': job.attrs.name, 'job.id': String(job.attrs._id) });
    try {
      await sendReport(job.attrs.data);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Agenda', name: 'send report' },
          line: 5,
          column: 52,
          endLine: 5,
          endColumn: 66,
        },
      ],
    },
    {
      name: 'agenda: define(name, fn, opts)',
      code: `import { Agenda } from '@hokify/agenda';

const agenda = new Agenda();

agenda.define('send report', async (job) => {
  await sendReport(job.attrs.data);
}, { concurrency: 2 });
`,
      output: `import { Agenda } from '@hokify/agenda';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const agenda = new Agenda();

agenda.define('send report', async (job) => {
  return tracer.startActiveSpan('send report', async (span) => {
    span.setAttributes({ 'job.name': job.attrs.name, 'job.id': String(job.attrs._id) });
    try {
      await sendReport(job.attrs.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}, { concurrency: 2 });
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Agenda', name: 'send report' },
          line: 5,
          column: 30,
          endLine: 5,
          endColumn: 44,
        },
      ],
    },
    {
      name: 'agenda: callback-style (job, done) gets a suggestion only',
      code: `import Agenda from 'agenda';

const agenda = new Agenda();

agenda.define('cleanup', (job, done) => {
  cleanup(job.attrs.data).then(() => done(), done);
});
`,
      output: null,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Agenda', name: 'cleanup' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInSpan',
              data: { done: 'done' },
              output: `import Agenda from 'agenda';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const agenda = new Agenda();

agenda.define('cleanup', (job, done) => {
  const doneJob = done;
  return tracer.startActiveSpan('cleanup', (span) => {
    span.setAttributes({ 'job.name': job.attrs.name, 'job.id': String(job.attrs._id) });
    const done: typeof doneJob = (error, ...rest) => {
      if (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      }
      span.end();
      return doneJob(error, ...rest);
    };
    try {
      cleanup(job.attrs.data).then(() => done(), done);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      span.end();
      throw err;
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg-boss: work(name, fn) and work(name, opts, fn) with batches',
      code: `import PgBoss from 'pg-boss';

const boss = new PgBoss(connectionString);

await boss.work('welcome-email', async ([job]) => {
  await sendWelcome(job.data);
});
await boss.work('reports', { batchSize: 5 }, async (jobs) => {
  for (const job of jobs) await report(job.data);
});
`,
      output: [
        `import PgBoss from 'pg-boss';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const boss = new PgBoss(connectionString);

await boss.work('welcome-email', async ([job]) => {
  return tracer.startActiveSpan('process welcome-email', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'pg-boss',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'welcome-email',
      'job.name': 'welcome-email',
    });
    try {
      await sendWelcome(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
await boss.work('reports', { batchSize: 5 }, async (jobs) => {
  for (const job of jobs) await report(job.data);
});
`,
        `import PgBoss from 'pg-boss';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const boss = new PgBoss(connectionString);

await boss.work('welcome-email', async ([job]) => {
  return tracer.startActiveSpan('process welcome-email', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'pg-boss',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'welcome-email',
      'job.name': 'welcome-email',
    });
    try {
      await sendWelcome(job.data);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
await boss.work('reports', { batchSize: 5 }, async (jobs) => {
  return tracer.startActiveSpan('process reports', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'pg-boss',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'reports',
      'job.name': 'reports',
    });
    try {
      for (const job of jobs) await report(job.data);
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
      ],
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'pg-boss', name: 'welcome-email' },
          line: 5,
          column: 34,
          endLine: 5,
          endColumn: 50,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'pg-boss', name: 'reports' },
          line: 8,
          column: 46,
          endLine: 8,
          endColumn: 61,
        },
      ],
    },
    {
      name: 'node-cron: schedule (sync stays sync) and createTask',
      code: `import cron from 'node-cron';

cron.schedule('*/5 * * * *', () => {
  purgeExpiredSessions();
}, { name: 'purge-sessions' });

cron.createTask('0 0 * * *', async () => {
  await rotateKeys();
});
`,
      output: [
        `import cron from 'node-cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

cron.schedule('*/5 * * * *', () => {
  return tracer.startActiveSpan('purge-sessions', (span) => {
    span.setAttributes({ 'job.name': 'purge-sessions' });
    try {
      purgeExpiredSessions();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}, { name: 'purge-sessions' });

cron.createTask('0 0 * * *', async () => {
  await rotateKeys();
});
`,
        `import cron from 'node-cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

cron.schedule('*/5 * * * *', () => {
  return tracer.startActiveSpan('purge-sessions', (span) => {
    span.setAttributes({ 'job.name': 'purge-sessions' });
    try {
      purgeExpiredSessions();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}, { name: 'purge-sessions' });

cron.createTask('0 0 * * *', async () => {
  return tracer.startActiveSpan('rotateKeys', async (span) => {
    span.setAttributes({ 'job.name': 'rotateKeys' });
    try {
      await rotateKeys();
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
      ],
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'node-cron', name: 'purge-sessions' },
          line: 3,
          column: 30,
          endLine: 3,
          endColumn: 35,
        },
        {
          messageId: 'missingSpan',
          data: { library: 'node-cron' },
          line: 7,
          column: 30,
          endLine: 7,
          endColumn: 41,
        },
      ],
    },
    {
      name: 'node-cron: named import, sync expression body stays sync',
      code: `import { schedule } from 'node-cron';

schedule('* * * * *', () => heartbeat());
`,
      output: `import { schedule } from 'node-cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

schedule('* * * * *', () => {
  return tracer.startActiveSpan('heartbeat', (span) => {
    span.setAttributes({ 'job.name': 'heartbeat' });
    try {
      return heartbeat();
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
      errors: [
        {
          messageId: 'missingSpan',
          data: { library: 'node-cron' },
          line: 3,
          column: 23,
          endLine: 3,
          endColumn: 28,
        },
      ],
    },
    {
      name: 'cron: new CronJob with a function using this',
      code: `import { CronJob } from 'cron';

const job = new CronJob('0 * * * *', function () {
  this.stop();
  cleanup();
});
`,
      output: `import { CronJob } from 'cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const job = new CronJob('0 * * * *', function () {
  return tracer.startActiveSpan('job', (span) => {
    span.setAttributes({ 'job.name': 'job' });
    try {
      this.stop();
      cleanup();
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
      errors: [
        {
          messageId: 'missingSpan',
          data: { library: 'cron' },
          line: 3,
          column: 38,
          endLine: 3,
          endColumn: 49,
        },
      ],
    },
    {
      name: 'cron: CronJob.from({ onTick, name })',
      code: `import { CronJob } from 'cron';

CronJob.from({
  cronTime: '0 * * * *',
  name: 'hourly-cleanup',
  onTick: async () => {
    await cleanup();
  },
  start: true,
});
`,
      output: `import { CronJob } from 'cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

CronJob.from({
  cronTime: '0 * * * *',
  name: 'hourly-cleanup',
  onTick: async () => {
    return tracer.startActiveSpan('hourly-cleanup', async (span) => {
      span.setAttributes({ 'job.name': 'hourly-cleanup' });
      try {
        await cleanup();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  },
  start: true,
});
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'cron', name: 'hourly-cleanup' },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 22,
        },
      ],
    },
    {
      name: 'cron: CronJob.from({ onTick() {} })',
      code: `import { CronJob } from 'cron';

CronJob.from({
  cronTime: '0 * * * *',
  onTick() {
    cleanup();
  },
});
`,
      output: `import { CronJob } from 'cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

CronJob.from({
  cronTime: '0 * * * *',
  onTick() {
    return tracer.startActiveSpan('cleanup', (span) => {
      span.setAttributes({ 'job.name': 'cleanup' });
      try {
        cleanup();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  },
});
`,
      errors: [
        {
          messageId: 'missingSpan',
          data: { library: 'cron' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'graphile-worker: inline taskList',
      code: `import { run } from 'graphile-worker';

await run({
  connectionString,
  taskList: {
    sendEmail: async (payload, helpers) => {
      await send(payload);
    },
    'hello-world': async (payload) => {
      console.log(payload);
    },
  },
});
`,
      output: [
        `import { run } from 'graphile-worker';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

await run({
  connectionString,
  taskList: {
    sendEmail: async (payload, helpers) => {
      return tracer.startActiveSpan('sendEmail', async (span) => {
        span.setAttributes({ 'job.name': 'sendEmail', 'job.id': helpers.job.id });
        try {
          await send(payload);
        } catch (err) {
          span.recordException(err instanceof Error ? err : String(err));
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          throw err;
        } finally {
          span.end();
        }
      });
    },
    'hello-world': async (payload) => {
      console.log(payload);
    },
  },
});
`,
        `import { run } from 'graphile-worker';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

await run({
  connectionString,
  taskList: {
    sendEmail: async (payload, helpers) => {
      return tracer.startActiveSpan('sendEmail', async (span) => {
        span.setAttributes({ 'job.name': 'sendEmail', 'job.id': helpers.job.id });
        try {
          await send(payload);
        } catch (err) {
          span.recordException(err instanceof Error ? err : String(err));
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          throw err;
        } finally {
          span.end();
        }
      });
    },
    'hello-world': async (payload) => {
      return tracer.startActiveSpan('hello-world', async (span) => {
        span.setAttributes({ 'job.name': 'hello-world' });
        try {
          console.log(payload);
        } catch (err) {
          span.recordException(err instanceof Error ? err : String(err));
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          throw err;
        } finally {
          span.end();
        }
      });
    },
  },
});
`,
      ],
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'graphile-worker', name: 'sendEmail' },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 43,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'graphile-worker', name: 'hello-world' },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 38,
        },
      ],
    },
    {
      name: 'graphile-worker: taskList const object',
      code: `import { run, type TaskList } from 'graphile-worker';

const taskList: TaskList = {
  async sendEmail(payload, helpers) {
    await send(payload);
  },
};

await run({ connectionString, taskList });
`,
      output: `import { run, type TaskList } from 'graphile-worker';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const taskList: TaskList = {
  async sendEmail(payload, helpers) {
    return tracer.startActiveSpan('sendEmail', async (span) => {
      span.setAttributes({ 'job.name': 'sendEmail', 'job.id': helpers.job.id });
      try {
        await send(payload);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  },
};

await run({ connectionString, taskList });
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'graphile-worker', name: 'sendEmail' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: '@nestjs/bullmq: @Processor + extends WorkerHost',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';

@Processor('audio')
export class AudioConsumer extends WorkerHost {
  async process(job: Job): Promise<void> {
    await this.transcode(job.data);
  }
}
`,
      output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

@Processor('audio')
export class AudioConsumer extends WorkerHost {
  async process(job: Job): Promise<void> {
    return tracer.startActiveSpan('process audio', { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'audio',
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await this.transcode(job.data);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'NestJS BullMQ', name: 'audio' },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 41,
        },
      ],
    },
    {
      name: '@nestjs/bull: @Process(name) and @Process()',
      code: `import { Process, Processor } from '@nestjs/bull';
import { Job } from 'bull';

@Processor('audio')
export class AudioConsumer {
  @Process('transcode')
  async transcode(job: Job) {
    await convert(job.data);
  }

  @Process()
  async handleAny(job: Job) {
    await convert(job.data);
  }
}
`,
      output: [
        `import { Process, Processor } from '@nestjs/bull';
import { Job } from 'bull';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

@Processor('audio')
export class AudioConsumer {
  @Process('transcode')
  async transcode(job: Job) {
    return tracer.startActiveSpan('process audio', { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bull',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'audio',
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await convert(job.data);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  @Process()
  async handleAny(job: Job) {
    await convert(job.data);
  }
}
`,
        `import { Process, Processor } from '@nestjs/bull';
import { Job } from 'bull';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

@Processor('audio')
export class AudioConsumer {
  @Process('transcode')
  async transcode(job: Job) {
    return tracer.startActiveSpan('process audio', { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bull',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'audio',
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await convert(job.data);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  @Process()
  async handleAny(job: Job) {
    return tracer.startActiveSpan('process audio', { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bull',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'audio',
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await convert(job.data);
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
      ],
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'NestJS Bull', name: 'transcode' },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 28,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'NestJS Bull', name: 'handleAny' },
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 28,
        },
      ],
    },
    {
      name: '@nestjs/schedule: @Cron, @Interval, @Timeout',
      code: `import { Injectable } from '@nestjs/common';
import { Cron, CronExpression, Interval, Timeout } from '@nestjs/schedule';

@Injectable()
export class TasksService {
  @Cron(CronExpression.EVERY_HOUR, { name: 'hourly-report' })
  async report() {
    await this.reports.generate();
  }

  @Interval(10000)
  poll() {
    this.queue.poll();
  }

  @Interval('heartbeat', 5000)
  heartbeat() {
    this.ping();
  }

  @Timeout(3000)
  warmUp() {
    this.cache.warm();
  }
}
`,
      output: [
        `import { Injectable } from '@nestjs/common';
import { Cron, CronExpression, Interval, Timeout } from '@nestjs/schedule';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

@Injectable()
export class TasksService {
  @Cron(CronExpression.EVERY_HOUR, { name: 'hourly-report' })
  async report() {
    return tracer.startActiveSpan('hourly-report', async (span) => {
      span.setAttributes({ 'job.name': 'hourly-report' });
      try {
        await this.reports.generate();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  @Interval(10000)
  poll() {
    this.queue.poll();
  }

  @Interval('heartbeat', 5000)
  heartbeat() {
    this.ping();
  }

  @Timeout(3000)
  warmUp() {
    this.cache.warm();
  }
}
`,
        `import { Injectable } from '@nestjs/common';
import { Cron, CronExpression, Interval, Timeout } from '@nestjs/schedule';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

@Injectable()
export class TasksService {
  @Cron(CronExpression.EVERY_HOUR, { name: 'hourly-report' })
  async report() {
    return tracer.startActiveSpan('hourly-report', async (span) => {
      span.setAttributes({ 'job.name': 'hourly-report' });
      try {
        await this.reports.generate();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  @Interval(10000)
  poll() {
    return tracer.startActiveSpan('poll', (span) => {
      span.setAttributes({ 'job.name': 'poll' });
      try {
        this.queue.poll();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  @Interval('heartbeat', 5000)
  heartbeat() {
    return tracer.startActiveSpan('heartbeat', (span) => {
      span.setAttributes({ 'job.name': 'heartbeat' });
      try {
        this.ping();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  @Timeout(3000)
  warmUp() {
    return tracer.startActiveSpan('warmUp', (span) => {
      span.setAttributes({ 'job.name': 'warmUp' });
      try {
        this.cache.warm();
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
      ],
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'NestJS Schedule', name: 'hourly-report' },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 17,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'NestJS Schedule', name: 'poll' },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 9,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'NestJS Schedule', name: 'heartbeat' },
          line: 17,
          column: 3,
          endLine: 17,
          endColumn: 14,
        },
        {
          messageId: 'missingSpanNamed',
          data: { library: 'NestJS Schedule', name: 'warmUp' },
          line: 22,
          column: 3,
          endLine: 22,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'inngest v3: createFunction(config, trigger, fn)',
      code: `import { Inngest } from 'inngest';

const inngest = new Inngest({ id: 'my-app' });

export const helloWorld = inngest.createFunction(
  { id: 'hello-world' },
  { event: 'test/hello.world' },
  async ({ event, step }) => {
    await step.sleep('wait-a-moment', '1s');
    return { message: \`Hello \${event.data.email}!\` };
  },
);
`,
      output: `import { Inngest } from 'inngest';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const inngest = new Inngest({ id: 'my-app' });

export const helloWorld = inngest.createFunction(
  { id: 'hello-world' },
  { event: 'test/hello.world' },
  async ({ event, step }) => {
    return tracer.startActiveSpan('hello-world', async (span) => {
      span.setAttributes({ 'job.name': 'hello-world' });
      try {
        await step.sleep('wait-a-moment', '1s');
        return { message: \`Hello \${event.data.email}!\` };
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Inngest', name: 'hello-world' },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 29,
        },
      ],
    },
    {
      name: 'inngest v4: createFunction({ id, triggers }, fn)',
      code: `import { Inngest } from 'inngest';

const inngest = new Inngest({ id: 'my-app' });

export const sync = inngest.createFunction(
  { id: 'sync-users', triggers: [{ event: 'users/sync' }] },
  async ({ event, runId }) => {
    await syncUsers(event.data);
  },
);
`,
      output: `import { Inngest } from 'inngest';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

const inngest = new Inngest({ id: 'my-app' });

export const sync = inngest.createFunction(
  { id: 'sync-users', triggers: [{ event: 'users/sync' }] },
  async ({ event, runId }) => {
    return tracer.startActiveSpan('sync-users', async (span) => {
      span.setAttributes({ 'job.name': 'sync-users' });
      try {
        await syncUsers(event.data);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'Inngest', name: 'sync-users' },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 30,
        },
      ],
    },
    {
      name: 'custom job runner from settings',
      code: `import { runJob } from './jobs';

runJob('nightly-export', async (ctx) => {
  await exportAll(ctx);
});
`,
      settings: { otel: { tracerName: TRACER_NAME, jobRunners: [ { name: 'runJob', handlerArg: 1, nameArg: 0 } ] } },
      output: `import { runJob } from './jobs';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

runJob('nightly-export', async (ctx) => {
  return tracer.startActiveSpan('nightly-export', async (span) => {
    span.setAttributes({ 'job.name': 'nightly-export' });
    try {
      await exportAll(ctx);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'runJob()', name: 'nightly-export' },
          line: 3,
          column: 26,
          endLine: 3,
          endColumn: 40,
        },
      ],
    },
    {
      name: 'generator handler: no autofix, a suggestion with a non-active span around the body',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async function* (job) {
  yield await send(job);
});
`,
      output: null,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'spanAroundGenerator',
              output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async function* (job) {
  const span = tracer.startSpan('process emails', { kind: SpanKind.CONSUMER });
  span.setAttributes({
    'messaging.system': 'bullmq',
    'messaging.operation.type': 'process',
    'messaging.destination.name': 'emails',
    'messaging.message.id': job.id,
    'job.name': job.name,
    'job.id': job.id,
  });
  try {
    yield await send(job);
  } catch (err) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'JS file: no type assertion',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job);
});
`,
      filename: 'file.js',
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'comments and multi-line template literals survive',
      code: `import { Worker } from 'bullmq';

new Worker('reports', async (job) => { // the nightly report
  /* build it */
  const sql = \`
    SELECT *
      FROM reports
  \`;
  // run it
  await db.query(sql); // trailing
  const msg = 'a\\
b';
}); // end
`,
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
      // the nightly report
      /* build it */
      const sql = \`
    SELECT *
      FROM reports
  \`;
      // run it
      await db.query(sql); // trailing
      const msg = 'a\\
b';
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}); // end
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'reports' },
          line: 3,
          column: 23,
          endLine: 3,
          endColumn: 37,
        },
      ],
    },
    {
      name: 'tab-indented file keeps tabs',
      code: "import { Worker } from 'bullmq';\n\nexport function start() {\n\treturn new Worker('emails', async (job) => {\n\t\tawait send(job);\n\t});\n}\n",
      output: "import { Worker } from 'bullmq';\nimport { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';\n\nconst tracer = trace.getTracer('test-service');\n\nexport function start() {\n\treturn new Worker('emails', async (job) => {\n\t\treturn tracer.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span) => {\n\t\t\tspan.setAttributes({\n\t\t\t\t'messaging.system': 'bullmq',\n\t\t\t\t'messaging.operation.type': 'process',\n\t\t\t\t'messaging.destination.name': 'emails',\n\t\t\t\t'messaging.message.id': job.id,\n\t\t\t\t'job.name': job.name,\n\t\t\t\t'job.id': job.id,\n\t\t\t});\n\t\t\ttry {\n\t\t\t\tawait send(job);\n\t\t\t} catch (err) {\n\t\t\t\tspan.recordException(err instanceof Error ? err : String(err));\n\t\t\t\tspan.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });\n\t\t\t\tthrow err;\n\t\t\t} finally {\n\t\t\t\tspan.end();\n\t\t\t}\n\t\t});\n\t});\n}\n",
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 30,
          endLine: 4,
          endColumn: 44,
        },
      ],
    },
    {
      name: 'four-space file keeps its unit',
      code: `import { Worker } from 'bullmq';

export function start() {
    return new Worker('emails', async (job) => {
        await send(job);
    });
}
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export function start() {
    return new Worker('emails', async (job) => {
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
                await send(job);
            } catch (err) {
                span.recordException(err instanceof Error ? err : String(err));
                span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
                throw err;
            } finally {
                span.end();
            }
        });
    });
}
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 33,
          endLine: 4,
          endColumn: 47,
        },
      ],
    },
    {
      name: 'use strict directive, no imports: require goes after the directive',
      code: `'use strict';

new (require('bullmq').Worker)('emails', async (job) => {
  await send(job);
});
`,
      filename: 'w.cjs',
      output: `'use strict';

const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('test-service');

new (require('bullmq').Worker)('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 42,
          endLine: 3,
          endColumn: 56,
        },
      ],
    },
    {
      name: 'BUG: use strict directive before imports; a blank line separates the new tracer from the code',
      code: `'use strict';
import { Worker } from 'bullmq';
new Worker('emails', async (job) => {
  await send(job);
});
`,
      output: `'use strict';
import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'one-line block body',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => { await send(job); });
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'empty body',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {});
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'ignoreLibraries of another library does not silence bullmq',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job);
});
`,
      options: [{"ignoreLibraries":["bull","agenda"]}],
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'custom attribute keys from settings',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job);
});
`,
      settings: { otel: { tracerName: TRACER_NAME, attributes: { jobName: 'messaging.destination.name', jobId: 'messaging.message.id' } } },
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
  return tracer.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'emails',
      'messaging.message.id': job.id,
    });
    try {
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'a configured span wrapper that is not called still reports',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job);
});
`,
      settings: { otel: { tracerName: TRACER_NAME, spanWrappers: [ 'withSpan' ] } },
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'runner with a module',
      code: `import { register } from '~/jobs';

register('reindex', async () => {
  await reindex();
});
`,
      settings: { otel: { tracerName: TRACER_NAME, jobRunners: [ { name: 'register', module: '~/jobs', handlerArg: 1, nameArg: 0 } ] } },
      output: `import { register } from '~/jobs';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

register('reindex', async () => {
  return tracer.startActiveSpan('reindex', async (span) => {
    span.setAttributes({ 'job.name': 'reindex' });
    try {
      await reindex();
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'register()', name: 'reindex' },
          line: 3,
          column: 21,
          endLine: 3,
          endColumn: 32,
        },
      ],
    },
    {
      name: 'a local `tracer` in an enclosing function does not shadow the created tracer',
      code: `import { Worker } from 'bullmq';

export function start(audit: Audit) {
  const tracer = audit.tracer();
  return new Worker('emails', async (job) => {
    tracer.record(job.id);
    await send(job);
  });
}
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer2 = trace.getTracer('test-service');

export function start(audit: Audit) {
  const tracer = audit.tracer();
  return new Worker('emails', async (job) => {
    return tracer2.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'emails',
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        tracer.record(job.id);
        await send(job);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  });
}
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 5,
          column: 31,
          endLine: 5,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'a handler parameter named `tracer` does not shadow the created tracer',
      code: `import { Worker } from 'bullmq';

new Worker('a', async (tracer) => {
  await doWork(tracer);
});
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer2 = trace.getTracer('test-service');

new Worker('a', async (tracer) => {
  return tracer2.startActiveSpan('process a', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'a',
      'messaging.message.id': tracer.id,
      'job.name': tracer.name,
      'job.id': tracer.id,
    });
    try {
      await doWork(tracer);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'a' },
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'multi-line expression body keeps its relative indentation',
      code: `import { Worker } from 'bullmq';

new Worker('emails', (job) =>
  send(
    job.data,
  ),
);
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', (job) => {
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
      return await send(
        job.data,
      );
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 30,
        },
      ],
    },
    {
      name: 'CRLF file keeps CRLF line endings',
      code: "import { Worker } from 'bullmq';\r\n\r\nnew Worker('emails', async (job) => {\r\n  await send(job);\r\n});\r\n",
      output: "import { Worker } from 'bullmq';\r\nimport { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';\r\n\r\nconst tracer = trace.getTracer('test-service');\r\n\r\nnew Worker('emails', async (job) => {\r\n  return tracer.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span) => {\r\n    span.setAttributes({\r\n      'messaging.system': 'bullmq',\r\n      'messaging.operation.type': 'process',\r\n      'messaging.destination.name': 'emails',\r\n      'messaging.message.id': job.id,\r\n      'job.name': job.name,\r\n      'job.id': job.id,\r\n    });\r\n    try {\r\n      await send(job);\r\n    } catch (err) {\r\n      span.recordException(err instanceof Error ? err : String(err));\r\n      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });\r\n      throw err;\r\n    } finally {\r\n      span.end();\r\n    }\r\n  });\r\n});\r\n",
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'require() in a .ts file parsed as a module, with `require` declared as a global',
      code: `const { Worker } = require('bullmq');

new Worker('emails', async (job) => {
  await send(job);
});
`,
      filename: 'worker.ts',
      languageOptions: { globals: { require: 'readonly' } },
      output: `const { Worker } = require('bullmq');
const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },

    {
      name: 'BUG: require() in a .ts file parsed as a module, with no `require` global declared',
      code: `const { Worker } = require('bullmq');

new Worker('emails', async (job) => {
  await send(job);
});
`,
      filename: 'worker.ts',
      output: `const { Worker } = require('bullmq');
const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
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
      await send(job);
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
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },

    {
      name: 'a SpanStatusCode parameter in an enclosing function gets the API export aliased',
      code: `import { Worker } from 'bullmq';

export function start(SpanStatusCode: number) {
  return new Worker('emails', async (job) => {
    await send(job, SpanStatusCode);
  });
}
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode as otelSpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export function start(SpanStatusCode: number) {
  return new Worker('emails', async (job) => {
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
        await send(job, SpanStatusCode);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: otelSpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  });
}
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 4,
          column: 31,
          endLine: 4,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'an existing API namespace shadowed in the enclosing function is not used inside the handler',
      code: `import * as api from '@opentelemetry/api';
import { Worker } from 'bullmq';

export function start(api: Client) {
  return new Worker('emails', async (job) => {
    await api.send(job);
  });
}
`,
      output: `import * as api from '@opentelemetry/api';
import { Worker } from 'bullmq';
import { SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = api.trace.getTracer('test-service');

export function start(api: Client) {
  return new Worker('emails', async (job) => {
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
        await api.send(job);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  });
}
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 5,
          column: 31,
          endLine: 5,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'an existing module tracer shadowed at the handler gets a fresh tracer',
      code: `import { trace } from '@opentelemetry/api';
import { Worker } from 'bullmq';

const tracer = trace.getTracer('x');

export function start(tracer: Audit) {
  return new Worker('emails', async (job) => {
    await tracer.log(job);
  });
}
`,
      output: `import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';
import { Worker } from 'bullmq';

const tracer2 = trace.getTracer('test-service');

const tracer = trace.getTracer('x');

export function start(tracer: Audit) {
  return new Worker('emails', async (job) => {
    return tracer2.startActiveSpan('process emails', { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'emails',
        'messaging.message.id': job.id,
        'job.name': job.name,
        'job.id': job.id,
      });
      try {
        await tracer.log(job);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  });
}
`,
      errors: [
        {
          messageId: 'missingSpanNamed',
          data: { library: 'BullMQ', name: 'emails' },
          line: 7,
          column: 31,
          endLine: 7,
          endColumn: 45,
        },
      ],
    },

];

// @typescript-eslint/rule-tester ships its own copy of @typescript-eslint/utils, so the rule's type is cast.
createRuleTester().run<MessageIds, Options>('require-job-span', rule as never, { valid, invalid });

// ---------------------------------------------------------------------------------------------------------
// Fix outputs are idempotent: linting the final output again reports nothing fixable and nothing at all.
// ---------------------------------------------------------------------------------------------------------

const RULE_ID = 'otel/require-job-span';

function lint(
  code: string,
  {
    filename = 'file.ts',
    options = [],
    settings,
    sourceType = 'module',
  }: { filename?: string; options?: unknown[]; settings?: Record<string, unknown>; sourceType?: 'module' | 'commonjs' } = {},
): Linter.LintMessage[] {
  const linter = new Linter();
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
        languageOptions: { parser: tsParser as never, sourceType },
        plugins: { otel: { rules: { 'require-job-span': rule as never } } },
        rules: { [RULE_ID]: ['error', ...options] as never },
        settings: settings ?? { otel: { tracerName: TRACER_NAME } },
      },
    ],
    filename,
  );
}

describe('require-job-span: fix outputs are idempotent', () => {
  for (const testCase of invalid) {
    const outputs = testCase.output === null || testCase.output === undefined ? [] : ([] as string[]).concat(testCase.output);
    const last = outputs.at(-1);
    if (last === undefined || testCase.name?.startsWith('BUG')) continue;
    it(`${testCase.name}: re-lint of the final output is clean`, () => {
      const messages = lint(last, {
        filename: testCase.filename,
        options: testCase.options as unknown[] | undefined,
        settings: testCase.settings as Record<string, unknown> | undefined,
      });
      expect(messages).toEqual([]);
    });
  }

  for (const testCase of invalid) {
    const suggestionOutputs = (testCase.errors ?? []).flatMap((error) =>
      typeof error === 'object' && error.suggestions ? error.suggestions.map((s) => s.output) : [],
    );
    if (suggestionOutputs.length === 0) continue;
    it(`${testCase.name}: re-lint of each suggestion output is clean`, () => {
      for (const output of suggestionOutputs) {
        const messages = lint(output, {
          filename: testCase.filename,
          });
        expect(messages).toEqual([]);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Invalid options and settings fail loudly, naming what is wrong.
// ---------------------------------------------------------------------------------------------------------

const SOURCE = `import { Worker } from 'bullmq';
new Worker('q', async (job) => {
  await run(job);
});
`;

describe('require-job-span: options schema', () => {
  it('accepts the documented options', () => {
    expect(lint(SOURCE, { options: [{ ignoreLibraries: ['bullmq', 'agenda'] }] })).toEqual([]);
    expect(lint(SOURCE, { options: [{}] })).toHaveLength(1);
  });

  it('rejects a non-array ignoreLibraries', () => {
    expect(() => lint(SOURCE, { options: [{ ignoreLibraries: 'bullmq' }] })).toThrow(/otel\/require-job-span[\s\S]*should be array/);
  });

  it('rejects non-string items', () => {
    expect(() => lint(SOURCE, { options: [{ ignoreLibraries: [1] }] })).toThrow(/should be string/);
  });

  it('rejects an unknown library id with an error that lists the ids', () => {
    let message = '';
    try {
      lint(SOURCE, { options: [{ ignoreLibraries: ['bulmq'] }] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Value "bulmq" should match pattern');
    for (const id of ['bullmq', 'bull', 'bee-queue', 'agenda', 'pg-boss', 'node-cron', 'cron', 'croner', 'graphile-worker', 'inngest', '@nestjs/bullmq', '@nestjs/schedule']) {
      expect(message).toContain(id);
    }
    // A configured runner is named with `()`: a bare unknown word is not taken for one.
    expect(() => lint(SOURCE, { options: [{ ignoreLibraries: ['runJob()'] }] })).not.toThrow();
  });

  it('rejects duplicate items', () => {
    expect(() => lint(SOURCE, { options: [{ ignoreLibraries: ['bull', 'bull'] }] })).toThrow(/duplicate items/);
  });

  it('rejects unknown properties, naming them', () => {
    expect(() => lint(SOURCE, { options: [{ ignore: ['bullmq'] }] })).toThrow(/Unexpected property "ignore"/);
  });

  it('rejects a second option', () => {
    expect(() => lint(SOURCE, { options: [{}, {}] })).toThrow(/otel\/require-job-span/);
  });
});

describe('require-job-span: invalid settings.otel', () => {
  const cases: [string, unknown, RegExp][] = [
    ['an unknown key', { tracerNmae: 'x' }, /invalid settings\.otel: unknown key "tracerNmae"/],
    ['a tracer that is a string', { tracer: '~/telemetry' }, /invalid settings\.otel: tracer must be an object/],
    ['a tracer without name', { tracer: { from: '~/telemetry' } }, /tracer\.name must be a non-empty string/],
    ['spanWrappers not an array', { spanWrappers: 'withSpan' }, /spanWrappers must be an array of strings/],
    ['a job runner without handlerArg', { jobRunners: [{ name: 'runJob' }] }, /jobRunners\[0\]\.handlerArg must be a non-negative integer/],
    ['a job runner with an unknown key', { jobRunners: [{ name: 'runJob', handlerArg: 1, arg: 2 }] }, /unknown key "arg" in jobRunners\[0\]/],
    ['an empty tracerName', { tracerName: '' }, /tracerName must be a non-empty string/],
  ];
  for (const [title, otel, message] of cases) {
    it(`throws for ${title}`, () => {
      expect(() => lint(SOURCE, { settings: { otel } })).toThrow(message);
    });
  }

  it('ignores other plugins’ settings', () => {
    expect(lint(SOURCE, { settings: { otel: { tracerName: TRACER_NAME }, react: { version: '18' } } })).toHaveLength(1);
  });
});
