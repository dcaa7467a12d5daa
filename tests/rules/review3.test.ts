/**
 * Third adversarial review (plain JavaScript Node services: CommonJS, ESM, espree). Each case is a genuine
 * bug and fails today. Repro files: .tmp/review3/ (in/ = inputs, run.mjs = espree runner, sugg.mjs = suggestions).
 */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import jobSpan from '../../lib/rules/require-job-span.js';
import tracePropagation from '../../lib/rules/require-trace-propagation.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';

/** Lint and fix with ESLint's default parser (espree), as a plain-JS project does: no parser configured. */
function fixWithEspree(code: string, filename: string, sourceType?: 'commonjs' | 'module' | 'script') {
  const linter = new Linter();
  const config = [
    {
      files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
      languageOptions: { ecmaVersion: 'latest' as const, ...(sourceType ? { sourceType } : {}) },
      plugins: { otel: plugin as never },
      rules: {
        'otel/require-job-span': 'error' as const,
        'otel/require-trace-propagation': 'error' as const,
        'no-case-declarations': 'error' as const,
      },
      settings: { otel: { tracerName: TRACER_NAME, checkApiDependency: false } },
    },
  ];
  return linter.verifyAndFix(code, config, filename);
}

const catchBlock = (indent: string, spanStatus = 'SpanStatusCode') =>
  [
    `${indent}} catch (err) {`,
    `${indent}  span.recordException(err instanceof Error ? err : String(err));`,
    `${indent}  span.setStatus({ code: ${spanStatus}.ERROR, message: err instanceof Error ? err.message : String(err) });`,
    `${indent}  throw err;`,
    `${indent}} finally {`,
    `${indent}  span.end();`,
    `${indent}}`,
  ].join('\n');

describe('review 3: espree with sourceType commonjs (ESLint default for .cjs, common for .js)', () => {
  // With `sourceType: 'commonjs'` eslint-scope puts the file's top-level bindings in a `function` scope
  // (globalReturn), not the `module`/`global` scope. shadowingNames (lib/fix/names.ts) only stops at
  // 'module'/'global', so EVERY module-level name (tracer, SpanStatusCode, context, propagation, …) counts as
  // "shadowing": an existing tracer is ignored, an existing @opentelemetry/api require is re-aliased, and each
  // fixed handler gets its own `tracerN` + `SpanStatusCode: otelSpanStatusCodeN`. moduleNames() misses these
  // names too (it only reads the global scope and 'module' children).

  it('two handlers in a .cjs file share one tracer and one SpanStatusCode', () => {
    const code = `'use strict';
const { Worker } = require('bullmq');
const cron = require('node-cron');

new Worker('emails', async (job) => {
  await sendEmail(job.data);
});

cron.schedule('0 3 * * *', async () => {
  await purge();
}, { name: 'retention' });
`;
    const output = `'use strict';
const { Worker } = require('bullmq');
const cron = require('node-cron');
const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

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
      await sendEmail(job.data);
${catchBlock('    ')}
  });
});

cron.schedule('0 3 * * *', async () => {
  return tracer.startActiveSpan('retention', async (span) => {
    span.setAttributes({ 'job.name': 'retention' });
    try {
      await purge();
${catchBlock('    ')}
  });
}, { name: 'retention' });
`;
    const result = fixWithEspree(code, 'workers/jobs.cjs');
    expect(result.output).toBe(output);
    expect(result.messages).toEqual([]);
  });

  it("the file's own module-level tracer and api require are reused (sourceType: 'commonjs' on a .js file)", () => {
    const code = `const { trace, SpanStatusCode } = require('@opentelemetry/api');
const { Worker } = require('bullmq');

const tracer = trace.getTracer('billing');

new Worker('emails', async (job) => {
  await sendEmail(job.data);
});
`;
    const output = `const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');
const { Worker } = require('bullmq');

const tracer = trace.getTracer('billing');

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
      await sendEmail(job.data);
${catchBlock('    ')}
  });
});
`;
    const result = fixWithEspree(code, 'workers/email.js', 'commonjs');
    expect(result.output).toBe(output);
  });

  it('an existing require of propagation/context is reused, not re-aliased', () => {
    const code = `const fetch = require('node-fetch');
const { context, propagation } = require('@opentelemetry/api');

async function deliverWebhook(sub, event) {
  await fetch(sub.url, { method: 'POST', body: JSON.stringify(event) });
}
module.exports = { deliverWebhook };
`;
    const output = `const fetch = require('node-fetch');
const { context, propagation } = require('@opentelemetry/api');

async function deliverWebhook(sub, event) {
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(sub.url, { method: 'POST', body: JSON.stringify(event), headers: traceHeaders });
}
module.exports = { deliverWebhook };
`;
    const result = fixWithEspree(code, 'webhooks/outbox.cjs');
    expect(result.output).toBe(output);
  });
});

