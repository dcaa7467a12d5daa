import rule from '../../lib/rules/require-job-span.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-job-span (croner, factories)', rule, {
  valid: [
    { name: 'a pattern evaluated without a function', code: `import { Cron } from 'croner';\nconst next = new Cron('0 0 * * *').nextRun();\n` },
    {
      name: 'already traced',
      code: `import { Cron } from 'croner';\nimport { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('x');\nnew Cron('* * * * *', () => tracer.startActiveSpan('tick', (span) => { span.end(); }));\n`,
    },
    { name: 'a local function named Cron', code: `function Cron(p: string, fn: () => void) { fn(); }\nCron('* * * * *', () => tick());\n` },
    {
      name: 'a higher-order wrapper given the handler is not taken for a factory',
      code: `import { Worker } from 'bullmq';
function traced(fn: (job: unknown) => Promise<void>) {
  return async (job: unknown) => fn(job);
}
new Worker('q', traced(async (job) => { await go(job); }));
`,
    },
  ],
  invalid: [
    {
      name: 'new Cron(pattern, { name }, fn): the name option names the span',
      code: `import { Cron } from 'croner';

new Cron('*/5 * * * *', { name: 'sync-rates' }, async () => {
  await syncRates();
});
`,
      output: `import { Cron } from 'croner';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('${TRACER_NAME}');

new Cron('*/5 * * * *', { name: 'sync-rates' }, async () => {
  return tracer.startActiveSpan('sync-rates', async (span) => {
    span.setAttributes({ 'job.name': 'sync-rates' });
    try {
      await syncRates();
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
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'croner', name: 'sync-rates' }, line: 3, column: 49, endLine: 3, endColumn: 60 }],
    },
    {
      name: 'Cron(pattern, fn, { name }) without new, require(): a sync handler stays sync',
      filename: 'jobs.cjs',
      code: `const { Cron } = require('croner');

Cron('0 0 * * *', function purge() {
  purgeSessions();
}, { name: 'purge' });
`,
      output: `const { Cron } = require('croner');
const { trace, SpanStatusCode } = require('@opentelemetry/api');

const tracer = trace.getTracer('${TRACER_NAME}');

Cron('0 0 * * *', function purge() {
  return tracer.startActiveSpan('purge', (span) => {
    span.setAttributes({ 'job.name': 'purge' });
    try {
      purgeSessions();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}, { name: 'purge' });
`,
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'croner', name: 'purge' } }],
    },
    {
      name: 'a processor made by a factory method of the same class (this.getWorkerProcessor())',
      code: `import { Worker, type Job } from 'bullmq';

export class WorkflowWorker {
  start() {
    return new Worker('workflow', this.getWorkerProcessor());
  }

  private getWorkerProcessor() {
    return async (job: Job) => {
      await this.run(job.data);
    };
  }

  private async run(data: unknown) {}
}
`,
      output: `import { Worker, type Job } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('${TRACER_NAME}');

export class WorkflowWorker {
  start() {
    return new Worker('workflow', this.getWorkerProcessor());
  }

  private getWorkerProcessor() {
    return async (job: Job) => {
      return tracer.startActiveSpan('process workflow', { kind: SpanKind.CONSUMER }, async (span) => {
        span.setAttributes({
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': 'workflow',
          'messaging.message.id': job.id,
          'job.name': job.name,
          'job.id': job.id,
        });
        try {
          await this.run(job.data);
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

  private async run(data: unknown) {}
}
`,
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'workflow' }, line: 9, column: 12, endLine: 9, endColumn: 31 }],
    },
    {
      name: 'a double-quoted file gets double quotes in what the fix writes',
      code: `import { Worker } from "bullmq";

new Worker("emails", async (job) => {
  await send(job.data);
});
`,
      output: `import { Worker } from "bullmq";
import { trace, SpanStatusCode, SpanKind } from "@opentelemetry/api";

const tracer = trace.getTracer("test-service");

new Worker("emails", async (job) => {
  return tracer.startActiveSpan("process emails", { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      "messaging.system": "bullmq",
      "messaging.operation.type": "process",
      "messaging.destination.name": "emails",
      "messaging.message.id": job.id,
      "job.name": job.name,
      "job.id": job.id,
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
`,
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'emails' } }],
    },
  ],
});
