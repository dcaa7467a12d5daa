import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe } from 'vitest';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-provider-trace-id.js';
import { createRuleTester } from '../rule-tester.js';
import { ENTRY, fieldEntry, HELPER, IMPORT } from './provider-trace-id.shared.js';

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

function missing(provider: string, field: string, method: string, line: number, column: number, endColumn: number): Invalid['errors'][number] {
  return { messageId: 'missingTraceId', data: { provider, method, field, key: 'trace_id' }, line, column, endLine: line, endColumn };
}

const valid: Valid[] = [
  {
    name: 'Postmark: Metadata already carries the key; reads are silent',
    code: `import { ServerClient } from 'postmark';
const postmark = new ServerClient('token');
export async function a(traceId: string) {
  await postmark.sendEmail({ From: 'a@b.c', To: 'c@d.e', Subject: 's', TextBody: 't', Metadata: { trace_id: traceId } });
  await postmark.getOutboundMessages({ count: 10, offset: 0 });
}
`,
  },
  {
    name: "Mailgun: a 'v:trace_id' variable is already there; other Mailgun calls are silent",
    code: `import Mailgun from 'mailgun.js';
const mg = new Mailgun(FormData).client({ username: 'api', key: 'k' });
export async function a(traceId: string) {
  await mg.messages.create('mg.example.com', { from: 'a@b.c', to: ['c@d.e'], text: 't', 'v:trace_id': traceId });
  await mg.domains.list();
}
`,
  },
  {
    name: 'Mailgun look-alike: a client() of something else',
    code: `import Mailgun from 'mailgun.js';
const other = { client: () => ({ messages: { create: (d: string, m: object) => [d, m] } }) };
export const send = () => other.client().messages.create('x', { to: 'a' });
`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'Postmark: Metadata merged; a missing Metadata added whole',
    code: `import * as postmark from 'postmark';

const client = new postmark.ServerClient(process.env.POSTMARK_TOKEN!);

export async function welcome(to: string, userId: string) {
  await client.sendEmailWithTemplate({ From: 'a@b.c', To: to, TemplateAlias: 'welcome', TemplateModel: {}, Metadata: { user_id: userId } });
}
`,
    output: `import * as postmark from 'postmark';
${IMPORT}

${HELPER}

const client = new postmark.ServerClient(process.env.POSTMARK_TOKEN!);

export async function welcome(to: string, userId: string) {
  await client.sendEmailWithTemplate({ From: 'a@b.c', To: to, TemplateAlias: 'welcome', TemplateModel: {}, Metadata: { ${ENTRY}, user_id: userId } });
}
`,
    errors: [missing('Postmark', 'Metadata', 'sendEmailWithTemplate', 6, 9, 37)],
  },
  {
    name: 'Postmark: an injected typed client; the field added whole',
    code: `import { ServerClient } from 'postmark';
export class Mailer {
  constructor(private readonly postmark: ServerClient) {}
  send(to: string) {
    return this.postmark.sendEmail({ From: 'a@b.c', To: to, Subject: 's', TextBody: 't' });
  }
}
`,
    output: `import { ServerClient } from 'postmark';
${IMPORT}

${HELPER}

export class Mailer {
  constructor(private readonly postmark: ServerClient) {}
  send(to: string) {
    return this.postmark.sendEmail({ From: 'a@b.c', To: to, Subject: 's', TextBody: 't', ${fieldEntry('Metadata')} });
  }
}
`,
    errors: [missing('Postmark', 'Metadata', 'sendEmail', 5, 12, 35)],
  },
  {
    name: 'Postmark: a batch, each message tagged in one fix',
    code: `import { ServerClient } from 'postmark';
const client = new ServerClient('token');
export const batch = (a: string, b: string) =>
  client.sendEmailBatch([
    { From: 'x@example.com', To: a, Subject: 's', TextBody: 't' },
    { From: 'x@example.com', To: b, Subject: 's', TextBody: 't', Metadata: { kind: 'b' } },
  ]);
`,
    output: `import { ServerClient } from 'postmark';
${IMPORT}

${HELPER}

const client = new ServerClient('token');
export const batch = (a: string, b: string) =>
  client.sendEmailBatch([
    { From: 'x@example.com', To: a, Subject: 's', TextBody: 't', ${fieldEntry('Metadata')} },
    { From: 'x@example.com', To: b, Subject: 's', TextBody: 't', Metadata: { ${ENTRY}, kind: 'b' } },
  ]);
`,
    errors: [missing('Postmark', 'Metadata', 'sendEmailBatch', 4, 3, 24)],
  },
  {
    name: "Mailgun: the 'v:trace_id' variable added to the message data (second argument)",
    code: `import Mailgun from 'mailgun.js';

const mailgun = new Mailgun(FormData);
const mg = mailgun.client({ username: 'api', key: process.env.MAILGUN_KEY! });

export async function send(to: string) {
  await mg.messages.create('mg.example.com', { from: 'shop@example.com', to: [to], subject: 'Hi', text: 'x' });
}
`,
    output: `import Mailgun from 'mailgun.js';
${IMPORT}

${HELPER}

const mailgun = new Mailgun(FormData);
const mg = mailgun.client({ username: 'api', key: process.env.MAILGUN_KEY! });

export async function send(to: string) {
  await mg.messages.create('mg.example.com', { from: 'shop@example.com', to: [to], subject: 'Hi', text: 'x', ...withTraceId((traceId) => ({ 'v:trace_id': traceId })) });
}
`,
    errors: [missing('Mailgun', "'v:' variables", 'messages.create', 7, 9, 27)],
  },
];

