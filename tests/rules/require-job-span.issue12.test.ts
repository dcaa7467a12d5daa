/**
 * require-job-span fixes as a senior engineer would write them: no cast on what was thrown, a status message,
 * `await` only on what can be a thenable, messaging conventions for queue jobs (or job-named spans when
 * configured), cron jobs named by their binding, the project's span helper, and a relative tracer module
 * written per file.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-job-span.js';
import { createRuleTester } from '../rule-tester.js';

type Invalid = InvalidTestCase<MessageIds, Options>;

const ruleTester = createRuleTester();
const CATCH = `    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }`;

const invalid: Invalid[] = [
  {
    name: 'without type information: member reads, literals and sync built-ins are returned without await',
    code: `import cron from 'node-cron';
import { Worker } from 'bullmq';

new Worker('reports', async (job) => {
  const rows = await load(job.data);
  if (!rows) return null;
  if (rows.length > 10) return \`many \${rows.length}\`;
  if (job.data.json) return JSON.stringify(rows);
  if (job.data.first) return rows[0].id;
  const pending = load(job.data);
  if (job.data.later) return pending;
  const count = await count(job.data);
  if (job.data.count) return count;
  return rows.length;
});
`,
    output: `import cron from 'node-cron';
import { Worker } from 'bullmq';
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
      const rows = await load(job.data);
      if (!rows) return null;
      if (rows.length > 10) return \`many \${rows.length}\`;
      if (job.data.json) return JSON.stringify(rows);
      if (job.data.first) return rows[0].id;
      const pending = load(job.data);
      if (job.data.later) return await pending;
      const count = await count(job.data);
      if (job.data.count) return count;
      return rows.length;
${CATCH}
  });
});
`,
    errors: [{ messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'reports' } }],
  },
  {
    name: "conventions: 'job' names queue spans after the job, without messaging attributes or kind",
    code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job.data);
});
`,
    settings: { otel: { conventions: 'job' } },
    output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

new Worker('emails', async (job) => {
  return tracer.startActiveSpan('emails', async (span) => {
    span.setAttributes({ 'job.name': job.name, 'job.id': job.id });
    try {
      await send(job.data);
${CATCH}
  });
});
`,
    errors: [{ messageId: 'missingSpanNamed' }],
  },
  {
    name: 'a cron job takes the variable it is bound to as its name, always with job.name',
    code: `import { CronJob } from 'cron';

export const rollupJob = new CronJob('0 * * * *', () => {
  rollup();
});
`,
    output: `import { CronJob } from 'cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export const rollupJob = new CronJob('0 * * * *', () => {
  return tracer.startActiveSpan('rollupJob', (span) => {
    span.setAttributes({ 'job.name': 'rollupJob' });
    try {
      rollup();
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
    errors: [{ messageId: 'missingSpan' }],
  },
  {
    name: 'a cron job takes the class property it is bound to as its name',
    code: `import { CronJob } from 'cron';

class Jobs {
  private readonly nightly = CronJob.from({ cronTime: '0 3 * * *', onTick: () => purge() });
}
`,
    output: `import { CronJob } from 'cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

class Jobs {
  private readonly nightly = CronJob.from({ cronTime: '0 3 * * *', onTick: () => {
    return tracer.startActiveSpan('nightly', (span) => {
      span.setAttributes({ 'job.name': 'nightly' });
      try {
        return purge();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  } });
}
`,
    errors: [{ messageId: 'missingSpan' }],
  },
  {
    name: 'a cron job takes the member it is assigned to as its name',
    code: `import { CronJob } from 'cron';

class Jobs {
  start() {
    this.hourly = new CronJob('0 * * * *', async () => {
      await compact();
    });
  }
}
`,
    output: `import { CronJob } from 'cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

class Jobs {
  start() {
    this.hourly = new CronJob('0 * * * *', async () => {
      return tracer.startActiveSpan('hourly', async (span) => {
        span.setAttributes({ 'job.name': 'hourly' });
        try {
          await compact();
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
    errors: [{ messageId: 'missingSpan' }],
  },
  {
    name: 'an unbound anonymous cron handler is named after the one function it calls',
    code: `import cron from 'node-cron';

cron.schedule('*/5 * * * *', async () => {
  await reports.refresh();
});
`,
    output: `import cron from 'node-cron';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