describe('review 3: fixes must not introduce core-rule errors', () => {
  // `const traceHeaders` is inserted straight into a `case` clause: valid JS, but `no-case-declarations`
  // (eslint:recommended) now fails the run that `eslint --fix` was meant to make pass, and the binding leaks
  // into every other case of the switch. Expected: the inserted statements and the call in their own block.
  it('a delivery inside a switch case leaves no lexical declaration directly in the case', () => {
    const code = `const axios = require('axios');

async function deliverWebhook(hook, event) {
  switch (hook.kind) {
    case 'json':
      await axios.post(hook.url, event);
      break;
    default:
      throw new Error('unknown kind');
  }
}
module.exports = { deliverWebhook };
`;
    const result = fixWithEspree(code, 'webhooks/send.js', 'commonjs');
    expect(result.output).toContain('propagation.inject(context.active(), traceHeaders);');
    expect(result.messages.map((m) => m.ruleId)).toEqual([]);
  });
});

createRuleTester().run('require-job-span (review 3)', jobSpan as never, {
  valid: [],
  invalid: [
    {
      // Wrong tracer: a CommonJS file that requires the project's tracer (`const { tracer } = require(…)`) gets a
      // second `tracer2 = trace.getTracer(…)` beside it; the same file with `import { tracer } from …` reuses
      // it (computeExistingTracer in lib/fix/tracer.ts only looks at ImportDeclarations).
      name: "CommonJS require of the project's tracer is reused like an import",
      filename: 'workers/email.js',
      code: `const { tracer } = require('./telemetry');
const { Worker } = require('bullmq');

new Worker('emails', async (job) => {
  await sendEmail(job.data);
});
`,
      output: `const { tracer } = require('./telemetry');
const { Worker } = require('bullmq');
const { SpanStatusCode, SpanKind } = require('@opentelemetry/api');

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
`,
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'emails' } }],
    },
    {
      // False negative: ESM workers that load the queue library with a dynamic import (top-level await) are
      // not recognised (lib/detect/references.ts tracks import declarations and require only).
      name: "top-level `const { Worker } = await import('bullmq')`",
      filename: 'workers/email.mjs',
      code: `const { Worker } = await import('bullmq');

new Worker('emails', async (job) => {
  await sendEmail(job.data);
});
`,
      output: `import { trace, SpanStatusCode, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('${TRACER_NAME}');

const { Worker } = await import('bullmq');

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
`,
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'emails' } }],
    },
    {
      // Type error in `// @ts-check` JavaScript (checkJs + strict, i.e. useUnknownInCatchVariables):
      // `span.recordException(err)` → TS2345 "Argument of type 'unknown' is not assignable to parameter of
      // type 'Exception'". The README promises fixes that type-check; a JSDoc cast is the JS spelling of
      // `err as Error`.
      name: '// @ts-check file: the caught error is cast with JSDoc',
      filename: 'workers/email.js',
      code: `// @ts-check
const { Worker } = require('bullmq');

new Worker('emails', async (job) => {
  await sendEmail(job.data);
});
`,
      output: `// @ts-check
const { Worker } = require('bullmq');
const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');

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
`,
      errors: [{ messageId: 'missingSpanNamed', data: { library: 'BullMQ', name: 'emails' } }],
    },
  ],
});