describe('require-provider-trace-id: Postmark and Mailgun', () => {
  createRuleTester().run('require-provider-trace-id', rule, { valid, invalid });
});

// --- where the project lacks @opentelemetry/api the fix is a suggestion; checked JavaScript gets JSDoc types

const project = mkdtempSync(path.join(os.tmpdir(), 'otel-provider-no-api-'));
mkdirSync(path.join(project, 'src'));
writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'no-api', dependencies: { stripe: '^23.0.0' } }));

const NO_API_INPUT = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const pay = () => stripe.paymentIntents.create({ amount: 1, currency: 'usd' });
`;

describe('require-provider-trace-id: API dependency, checked JavaScript, Twilio params built elsewhere', () => {
  createRuleTester().run('require-provider-trace-id', rule, {
    valid: [],
    invalid: [
      {
        name: 'the project does not list @opentelemetry/api: a suggestion, no autofix',
        filename: path.join(project, 'src', 'billing.ts'),
        // The API check is off by default in rule tests (this repo lists the API as a devDependency): on here.
        settings: { otel: { tracerName: 'test-service', checkApiDependency: true } },
        code: NO_API_INPUT,
        output: null,
        errors: [
          {
            ...missing('Stripe', 'metadata', 'paymentIntents.create', 3, 26, 54),
            suggestions: [
              {
                messageId: 'addTraceIdAddApi',
                data: { provider: 'Stripe', method: 'paymentIntents.create', field: 'metadata', key: 'trace_id' },
                output: `import Stripe from 'stripe';
${IMPORT}

${HELPER}

const stripe = new Stripe('sk_test');
export const pay = () => stripe.paymentIntents.create({ amount: 1, currency: 'usd', ${fieldEntry('metadata')} });
`,
              },
            ],
          },
        ],
      },
      {
        name: '// @ts-check JavaScript: the helper gets JSDoc types',
        filename: 'billing.js',
        code: `// @ts-check
import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const pay = () => stripe.paymentIntents.create({ amount: 1, currency: 'usd' });
`,
        output: `// @ts-check
import Stripe from 'stripe';
${IMPORT}

/**
 * What \`fields\` makes of the active span's trace id, or nothing without a valid active span (never an empty id).
 * @template {object} T
 * @param {(traceId: string) => T} fields
 * @returns {T | Record<never, never>}
 */
function withTraceId(fields) {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? fields(spanContext.traceId) : {};
}

const stripe = new Stripe('sk_test');
export const pay = () => stripe.paymentIntents.create({ amount: 1, currency: 'usd', ${fieldEntry('metadata')} });
`,
        errors: [missing('Stripe', 'metadata', 'paymentIntents.create', 4, 26, 54)],
      },
      {
        name: 'Twilio params built elsewhere: the Twilio report, without a suggestion',
        code: `import twilio from 'twilio';
const client = twilio('AC1', 'token');
export const send = (params: { to: string; body: string }) => client.messages.create(params);
`,
        output: null,
        errors: [
          {
            messageId: 'missingTraceIdTwilio',
            data: { provider: 'Twilio', method: 'messages.create', field: 'statusCallback', key: 'trace_id' },
            line: 3,
            column: 63,
            endLine: 3,
            endColumn: 85,
            suggestions: [],
          },
        ],
      },
    ],
  });
});