cron.schedule('*/5 * * * *', async () => {
  return tracer.startActiveSpan('reports.refresh', async (span) => {
    span.setAttributes({ 'job.name': 'reports.refresh' });
    try {
      await reports.refresh();
${CATCH}
  });
});
`,
    errors: [{ messageId: 'missingSpan' }],
  },
  {
    name: 'spanHelper: an arrow keeps its body as it is; the async moves to the callback',
    code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job.data);
  return job.id;
});
`,
    settings: { otel: { spanHelper: { from: '~/telemetry', name: 'withJobSpan' } } },
    output: `import { Worker } from 'bullmq';
import { withJobSpan } from '~/telemetry';

new Worker('emails', (job) => withJobSpan('process emails', {
  'messaging.system': 'bullmq',
  'messaging.operation.type': 'process',
  'messaging.destination.name': 'emails',
  'messaging.message.id': job.id,
  'job.name': job.name,
  'job.id': job.id,
}, async () => {
  await send(job.data);
  return job.id;
}));
`,
    errors: [{ messageId: 'missingSpanNamed' }],
  },
  {
    name: 'spanHelper: a method body moves into the callback (the method loses its async)',
    code: `import { Processor, WorkerHost } from '@nestjs/bullmq';

@Processor('media')
export class MediaProcessor extends WorkerHost {
  async process(job) {
    await this.transcode(job.data);
  }
}
`,
    settings: { otel: { conventions: 'job', spanHelper: { from: '@acme/telemetry', name: 'withJobSpan' } } },
    output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import { withJobSpan } from '@acme/telemetry';

@Processor('media')
export class MediaProcessor extends WorkerHost {
  process(job) {
    return withJobSpan('media', { 'job.name': job.name, 'job.id': job.id }, async () => {
      await this.transcode(job.data);
    });
  }
}
`,
    errors: [{ messageId: 'missingSpanNamed' }],
  },
  {
    name: 'spanHelper: a sync expression-bodied cron handler gets a sync callback',
    code: `import cron from 'node-cron';

cron.schedule('* * * * *', () => heartbeat());
`,
    settings: { otel: { spanHelper: { from: '@acme/telemetry', name: 'withJobSpan' } } },
    output: `import cron from 'node-cron';
import { withJobSpan } from '@acme/telemetry';

cron.schedule('* * * * *', () => withJobSpan('heartbeat', { 'job.name': 'heartbeat' }, () => heartbeat()));
`,
    errors: [{ messageId: 'missingSpan' }],
  },
  {
    name: 'a relative tracer.from is written relative to each file (ESLint cwd is the base)',
    code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job.data);
});
`,
    filename: 'src/jobs/deep/email.worker.ts',
    settings: { otel: { conventions: 'job', tracer: { from: './src/telemetry', name: 'tracer' } } },
    output: `import { Worker } from 'bullmq';
import { tracer } from '../../telemetry';
import { SpanStatusCode } from '@opentelemetry/api';

new Worker('emails', async (job) => {
  return tracer.startActiveSpan('emails', async (span) => {
    span.setAttributes({ 'job.name': job.name, 'job.id': job.id });
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
    errors: [{ messageId: 'missingSpanNamed' }],
  },
];

ruleTester.run('require-job-span (issue 12)', rule, {
  valid: [
    {
      name: 'a handler that already calls the configured span helper is traced',
      code: `import { Worker } from 'bullmq';
import { withJobSpan } from '~/telemetry';
new Worker('emails', (job) => withJobSpan('process emails', {}, async () => { await send(job.data); }));
`,
      settings: { otel: { spanHelper: { from: '~/telemetry', name: 'withJobSpan' } } },
    },
  ],
  invalid,
});

describe('the CLI message says why no autofix was applied', () => {
  it('names the missing runtime dependency and what counts', () => {
    for (const id of ['missingSpanNoApi', 'missingSpanNamedNoApi'] as const) {
      expect(rule.meta.messages[id]).toContain('Not fixed automatically');
      expect(rule.meta.messages[id]).toContain('@opentelemetry/api');
      expect(rule.meta.messages[id]).toContain('dependencies, peerDependencies or optionalDependencies');
    }
  });
});