createRuleTester().run('require-trace-propagation (review 3)', tracePropagation, {
  valid: [],
  invalid: [
    {
      // False negative: node-fetch v3 is ESM-only; its documented CommonJS usage is
      // `const { default: fetch } = await import('node-fetch')`, which the rule does not follow.
      name: "CommonJS webhook sender loading node-fetch v3 with `await import('node-fetch')`",
      filename: 'src/webhooks/send.cjs',
      code: `async function deliverWebhook(hook, body) {
  const { default: fetch } = await import('node-fetch');
  await fetch(hook.url, { method: 'POST', body: JSON.stringify(body) });
}
module.exports = { deliverWebhook };
`,
      output: `const { propagation, context } = require('@opentelemetry/api');

async function deliverWebhook(hook, body) {
  const { default: fetch } = await import('node-fetch');
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(hook.url, { method: 'POST', body: JSON.stringify(body), headers: traceHeaders });
}
module.exports = { deliverWebhook };
`,
      errors: [{ messageId: 'missingContextWebhook' }],
    },
    {
      // Type error in `// @ts-check` JavaScript: the carrier is inferred as `{}`, and
      // \`fetch(url, { headers: traceHeaders })\` → TS2769 "Type '{}' is not assignable to type 'HeadersInit'".
      // TypeScript files get `: Record<string, string>`; JS under @ts-check needs the JSDoc spelling.
      name: '// @ts-check file: the carrier gets a JSDoc type',
      filename: 'src/webhooks/send.js',
      code: `// @ts-check
const db = require('./db');

/** @param {{ url: string }} hook */
async function deliverWebhook(hook) {
  await fetch(hook.url, { method: 'POST' });
}
module.exports = { deliverWebhook };
`,
      output: `// @ts-check
const db = require('./db');
const { propagation, context } = require('@opentelemetry/api');

/** @param {{ url: string }} hook */
async function deliverWebhook(hook) {
  /** @type {Record<string, string>} */
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(hook.url, { method: 'POST', headers: traceHeaders });
}
module.exports = { deliverWebhook };
`,
      errors: [{ messageId: 'missingContextWebhook' }],
    },
    {
      // Detached documentation: in a file with no imports, the new import goes between the first statement and
      // its JSDoc comment (topInsertionPoint in lib/fix/imports.ts uses the statement's range, which excludes
      // its leading comments). The JSDoc then documents the import: hover docs are lost, and in \`// @ts-check\`
      // JS the \`@param\` type is gone (strict: TS7006 "Parameter 'hook' implicitly has an 'any' type").
      name: "the first statement's JSDoc stays attached to it",
      filename: 'src/webhooks/send.js',
      code: `/**
 * Delivers one webhook.
 * @param {{ url: string }} hook
 */
async function deliverWebhook(hook) {
  await fetch(hook.url, { method: 'POST' });
}
module.exports = { deliverWebhook };
`,
      output: `const { propagation, context } = require('@opentelemetry/api');

/**
 * Delivers one webhook.
 * @param {{ url: string }} hook
 */
async function deliverWebhook(hook) {
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(hook.url, { method: 'POST', headers: traceHeaders });
}
module.exports = { deliverWebhook };
`,
      errors: [{ messageId: 'missingContextWebhook' }],
    },
    {
      // Formatting: a one-line function body gets the carrier glued after \`{ \` (trailing space), unindented
      // statements, and the closing brace on the call's line. The README promises the file's indentation.
      name: 'one-line function body is expanded with indentation',
      filename: 'src/webhooks/send.js',
      code: `const axios = require('axios');

async function deliverWebhook(hook, body) { await axios.post(hook.url, body); }
module.exports = { deliverWebhook };
`,
      output: `const axios = require('axios');
const { propagation, context } = require('@opentelemetry/api');

async function deliverWebhook(hook, body) {
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(hook.url, body, { headers: traceHeaders });
}
module.exports = { deliverWebhook };
`,
      errors: [{ messageId: 'missingContextWebhook' }],
    },
  ],
});
