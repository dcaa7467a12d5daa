/**
 * Second adversarial review (production-shaped code): each case is a genuine bug and fails today.
 * Repro files: .tmp/review2/ (in/ = inputs, out/ = `--fix` output of both rules).
 */
import jobSpan from '../../lib/rules/require-job-span.js';
import tracePropagation from '../../lib/rules/require-trace-propagation.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';

createRuleTester().run('require-job-span (review 2)', jobSpan as never, {
  valid: [],
  invalid: [
    {
      // Run-time crash: an imported dd-trace `tracer` is taken for an OpenTelemetry tracer (findExistingTracer
      // accepts any imported binding named `tracer`); dd-trace's Tracer has no startActiveSpan, so every job
      // throws "tracer.startActiveSpan is not a function" after --fix (and TS fails to compile).
      name: 'an imported dd-trace `tracer` is not an OpenTelemetry tracer',
      code: `import tracer from 'dd-trace';
import { Worker } from 'bullmq';

tracer.init({ service: 'worker' });

new Worker('emails', async (job) => {
  await send(job.data);
});
`,
      output: `import tracer from 'dd-trace';
import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer2 = trace.getTracer('${TRACER_NAME}');

tracer.init({ service: 'worker' });

new Worker('emails', async (job) => {
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
    {
      // Noise that breaks typed lint: \`return undefined\` becomes \`return await undefined\`
      // (@typescript-eslint/await-thenable, recommended-type-checked). mayBeThenable skips null but not undefined.
      name: '`return undefined` is not awaited',
      code: `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  if (!job.data) return undefined;
  await send(job.data);
  return undefined;
});
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
      if (!job.data) return undefined;
      await send(job.data);
      return undefined;
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
    {
      // Wrong data: a queue name held in a module-level const (the usual production shape) is not resolved, so
      // the span is named 'bullmq job' instead of 'mail' and the message names no queue.
      name: 'queue name in a module-level const',
      code: `import { Worker } from 'bullmq';

export const MAIL_QUEUE = 'mail';

new Worker(MAIL_QUEUE, async () => {
  await send();
});
`,
      output: `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

export const MAIL_QUEUE = 'mail';

new Worker(MAIL_QUEUE, async () => {
  return tracer.startActiveSpan('process mail', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'mail',
      'job.name': 'mail',
    });
    try {
      await send();
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
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'mail' } }],
    },
    {
      // Wrong data: same for a string enum member (QueueName.Media) and a node-cron `name` const: every cron
      // task of the service gets the same span name 'node-cron job' and no job.name attribute.
      name: 'queue name in a string enum; cron name in a const',
      code: `import { Worker } from 'bullmq';
import cron from 'node-cron';

enum QueueName { Media = 'media' }
const CRON_NAME = 'retention';

new Worker(QueueName.Media, async () => {
  await send();
});
cron.schedule('0 3 * * *', async () => {
  await purge();
}, { name: CRON_NAME });
`,
      // Two handlers: the first pass adds the imports and the tracer with the first wrap, the second pass the other.
      output: [
        `import { Worker } from 'bullmq';
import cron from 'node-cron';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

enum QueueName { Media = 'media' }
const CRON_NAME = 'retention';

new Worker(QueueName.Media, async () => {
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'job.name': 'media',
    });
    try {
      await send();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
cron.schedule('0 3 * * *', async () => {
  await purge();
}, { name: CRON_NAME });
`,
        `import { Worker } from 'bullmq';
import cron from 'node-cron';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('test-service');

enum QueueName { Media = 'media' }
const CRON_NAME = 'retention';

new Worker(QueueName.Media, async () => {
  return tracer.startActiveSpan('process media', { kind: SpanKind.CONSUMER }, async (span) => {
    span.setAttributes({
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'media',
      'job.name': 'media',
    });
    try {
      await send();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});
cron.schedule('0 3 * * *', async () => {
  return tracer.startActiveSpan('retention', async (span) => {
    span.setAttributes({ 'job.name': 'retention' });
    try {
      await purge();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}, { name: CRON_NAME });
`,
      ],
      errors: [
        { messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'media' } },
        { messageId: 'missingSpanNamed', data: { library: 'node-cron', name: 'retention' } },
      ],
    },
    {
      // Wrong code: a CommonJS worker script (require inside a function, no module.exports) gets an ESM
      // \`import\`: Node loads .js as CommonJS (no "type": "module") → SyntaxError at start-up.
      name: 'CommonJS .js script whose only require is inside a function gets a require',
      filename: 'worker.js',
      code: `async function main() {
  const { Worker } = require('bullmq');
  new Worker('q', async (job) => {
    await job.updateProgress(1);
  });
}
main();
`,
      output: `const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('${TRACER_NAME}');

async function main() {
  const { Worker } = require('bullmq');
  new Worker('q', async (job) => {
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
        await job.updateProgress(1);
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
main();
`,
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'q' } }],
    },
  ],
});

createRuleTester().run('require-trace-propagation (review 2)', tracePropagation, {
  valid: [
    {
      // False positive: a React/Feathers \`hooks/\` directory is not a webhook; the relative same-origin URL is
      // an app API call (projectPathParts matches '^hooks?$' on the directory name).
      name: 'POST to a same-origin API from a src/hooks/ file',
      filename: 'apps/web/src/hooks/useCreateOrder.ts',
      code: `export function useCreateOrder() {
  return async (order: { sku: string }) => {
    const res = await fetch('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    return res.json();
  };
}
`,
    },
    {
      // False positive: every request of a service whose package is named after its domain
      // ("notification-service", "subscriptions") is taken for a webhook delivery.
      name: 'internal API call from a notification-service package',
      filename: 'services/notification-service/src/clients/users.ts',
      code: `import axios from 'axios';

const USERS_URL = process.env.USERS_URL!;

export async function touchUser(id: string) {
  await axios.post(\`\${USERS_URL}/users/\${id}/touch\`, {});
}
`,
    },
  ],
  invalid: [
    {
      // False negative: CommonJS \`exports.deliverWebhook = async function (…) {}\` — nameOfFunction ignores
      // AssignmentExpression targets, so the function's name is no evidence.
      name: 'exports.deliverWebhook = async function',
      filename: 'lib/sender.js',
      code: `exports.deliverWebhook = async function (url, body) {
  await fetch(url, { method: 'POST', body });
};
`,
      output: `const { propagation, context } = require('@opentelemetry/api');

exports.deliverWebhook = async function (url, body) {
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { method: 'POST', body, headers: traceHeaders });
};
`,
      errors: [{ messageId: 'missingContextWebhook', data: { client: 'fetch' }, line: 2, column: 9 }],
    },
    {
      // False negative: same for \`this.deliverWebhook = async (…) => …\` in a constructor.
      name: 'this.deliverWebhook = async arrow',
      code: `export class Svc {
  deliverWebhook: (url: string) => Promise<void>;
  constructor() {
    this.deliverWebhook = async (url: string) => {
      await fetch(url, { method: 'POST' });
    };
  }
}
`,
      output: `import { propagation, context } from '@opentelemetry/api';

export class Svc {
  deliverWebhook: (url: string) => Promise<void>;
  constructor() {
    this.deliverWebhook = async (url: string) => {
      const traceHeaders: Record<string, string> = {};
      propagation.inject(context.active(), traceHeaders);
      await fetch(url, { method: 'POST', headers: traceHeaders });
    };
  }
}
`,
      errors: [{ messageId: 'missingContextWebhook', data: { client: 'fetch' }, line: 5, column: 13 }],
    },
    {
      // False negative: NestJS HttpService's documented promise API \`httpService.axiosRef.post(…)\` (an
      // AxiosInstance) is not recognised.
      name: 'NestJS HttpService.axiosRef.post',
      code: `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';

@Injectable()
export class WebhookSender {
  constructor(private readonly httpService: HttpService) {}

  async deliver(url: string, payload: object) {
    const res = await this.httpService.axiosRef.post(url, payload, { timeout: 3000 });
    return res.status;
  }
}
`,
      output: `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { propagation, context } from '@opentelemetry/api';

@Injectable()
export class WebhookSender {
  constructor(private readonly httpService: HttpService) {}

  async deliver(url: string, payload: object) {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    const res = await this.httpService.axiosRef.post(url, payload, { timeout: 3000, headers: traceHeaders });
    return res.status;
  }
}
`,
      errors: [{ messageId: 'missingContextWebhook', line: 9, column: 23 }],
    },
  ],
});
