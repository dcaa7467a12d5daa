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
