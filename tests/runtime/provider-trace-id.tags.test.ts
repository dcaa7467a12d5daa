/**
 * Run-time proof for `otel/require-provider-trace-id` with the real Resend (`resend`, fetch-based), Amazon SES
 * v2 and v1 (`@aws-sdk/client-sesv2`, `@aws-sdk/client-ses`) and nodemailer SDKs: mail code as an app has it
 * is fixed with the real ESLint, type-checked against each SDK's own types, loaded and run. Resend and SES
 * talk to a stand-in API on 127.0.0.1 (Resend's `baseUrl`, the AWS clients' `endpoint`); nodemailer builds
 * the real MIME message with its stream transport. Inside an active span the request (or message) carries
 * the span's trace id in the provider's field — a Resend tag, an SES `EmailTags`/`Tags` entry, an
 * `X-Trace-Id` header; without one nothing trace-related is sent.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import nodemailer, { type Transporter } from 'nodemailer';
import { Resend } from 'resend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startJsonServer, type JsonServer } from '../helpers/json-server.js';
import { fixSource, inActiveSpan, loadModule, setupOtel, typeCheck, type Otel } from '../helpers/runtime.js';

const SOURCE = `import { Resend } from 'resend';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SESClient, SendEmailCommand as SendEmailV1Command } from '@aws-sdk/client-ses';
import type { Transporter } from 'nodemailer';

export async function resendReceipt(resend: Resend, to: string) {
  return resend.emails.send({ from: 'shop@example.com', to, subject: 'Receipt', text: 'x', tags: [{ name: 'category', value: 'receipt' }] });
}

export async function resendPlain(resend: Resend, to: string) {
  return resend.emails.send({ from: 'shop@example.com', to, subject: 'Plain', text: 'x' });
}

export async function sesV2(ses: SESv2Client, to: string) {
  return ses.send(
    new SendEmailCommand({
      FromEmailAddress: 'shop@example.com',
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'x' } } } },
    }),
  );
}

export async function sesV1(ses: SESClient, to: string) {
  return ses.send(
    new SendEmailV1Command({
      Source: 'shop@example.com',
      Destination: { ToAddresses: [to] },
      Message: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'x' } } },
    }),
  );
}

export async function mail(transporter: Transporter, to: string) {
  return transporter.sendMail({ from: 'shop@example.com', to, subject: 'Hi', text: 'x', headers: { 'X-Campaign': 'spring' } });
}
`;

interface Module {
  resendReceipt(resend: Resend, to: string): Promise<unknown>;
  resendPlain(resend: Resend, to: string): Promise<unknown>;
  sesV2(ses: SESv2Client, to: string): Promise<unknown>;
  sesV1(ses: SESClient, to: string): Promise<unknown>;
  mail(transporter: Transporter, to: string): Promise<{ message: Buffer }>;
}

const V1_RESPONSE = `<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>m-1</MessageId></SendEmailResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></SendEmailResponse>`;

describe('require-provider-trace-id at run time: resend, SES v2/v1, nodemailer', () => {
  let otel: Otel;
  let server: JsonServer;
  let resend: Resend;
  let sesV2: SESv2Client;
  let sesV1: SESClient;
  let transporter: Transporter;
  let module: Module;
  let fixed: string;

  beforeAll(async () => {
    otel = setupOtel();
    server = await startJsonServer((request) =>
      request.url === '/emails'
        ? { status: 200, body: { id: 'e-1' } }
        : request.url.startsWith('/v2/')
          ? { status: 200, body: { MessageId: 'm-2' } }
          : { status: 200, body: V1_RESPONSE },
    );
    resend = new Resend('re_test', { baseUrl: server.origin });
    const aws = { region: 'us-east-1', endpoint: server.origin, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 };
    sesV2 = new SESv2Client(aws);
    sesV1 = new SESClient(aws);
    transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    fixed = (await fixSource(SOURCE, { filename: 'mail.ts' })).output;
    module = await loadModule<Module>(fixed, 'mail');
  });
  afterAll(async () => {
    await server?.close();
    await otel?.shutdown();
    sesV2?.destroy();
    sesV1?.destroy();
  });
  beforeEach(() => {
    server.received.length = 0;
  });

  async function sendAll(): Promise<string> {
    await module.resendReceipt(resend, 'ada@example.com');
    await module.resendPlain(resend, 'ada@example.com');
    await module.sesV2(sesV2, 'ada@example.com');
    await module.sesV1(sesV1, 'ada@example.com');
    const info = await module.mail(transporter, 'ada@example.com');
    return info.message.toString('utf8');
  }

  it('the fix type-checks against the SDKs’ types', () => {
    expect(fixed).toContain("tags: [...withTraceIdItems((traceId) => [{ name: 'trace_id', value: traceId }]), { name: 'category', value: 'receipt' }]");
    expect(fixed).toContain("...withTraceId((traceId) => ({ EmailTags: [{ Name: 'trace_id', Value: traceId }] }))");
    expect(fixed).toContain("...withTraceId((traceId) => ({ Tags: [{ Name: 'trace_id', Value: traceId }] }))");
    expect(fixed).toContain("headers: { ...withTraceId((traceId) => ({ 'X-Trace-Id': traceId })), 'X-Campaign': 'spring' }");
    expect(typeCheck(fixed, 'mail')).toEqual([]);
  });

  it('inside an active span each provider’s field carries the trace id', async () => {
    const { traceId, result: message } = await inActiveSpan(otel.tracer, 'order', sendAll);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /emails', 'POST /emails', 'POST /v2/email/outbound-emails', 'POST /']);
    const [receipt, plain, v2] = server.received.slice(0, 3).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(receipt!.tags).toEqual([
      { name: 'trace_id', value: traceId },
      { name: 'category', value: 'receipt' },
    ]);
    expect(plain!.tags).toEqual([{ name: 'trace_id', value: traceId }]);
    expect(v2!.EmailTags).toEqual([{ Name: 'trace_id', Value: traceId }]);
    const v1 = new URLSearchParams(server.received[3]!.body);
    expect(v1.get('Action')).toBe('SendEmail');
    expect(v1.get('Tags.member.1.Name')).toBe('trace_id');
    expect(v1.get('Tags.member.1.Value')).toBe(traceId);
    // Header names are case-insensitive; nodemailer writes it `X-Trace-ID`.
    expect(message).toMatch(new RegExp(`^X-Trace-Id: ${traceId}$`, 'mi'));
    expect(message).toMatch(/^X-Campaign: spring$/m);
  });

  it('without an active span nothing trace-related is sent', async () => {
    const message = await sendAll();
    const [receipt, plain, v2] = server.received.slice(0, 3).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(receipt!.tags).toEqual([{ name: 'category', value: 'receipt' }]);
    expect(plain!.tags).toBeUndefined();
    expect(v2!.EmailTags).toBeUndefined();
    expect(new URLSearchParams(server.received[3]!.body).get('Action')).toBe('SendEmail');
    for (const request of server.received) expect(request.body).not.toMatch(/trace/i);
    expect(message).not.toMatch(/trace/i);
    expect(message).toMatch(/^X-Campaign: spring$/m);
  });
});
