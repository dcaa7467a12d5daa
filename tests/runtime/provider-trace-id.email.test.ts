/**
 * Run-time proof for `otel/require-provider-trace-id` with the real Postmark (`postmark`, fetch-based) and
 * Mailgun (`mailgun.js`, axios-based) SDKs: mail code as an app has it is fixed with the real ESLint,
 * type-checked against each SDK's own types, loaded and run against a stand-in API on 127.0.0.1 (Postmark's
 * `useHttps: false` + `requestHost`, Mailgun's `url`). Inside an active span the request carries the span's
 * trace id in the provider's field (Postmark `Metadata.trace_id`, Mailgun `v:trace_id`); without one nothing
 * trace-related is sent.
 */
import Mailgun from 'mailgun.js';
import { ServerClient } from 'postmark';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startJsonServer, type JsonServer } from '../helpers/json-server.js';
import { fixSource, inActiveSpan, loadModule, setupOtel, typeCheck, type Otel } from '../helpers/runtime.js';

const SOURCE = `import { ServerClient } from 'postmark';
import type { Interfaces } from 'mailgun.js/definitions';

export async function postmarkWelcome(postmark: ServerClient, to: string, userId: string) {
  await postmark.sendEmail({ From: 'shop@example.com', To: to, Subject: 'Welcome', TextBody: 'Hi', Metadata: { user_id: userId } });
}

export async function postmarkPlain(postmark: ServerClient, to: string) {
  await postmark.sendEmail({ From: 'shop@example.com', To: to, Subject: 'Plain', TextBody: 'Hi' });
}

export async function postmarkBatch(postmark: ServerClient, a: string, b: string) {
  await postmark.sendEmailBatch([
    { From: 'shop@example.com', To: a, Subject: 'A', TextBody: 'a' },
    { From: 'shop@example.com', To: b, Subject: 'B', TextBody: 'b', Metadata: { kind: 'b' } },
  ]);
}

export async function mailgunSend(mg: Interfaces.IMailgunClient, to: string) {
  await mg.messages.create('mg.example.com', { from: 'shop@example.com', to: [to], subject: 'Hi', text: 'x' });
}
`;

interface Mail {
  postmarkWelcome(postmark: ServerClient, to: string, userId: string): Promise<void>;
  postmarkPlain(postmark: ServerClient, to: string): Promise<void>;
  postmarkBatch(postmark: ServerClient, a: string, b: string): Promise<void>;
  mailgunSend(mg: unknown, to: string): Promise<void>;
}

describe('require-provider-trace-id at run time: postmark and mailgun.js', () => {
  let otel: Otel;
  let server: JsonServer;
  let postmark: ServerClient;
  let mg: unknown;
  let mail: Mail;
  let fixed: string;

  beforeAll(async () => {
    otel = setupOtel();
    server = await startJsonServer((request) =>
      request.url.startsWith('/v3/')
        ? { status: 200, body: { id: '<1@mg.example.com>', message: 'Queued. Thank you.' } }
        : request.url === '/email/batch'
          ? { status: 200, body: [{ ErrorCode: 0, Message: 'OK' }, { ErrorCode: 0, Message: 'OK' }] }
          : { status: 200, body: { To: 'x', SubmittedAt: '2026-01-01T00:00:00Z', MessageID: 'm1', ErrorCode: 0, Message: 'OK' } },
    );
    postmark = new ServerClient('server-token', { useHttps: false, requestHost: `127.0.0.1:${server.port}` });
    mg = new Mailgun(FormData).client({ username: 'api', key: 'key-test', url: server.origin });
    fixed = (await fixSource(SOURCE, { filename: 'mail.ts' })).output;
    mail = await loadModule<Mail>(fixed, 'mail');
  });
  afterAll(async () => {
    await server?.close();
    await otel?.shutdown();
  });
  beforeEach(() => {
    server.received.length = 0;
  });

  /** Mailgun sends multipart form data: the value of one field. */
  function formField(body: string, name: string): string | undefined {
    const match = new RegExp(`name="${name.replace(/[:]/g, '\\$&')}"\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r\\n]*)`).exec(body);
    return match?.[1];
  }

  it('the fix type-checks against the SDKs’ types', () => {
    expect(fixed).toContain("Metadata: { ...withTraceId((traceId) => ({ trace_id: traceId })), user_id: userId }");
    expect(fixed).toContain("TextBody: 'Hi', ...withTraceId((traceId) => ({ Metadata: { trace_id: traceId } })) }");
    expect(fixed).toContain("text: 'x', ...withTraceId((traceId) => ({ 'v:trace_id': traceId })) }");
    expect(typeCheck(fixed, 'mail')).toEqual([]);
  });

  it('inside an active span the trace id goes in Postmark Metadata and Mailgun v:trace_id', async () => {
    const { traceId } = await inActiveSpan(otel.tracer, 'signup', async () => {
      await mail.postmarkWelcome(postmark, 'ada@example.com', 'u1');
      await mail.postmarkPlain(postmark, 'ada@example.com');
      await mail.mailgunSend(mg, 'ada@example.com');
    });
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /email', 'POST /email', 'POST /v3/mg.example.com/messages']);
    const [welcome, plain] = server.received.slice(0, 2).map((r) => JSON.parse(r.body) as { Metadata?: Record<string, string> });
    expect(welcome!.Metadata).toEqual({ trace_id: traceId, user_id: 'u1' });
    expect(plain!.Metadata).toEqual({ trace_id: traceId });
    expect(formField(server.received[2]!.body, 'v:trace_id')).toBe(traceId);
    expect(formField(server.received[2]!.body, 'subject')).toBe('Hi');
  });

  it('a Postmark batch: every message carries the id inside a span, none without', async () => {
    const { traceId } = await inActiveSpan(otel.tracer, 'batch', () => mail.postmarkBatch(postmark, 'a@example.com', 'b@example.com'));
    await mail.postmarkBatch(postmark, 'a@example.com', 'b@example.com');
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /email/batch', 'POST /email/batch']);
    const [inSpan, outside] = server.received.map((r) => JSON.parse(r.body) as { Metadata?: Record<string, string> }[]);
    expect(inSpan!.map((m) => m.Metadata)).toEqual([{ trace_id: traceId }, { trace_id: traceId, kind: 'b' }]);
    expect(outside!.map((m) => m.Metadata)).toEqual([undefined, { kind: 'b' }]);
  });

  it('without an active span nothing trace-related is sent', async () => {
    await mail.postmarkWelcome(postmark, 'ada@example.com', 'u1');
    await mail.postmarkPlain(postmark, 'ada@example.com');
    await mail.mailgunSend(mg, 'ada@example.com');
    const [welcome, plain] = server.received.slice(0, 2).map((r) => JSON.parse(r.body) as { Metadata?: Record<string, string> });
    expect(welcome!.Metadata).toEqual({ user_id: 'u1' });
    expect(plain!.Metadata).toBeUndefined();
    expect(formField(server.received[2]!.body, 'subject')).toBe('Hi');
    for (const request of server.received) expect(request.body).not.toMatch(/trace/i);
  });
});
