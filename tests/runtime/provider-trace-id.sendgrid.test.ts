/**
 * Run-time proof for `otel/require-provider-trace-id` with the real `@sendgrid/mail` (and `@sendgrid/client`):
 * mail code as an app has it (the default `sgMail` singleton, a message array, the raw client's mail send) is
 * fixed with the real ESLint, type-checked against SendGrid's own types, loaded and run against a stand-in for
 * api.sendgrid.com on 127.0.0.1 (the client's `setDefaultRequest('baseUrl', …)`). Inside an active span the
 * JSON body carries the span's trace id in `custom_args` (what SendGrid's Event Webhook returns); without
 * one nothing trace-related is sent.
 */
import client, { Client } from '@sendgrid/client';
import sgMail from '@sendgrid/mail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startJsonServer, type JsonServer } from '../helpers/json-server.js';
import { fixSource, inActiveSpan, loadModule, setupOtel, typeCheck, type Otel } from '../helpers/runtime.js';

const SOURCE = `import sgMail from '@sendgrid/mail';
import client from '@sendgrid/client';

export async function sendReceipt(to: string, orderId: string) {
  await sgMail.send({
    to,
    from: 'shop@example.com',
    subject: 'Your receipt',
    text: 'Thanks!',
    customArgs: { order_id: orderId },
  });
}

export async function sendBoth(a: string, b: string) {
  await sgMail.send([
    { to: a, from: 'shop@example.com', subject: 'A', text: 'a' },
    { to: b, from: 'shop@example.com', subject: 'B', text: 'b' },
  ]);
}

export async function sendRaw(to: string) {
  await client.request({
    method: 'POST',
    url: '/v3/mail/send',
    body: {
      personalizations: [{ to: [{ email: to }] }],
      from: { email: 'shop@example.com' },
      subject: 'Raw',
      content: [{ type: 'text/plain', value: 'raw' }],
    },
  });
}
`;

interface Mailer {
  sendReceipt(to: string, orderId: string): Promise<void>;
  sendBoth(a: string, b: string): Promise<void>;
  sendRaw(to: string): Promise<void>;
}

interface MailBody {
  custom_args?: Record<string, unknown>;
}

describe('require-provider-trace-id at run time: @sendgrid/mail and @sendgrid/client', () => {
  let otel: Otel;
  let server: JsonServer;
  let mailer: Mailer;
  let fixed: string;

  beforeAll(async () => {
    otel = setupOtel();
    server = await startJsonServer(() => ({ status: 202, body: {} }));
    // The app's singletons, pointed at the stand-in.
    const local = new Client();
    local.setApiKey('SG.test');
    local.setDefaultRequest('baseUrl', server.origin);
    sgMail.setClient(local);
    client.setApiKey('SG.test');
    client.setDefaultRequest('baseUrl', server.origin);
    fixed = (await fixSource(SOURCE, { filename: 'mailer.ts' })).output;
    mailer = await loadModule<Mailer>(fixed, 'mailer');
  });
  afterAll(async () => {
    await server?.close();
    await otel?.shutdown();
  });
  beforeEach(() => {
    server.received.length = 0;
  });

  const bodies = (): MailBody[] => server.received.map((r) => JSON.parse(r.body) as MailBody);

  it('the fix type-checks against SendGrid’s types', () => {
    expect(fixed).toContain("customArgs: { ...withTraceId((traceId) => ({ trace_id: traceId })), order_id: orderId }");
    expect(fixed).toContain('...withTraceId((traceId) => ({ custom_args: { trace_id: traceId } }))');
    expect(typeCheck(fixed, 'mailer')).toEqual([]);
  });

  it('inside an active span, every message carries the trace id in custom_args', async () => {
    const { traceId } = await inActiveSpan(otel.tracer, 'checkout', async () => {
      await mailer.sendReceipt('ada@example.com', 'order-7');
      await mailer.sendBoth('a@example.com', 'b@example.com');
      await mailer.sendRaw('raw@example.com');
    });
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v3/mail/send',
      'POST /v3/mail/send',
      'POST /v3/mail/send',
      'POST /v3/mail/send',
    ]);
    const [receipt, a, b, raw] = bodies();
    expect(receipt!.custom_args).toEqual({ trace_id: traceId, order_id: 'order-7' });
    expect(a!.custom_args).toEqual({ trace_id: traceId });
    expect(b!.custom_args).toEqual({ trace_id: traceId });
    expect(raw!.custom_args).toEqual({ trace_id: traceId });
  });

  it('without an active span nothing trace-related is sent', async () => {
    await mailer.sendReceipt('ada@example.com', 'order-7');
    await mailer.sendBoth('a@example.com', 'b@example.com');
    await mailer.sendRaw('raw@example.com');
    const [receipt, a, b, raw] = bodies();
    expect(receipt!.custom_args).toEqual({ order_id: 'order-7' });
    expect(a!.custom_args).toBeUndefined();
    expect(b!.custom_args).toBeUndefined();
    expect(raw!.custom_args).toBeUndefined();
    for (const request of server.received) expect(request.body).not.toMatch(/trace/i);
  });
});
