import type { InvalidTestCase, TestLanguageOptions, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe } from 'vitest';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-provider-trace-id.js';
import { createRuleTester } from '../rule-tester.js';
import { ENTRY, fieldEntry, HELPER, IMPORT } from './provider-trace-id.shared.js';

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

const CJS = { sourceType: 'commonjs' } as unknown as TestLanguageOptions;

function missing(method: string, line: number, column: number, endColumn: number, provider = 'SendGrid', field = 'customArgs'): Invalid['errors'][number] {
  return { messageId: 'missingTraceId', data: { provider, method, field, key: 'trace_id' }, line, column, endLine: line, endColumn };
}

const valid: Valid[] = [
  {
    name: 'already tagged: customArgs carries the key; the helper is used',
    code: `import sgMail from '@sendgrid/mail';
export async function send(to: string, traceId: string) {
  await sgMail.send({ to, from: 'shop@example.com', subject: 'Hi', text: 'x', customArgs: { trace_id: traceId } });
  await sgMail.send({ to, from: 'shop@example.com', subject: 'Hi', text: 'x', ...withTraceId((t) => ({ customArgs: { trace_id: t } })) });
}
declare function withTraceId<T extends object>(f: (traceId: string) => T): T | Record<never, never>;
`,
  },
  {
    name: 'already tagged by hand: a conditional spread that holds the key',
    code: `import sgMail from '@sendgrid/mail';
import { trace, isSpanContextValid } from '@opentelemetry/api';
export async function send(to: string) {
  const sc = trace.getActiveSpan()?.spanContext();
  await sgMail.send({ to, from: 'a@b.c', subject: 's', text: 't', ...(sc && isSpanContextValid(sc) ? { customArgs: { trace_id: sc.traceId } } : {}) });
}
`,
  },
  {
    name: 'look-alikes: another object with send, a local sgMail, setApiKey and other module calls',
    code: `import sgMail from '@sendgrid/mail';
import nodemailer from 'nodemailer';
const mailer = { send: (m: object) => m };
export async function a() {
  sgMail.setApiKey('SG.x');
  mailer.send({ to: 'a' });
  const local = { send: (m: object) => m };
  local.send({ to: 'b' });
}
export function shadowed(sgMail: { send(m: object): void }) {
  sgMail.send({ to: 'c' });
}
`,
  },
  {
    name: 'the raw client: requests other than a mail send are silent; a mail send with custom_args is tagged',
    code: `import client from '@sendgrid/client';
export async function a(traceId: string) {
  await client.request({ method: 'GET', url: '/v3/templates' });
  await client.request({ method: 'POST', url: '/v3/mail/send', body: { custom_args: { trace_id: traceId } } });
}
`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'default singleton send: the field is added conditionally',
    code: `import sgMail from '@sendgrid/mail';

export async function sendReceipt(to: string) {
  await sgMail.send({
    to,
    from: 'shop@example.com',
    subject: 'Your receipt',
    text: 'Thanks!',
  });
}
`,
    output: `import sgMail from '@sendgrid/mail';
${IMPORT}

${HELPER}

export async function sendReceipt(to: string) {
  await sgMail.send({
    to,
    from: 'shop@example.com',
    subject: 'Your receipt',
    text: 'Thanks!',
    ${fieldEntry('customArgs')},
  });
}
`,
    errors: [missing('send', 4, 9, 20)],
  },
  {
    name: 'customArgs merged; a message in a same-scope variable; sendMultiple',
    code: `import sgMail from '@sendgrid/mail';

export async function notify(to: string[], orderId: string) {
  const msg = { to, from: 'shop@example.com', subject: 'Order', text: 'x', customArgs: { order_id: orderId } };
  await sgMail.sendMultiple(msg);
}
`,
    output: `import sgMail from '@sendgrid/mail';
${IMPORT}

${HELPER}

export async function notify(to: string[], orderId: string) {
  const msg = { to, from: 'shop@example.com', subject: 'Order', text: 'x', customArgs: { ${ENTRY}, order_id: orderId } };
  await sgMail.sendMultiple(msg);
}
`,
    errors: [missing('sendMultiple', 5, 9, 28)],
  },
  {
    name: 'an array of messages: each one gets the id, in one fix',
    code: `import sgMail from '@sendgrid/mail';
export const both = (a: string, b: string) =>
  sgMail.send([
    { to: a, from: 'x@example.com', subject: 's', text: 't' },
    { to: b, from: 'x@example.com', subject: 's', text: 't', customArgs: { kind: 'b' } },
  ]);
`,
    output: `import sgMail from '@sendgrid/mail';
${IMPORT}

${HELPER}

export const both = (a: string, b: string) =>
  sgMail.send([
    { to: a, from: 'x@example.com', subject: 's', text: 't', ${fieldEntry('customArgs')} },
    { to: b, from: 'x@example.com', subject: 's', text: 't', customArgs: { ${ENTRY}, kind: 'b' } },
  ]);
`,
    errors: [missing('send', 3, 3, 14)],
  },
  {
    name: 'MailService instance (CommonJS require), class member; params the rule cannot see',
    languageOptions: CJS,
    filename: 'mailer.js',
    code: `const { MailService } = require('@sendgrid/mail');
class Mailer {
  constructor() {
    this.mail = new MailService();
  }
  welcome(to) {
    return this.mail.send({ to, from: 'x@example.com', templateId: 'd-1' });
  }
  raw(message) {
    return this.mail.send(message);
  }
}
module.exports = { Mailer };
`,
    output: `const { MailService } = require('@sendgrid/mail');
const { trace, isSpanContextValid } = require('@opentelemetry/api');

/** What \`fields\` makes of the active span's trace id, or nothing without a valid active span (never an empty id). */
function withTraceId(fields) {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? fields(spanContext.traceId) : {};
}

class Mailer {
  constructor() {
    this.mail = new MailService();
  }
  welcome(to) {
    return this.mail.send({ to, from: 'x@example.com', templateId: 'd-1', ${fieldEntry('customArgs')} });
  }
  raw(message) {
    return this.mail.send(message);
  }
}
module.exports = { Mailer };
`,
    errors: [
      missing('send', 7, 12, 26),
      {
        messageId: 'missingTraceIdUnseen',
        data: {
          provider: 'SendGrid',
          method: 'send',
          field: 'customArgs',
          key: 'trace_id',
          where: 'its params come from `message`, built outside this function or changed after it is declared',
        },
        line: 10,
        column: 12,
        endLine: 10,
        endColumn: 26,
      },
    ],
  },
  {
    name: 'the raw client: a mail send gets body.custom_args',
    code: `import client from '@sendgrid/client';
export async function send(to: string) {
  await client.request({
    method: 'POST',
    url: '/v3/mail/send',
    body: { personalizations: [{ to: [{ email: to }] }], from: { email: 'x@example.com' }, subject: 's', content: [{ type: 'text/plain', value: 't' }] },
  });
}
`,
    output: `import client from '@sendgrid/client';
${IMPORT}

${HELPER}

export async function send(to: string) {
  await client.request({
    method: 'POST',
    url: '/v3/mail/send',
    body: { personalizations: [{ to: [{ email: to }] }], from: { email: 'x@example.com' }, subject: 's', content: [{ type: 'text/plain', value: 't' }], ${fieldEntry('custom_args')} },
  });
}
`,
    errors: [missing('request', 3, 9, 23, 'SendGrid API client', 'body.custom_args')],
  },
];

describe('require-provider-trace-id: SendGrid', () => {
  createRuleTester().run('require-provider-trace-id', rule, { valid, invalid });
});
