/**
 * With typed linting on, the type checker is an extra source for reference tracking: clients created in
 * another module (`import { http } from './clients.js'`) are recognised by their declared library type.
 * Without type information the same code is silent (the rules never guess).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import requireJobSpan from '../../lib/rules/require-job-span.js';
import requireTracePropagation from '../../lib/rules/require-trace-propagation.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';

const tsconfigRootDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/typed');
const filename = 'file.ts';

const typed = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir } },
  settings: { otel: { tracerName: TRACER_NAME } },
});

const webhook = `import { http } from './clients.js';

export async function deliverWebhook(url: string, body: unknown) {
  await http.post(url, body);
}
`;

const queue = `import { emailQueue } from './clients.js';

emailQueue.process(async (job) => {
  await send(job.data.to);
});

declare function send(to: string): Promise<void>;
`;

typed.run('require-trace-propagation (typed)', requireTracePropagation, {
  valid: [],
  invalid: [
    {
      name: 'an axios instance imported from another module, known by its type',
      code: webhook,
      filename,
      output: `import { http } from './clients.js';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, body: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await http.post(url, body, { headers: traceHeaders });
}
`,
      errors: [{ messageId: 'missingContextWebhook', data: { client: 'axios' }, line: 4, column: 9, endLine: 4, endColumn: 18 }],
    },
  ],
});

typed.run('require-job-span (typed)', requireJobSpan, {
  valid: [],
  invalid: [
    {
      name: 'a Bull queue imported from another module, known by its type',
      code: queue,
      filename,
      output: `import { emailQueue } from './clients.js';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('${TRACER_NAME}');

emailQueue.process(async (job) => {
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
      await send(job.data.to);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
});

declare function send(to: string): Promise<void>;
`,
      errors: [{ messageId: 'missingSpan', data: { library: 'Bull' }, line: 3, column: 20, endLine: 3, endColumn: 34 }],
    },
  ],
});

// Without type information the same code is not recognised.
const untyped = createRuleTester();
untyped.run('require-trace-propagation (untyped)', requireTracePropagation, { valid: [{ code: webhook, filename: 'file.ts' }], invalid: [] });
untyped.run('require-job-span (untyped)', requireJobSpan, { valid: [{ code: queue, filename: 'file.ts' }], invalid: [] });
