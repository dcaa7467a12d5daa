import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe } from 'vitest';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-provider-trace-id.js';
import { createRuleTester } from '../rule-tester.js';
import { HELPER, IMPORT } from './provider-trace-id.shared.js';

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

function missing(provider: string, field: string, method: string, line: number, column: number, endColumn: number): Invalid['errors'][number] {
  return { messageId: 'missingTraceId', data: { provider, method, field, key: 'trace_id' }, line, column, endLine: line, endColumn };
}

const LIST_HELPER = `/** What \`items\` makes of the active span's trace id, or no items without a valid active span (never an empty id). */
function withTraceIdItems<T>(items: (traceId: string) => T[]): T[] {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? items(spanContext.traceId) : [];
}`;

const valid: Valid[] = [
  {
    name: 'Resend: a trace_id tag is already there; reads are silent',
    code: `import { Resend } from 'resend';
const resend = new Resend('re_x');
export async function a(traceId: string) {
  await resend.emails.send({ from: 'a@b.c', to: 'c@d.e', subject: 's', text: 't', tags: [{ name: 'trace_id', value: traceId }] });
  await resend.emails.get('id');
}
`,
  },
  {
    name: 'SES: EmailTags / Tags already carry it; other commands are silent',
    code: `import { SESv2Client, SendEmailCommand, GetAccountCommand } from '@aws-sdk/client-sesv2';
import { SendEmailCommand as SendEmailV1 } from '@aws-sdk/client-ses';
const ses = new SESv2Client({});
export async function a(traceId: string) {
  await ses.send(new SendEmailCommand({ Content: {}, EmailTags: [{ Name: 'trace_id', Value: traceId }] }));
  await ses.send(new GetAccountCommand({}));
  return new SendEmailV1({ Source: 'a', Destination: {}, Message: undefined, Tags: [{ Name: 'trace_id', Value: traceId }] });
}
`,
  },
  {
    name: 'nodemailer: an X-Trace-Id header (any case) or a trace_id header is already there',
    code: `import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
export async function a(traceId: string) {
  await transporter.sendMail({ to: 'a@b.c', subject: 's', text: 't', headers: { 'x-trace-id': traceId } });
  await transporter.sendMail({ to: 'a@b.c', subject: 's', text: 't', headers: { trace_id: traceId } });
  await transporter.verify();
}
`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'Resend: tags merged through the list helper; a missing tags field added whole',
    code: `import { Resend } from 'resend';

const resend = new Resend(process.env.RESEND_KEY);

export async function send(to: string) {
  await resend.emails.send({ from: 'a@b.c', to, subject: 's', text: 't', tags: [{ name: 'category', value: 'receipt' }] });
}
`,
    output: `import { Resend } from 'resend';
${IMPORT}

${LIST_HELPER}

const resend = new Resend(process.env.RESEND_KEY);

export async function send(to: string) {
  await resend.emails.send({ from: 'a@b.c', to, subject: 's', text: 't', tags: [...withTraceIdItems((traceId) => [{ name: 'trace_id', value: traceId }]), { name: 'category', value: 'receipt' }] });
}
`,
    errors: [missing('Resend', 'tags', 'emails.send', 6, 9, 27)],
  },
  {
    name: 'Resend: no tags: the field is added with the object helper',
    code: `import { Resend } from 'resend';
const resend = new Resend('re_x');
export const send = (to: string) => resend.emails.send({ from: 'a@b.c', to, subject: 's', html: '<p>x</p>' });
`,
    output: `import { Resend } from 'resend';
${IMPORT}

${HELPER}

const resend = new Resend('re_x');
export const send = (to: string) => resend.emails.send({ from: 'a@b.c', to, subject: 's', html: '<p>x</p>', ...withTraceId((traceId) => ({ tags: [{ name: 'trace_id', value: traceId }] })) });
`,
    errors: [missing('Resend', 'tags', 'emails.send', 3, 37, 55)],
  },
  {
    name: 'SES v2 SendEmailCommand: EmailTags; SES v1 SendEmailCommand: Tags (reported on the command)',
    code: `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import * as ses1 from '@aws-sdk/client-ses';

const ses = new SESv2Client({});

export async function send(to: string) {
  await ses.send(new SendEmailCommand({ Destination: { ToAddresses: [to] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }));
  return new ses1.SendEmailCommand({ Source: 'a@b.c', Destination: { ToAddresses: [to] }, Message: { Subject: { Data: 's' }, Body: {} } });
}
`,
    output: [
      `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import * as ses1 from '@aws-sdk/client-ses';
${IMPORT}

${HELPER}

const ses = new SESv2Client({});

export async function send(to: string) {
  await ses.send(new SendEmailCommand({ Destination: { ToAddresses: [to] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } }, ...withTraceId((traceId) => ({ EmailTags: [{ Name: 'trace_id', Value: traceId }] })) }));
  return new ses1.SendEmailCommand({ Source: 'a@b.c', Destination: { ToAddresses: [to] }, Message: { Subject: { Data: 's' }, Body: {} } });
}
`,
      `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import * as ses1 from '@aws-sdk/client-ses';
${IMPORT}

${HELPER}

const ses = new SESv2Client({});

export async function send(to: string) {
  await ses.send(new SendEmailCommand({ Destination: { ToAddresses: [to] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } }, ...withTraceId((traceId) => ({ EmailTags: [{ Name: 'trace_id', Value: traceId }] })) }));
  return new ses1.SendEmailCommand({ Source: 'a@b.c', Destination: { ToAddresses: [to] }, Message: { Subject: { Data: 's' }, Body: {} }, ...withTraceId((traceId) => ({ Tags: [{ Name: 'trace_id', Value: traceId }] })) });
}
`,
    ],
    errors: [missing('Amazon SES', 'EmailTags', 'SendEmailCommand', 7, 22, 38), missing('Amazon SES', 'Tags', 'SendEmailCommand', 8, 14, 35)],
  },
  {
    name: 'SES bulk sends: DefaultEmailTags (v2), DefaultTags (v1) merged through the list helper',
    code: `import { SendBulkEmailCommand } from '@aws-sdk/client-sesv2';
export const bulk = () => new SendBulkEmailCommand({ BulkEmailEntries: [], DefaultContent: {}, DefaultEmailTags: [{ Name: 'kind', Value: 'news' }] });
`,
    output: `import { SendBulkEmailCommand } from '@aws-sdk/client-sesv2';
${IMPORT}

${LIST_HELPER}

export const bulk = () => new SendBulkEmailCommand({ BulkEmailEntries: [], DefaultContent: {}, DefaultEmailTags: [...withTraceIdItems((traceId) => [{ Name: 'trace_id', Value: traceId }]), { Name: 'kind', Value: 'news' }] });
`,
    errors: [missing('Amazon SES', 'DefaultEmailTags', 'SendBulkEmailCommand', 2, 31, 51)],
  },
  {
    name: 'SES v1 bulk: DefaultTags added whole',
    code: `import { SendBulkTemplatedEmailCommand } from '@aws-sdk/client-ses';
export const bulk = () => new SendBulkTemplatedEmailCommand({ Source: 'a@b.c', Template: 't', DefaultTemplateData: '{}', Destinations: [] });
`,
    output: `import { SendBulkTemplatedEmailCommand } from '@aws-sdk/client-ses';
${IMPORT}

${HELPER}

export const bulk = () => new SendBulkTemplatedEmailCommand({ Source: 'a@b.c', Template: 't', DefaultTemplateData: '{}', Destinations: [], ...withTraceId((traceId) => ({ DefaultTags: [{ Name: 'trace_id', Value: traceId }] })) });
`,
    errors: [missing('Amazon SES', 'DefaultTags', 'SendBulkTemplatedEmailCommand', 2, 31, 60)],
  },
  {
    name: 'nodemailer: headers merged; a missing headers field added whole (X-Trace-Id)',
    code: `import nodemailer from 'nodemailer';

const transporter = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });

export async function send(to: string) {
  await transporter.sendMail({ from: 'a@b.c', to, subject: 's', text: 't', headers: { 'X-Campaign': 'spring' } });
}
`,
    output: `import nodemailer from 'nodemailer';
${IMPORT}

${HELPER}

const transporter = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });

export async function send(to: string) {
  await transporter.sendMail({ from: 'a@b.c', to, subject: 's', text: 't', headers: { ...withTraceId((traceId) => ({ 'X-Trace-Id': traceId })), 'X-Campaign': 'spring' } });
}
`,
    errors: [missing('nodemailer', 'headers', 'sendMail', 6, 9, 29)],
  },
];

describe('require-provider-trace-id: Resend, SES, nodemailer', () => {
  createRuleTester().run('require-provider-trace-id', rule, { valid, invalid });
});
