/**
 * Fixes import `@opentelemetry/api`. Where no package.json at or above the file lists it (and the file does
 * not import it yet), the edits are offered as suggestions instead of autofixes; `checkApiDependency: false`
 * restores the autofix.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import requireJobSpan from '../../lib/rules/require-job-span.js';
import requireTracePropagation from '../../lib/rules/require-trace-propagation.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';

// A project outside this repository (whose own package.json lists the API) without the dependency.
const project = mkdtempSync(path.join(os.tmpdir(), 'otel-no-api-'));
mkdirSync(path.join(project, 'src'));
writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'no-api', dependencies: { bullmq: '^5.0.0' } }));
const filename = path.join(project, 'src', 'worker.ts');

// A monorepo whose root lists the API but whose workspace package does not: the package must list it itself.
const monorepo = mkdtempSync(path.join(os.tmpdir(), 'otel-monorepo-'));
writeFileSync(path.join(monorepo, 'package.json'), JSON.stringify({ name: 'root', private: true, devDependencies: { '@opentelemetry/api': '^1.9.0' } }));
mkdirSync(path.join(monorepo, 'packages', 'worker', 'src'), { recursive: true });
writeFileSync(path.join(monorepo, 'packages', 'worker', 'package.json'), JSON.stringify({ name: 'worker', dependencies: { bullmq: '^5.0.0' } }));
const workspaceFile = path.join(monorepo, 'packages', 'worker', 'src', 'worker.ts');

const ruleTester = createRuleTester({});

const worker = `import { Worker } from 'bullmq';

new Worker('emails', async (job) => {
  await send(job.data);
});
`;

const wrapped = `import { Worker } from 'bullmq';
import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('${TRACER_NAME}');

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
`;

ruleTester.run('require-job-span (no API dependency)', requireJobSpan, {
  valid: [],
  invalid: [
    {
      name: 'suggestion instead of autofix',
      code: worker,
      filename,
      output: null,
      errors: [{ messageId: 'missingSpanNamedNoApi', suggestions: [{ messageId: 'wrapInSpanAddApi', output: wrapped }] }],
    },
    {
      name: 'a workspace package relying on the root package.json gets a suggestion',
      code: worker,
      filename: workspaceFile,
      output: null,
      errors: [{ messageId: 'missingSpanNamedNoApi', suggestions: [{ messageId: 'wrapInSpanAddApi', output: wrapped }] }],
    },
    {
      name: 'checkApiDependency: false autofixes anyway',
      code: worker,
      filename,
      settings: { otel: { tracerName: TRACER_NAME, checkApiDependency: false } },
      output: wrapped,
      errors: [{ messageId: 'missingSpanNamed' }],
    },
  ],
});

const webhook = `export async function deliverWebhook(url: string, body: string) {
  await fetch(url, { method: 'POST', body });
}
`;

ruleTester.run('require-trace-propagation (no API dependency)', requireTracePropagation, {
  valid: [],
  invalid: [
    {
      name: 'suggestion instead of autofix',
      code: webhook,
      filename,
      output: null,
      errors: [
        {
          messageId: 'missingContextWebhookNoApi',
          suggestions: [
            {
              messageId: 'injectTraceContextAddApi',
              output: `import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, body: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { method: 'POST', body, headers: traceHeaders });
}
`,
            },
          ],
        },
      ],
    },
  ],
});
