/**
 * Run-time proof for `otel/require-provider-trace-id` with the real `stripe` SDK: billing code as an app has
 * it is fixed with the real ESLint, type-checked against Stripe's own types under strict TS, loaded, and run
 * against a stand-in for api.stripe.com on 127.0.0.1 (Stripe's `host`/`port`/`protocol` options). Inside an
 * active span the form body Stripe sends carries that span's trace id as `metadata[trace_id]`; without one
 * nothing trace-related is sent, and an update sends no empty metadata value (which would delete the key).
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startJsonServer, type JsonServer } from '../helpers/json-server.js';
import { fixSource, inActiveSpan, loadModule, setupOtel, typeCheck, type Otel } from '../helpers/runtime.js';

const SOURCE = `import Stripe from 'stripe';

export async function createPayment(stripe: Stripe, amount: number) {
  return stripe.paymentIntents.create({ amount, currency: 'usd' });
}

export async function tagPayment(stripe: Stripe, id: string, orderId: string) {
  return stripe.paymentIntents.update(id, { metadata: { order_id: orderId } }, { idempotencyKey: \`tag-\${orderId}\` });
}

export async function renameCustomer(stripe: Stripe, id: string) {
  const params: Stripe.CustomerUpdateParams = { name: 'Ada' };
  return stripe.customers.update(id, params);
}

export async function readPayment(stripe: Stripe, id: string) {
  return stripe.paymentIntents.retrieve(id);
}
`;

interface Billing {
  createPayment(stripe: Stripe, amount: number): Promise<unknown>;
  tagPayment(stripe: Stripe, id: string, orderId: string): Promise<unknown>;
  renameCustomer(stripe: Stripe, id: string): Promise<unknown>;
  readPayment(stripe: Stripe, id: string): Promise<unknown>;
}

/** Decoded form fields of a Stripe request body (`metadata[trace_id]` → value). */
function form(body: string): Map<string, string> {
  return new Map(new URLSearchParams(body));
}

describe('require-provider-trace-id at run time: stripe', () => {
  let otel: Otel;
  let server: JsonServer;
  let stripe: Stripe;
  let billing: Billing;
  let fixed: string;

  beforeAll(async () => {
    otel = setupOtel();
    server = await startJsonServer((request) => ({ status: 200, body: { id: 'pi_1', object: request.url.includes('customers') ? 'customer' : 'payment_intent' } }));
    stripe = new Stripe('sk_test_123', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });
    fixed = (await fixSource(SOURCE, { filename: 'billing.ts' })).output;
    billing = await loadModule<Billing>(fixed, 'billing');
  });
  afterAll(async () => {
    await server?.close();
    await otel?.shutdown();
  });
  beforeEach(() => {
    server.received.length = 0;
  });

  it('fixes every create/update call and leaves the read alone; the fix type-checks against stripe’s types', () => {
    expect(fixed).toContain("stripe.paymentIntents.create({ amount, currency: 'usd', ...withTraceId((traceId) => ({ metadata: { trace_id: traceId } })) })");
    expect(fixed).toContain('{ metadata: { ...withTraceId((traceId) => ({ trace_id: traceId })), order_id: orderId } }, { idempotencyKey: `tag-${orderId}` }');
    expect(fixed).toContain("const params: Stripe.CustomerUpdateParams = { name: 'Ada', ...withTraceId((traceId) => ({ metadata: { trace_id: traceId } })) };");
    expect(fixed).toContain('return stripe.paymentIntents.retrieve(id);');
    expect(typeCheck(fixed, 'billing')).toEqual([]);
  });

  it('inside an active span, create and update send the span’s trace id as metadata[trace_id]', async () => {
    const { traceId } = await inActiveSpan(otel.tracer, 'checkout', async () => {
      await billing.createPayment(stripe, 1000);
      await billing.tagPayment(stripe, 'pi_1', 'order-7');
      await billing.renameCustomer(stripe, 'cus_1');
    });
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/payment_intents',
      'POST /v1/payment_intents/pi_1',
      'POST /v1/customers/cus_1',
    ]);
    const [create, update, customer] = server.received.map((r) => form(r.body));
    expect(create!.get('metadata[trace_id]')).toBe(traceId);
    expect(create!.get('amount')).toBe('1000');
    expect(update!.get('metadata[trace_id]')).toBe(traceId);
    expect(update!.get('metadata[order_id]')).toBe('order-7');
    expect(customer!.get('metadata[trace_id]')).toBe(traceId);
    expect(customer!.get('name')).toBe('Ada');
    // The request options argument still works.
    expect(server.received[1]!.headers['idempotency-key']).toBe('tag-order-7');
  });

  it('without an active span nothing trace-related is sent, and no metadata value is empty', async () => {
    await billing.createPayment(stripe, 1000);
    await billing.tagPayment(stripe, 'pi_1', 'order-7');
    await billing.renameCustomer(stripe, 'cus_1');
    expect(server.received).toHaveLength(3);
    const [create, update, customer] = server.received.map((r) => form(r.body));
    for (const body of [create!, update!, customer!]) {
      expect([...body.keys()].filter((key) => /trace/i.test(key))).toEqual([]);
      expect([...body].filter(([key, value]) => key.startsWith('metadata') && value === '')).toEqual([]);
    }
    // No metadata at all where the code had none: an empty `metadata=` would clear the object's metadata.
    expect([...create!.keys()].filter((key) => key.startsWith('metadata'))).toEqual([]);
    expect([...customer!.keys()].filter((key) => key.startsWith('metadata'))).toEqual([]);
    expect(update!.get('metadata[order_id]')).toBe('order-7');
  });

  it('a span with an invalid (all-zero) context sends no id either', async () => {
    const { trace, context, INVALID_SPAN_CONTEXT } = await import('@opentelemetry/api');
    await context.with(trace.setSpanContext(context.active(), INVALID_SPAN_CONTEXT), () => billing.createPayment(stripe, 5));
    expect([...form(server.received[0]!.body).keys()].filter((key) => key.startsWith('metadata'))).toEqual([]);
  });

  it('is idempotent: fixing the fixed code changes nothing', async () => {
    expect((await fixSource(fixed, { filename: 'billing.ts', requireChange: false })).output).toBe(fixed);
  });

  it('converges with the other rules in one --fix run (a BullMQ job that charges), type-checks, idempotent', async () => {
    const job = `import { Worker } from 'bullmq';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_KEY ?? '');

export const worker = new Worker('billing', async (job) => {
  await stripe.paymentIntents.create({ amount: job.data.amount, currency: 'usd', metadata: { job_id: String(job.id) } });
  await stripe.customers.update(job.data.customer, { name: job.data.name });
});
`;
    const { output, messages } = await fixSource(job, { filename: 'billing-worker.ts' });
    expect(messages.filter((m) => m.ruleId?.startsWith('otel/'))).toEqual([]);
    expect(output).toContain('startActiveSpan');
    expect(output).toContain("metadata: { ...withTraceId((traceId) => ({ trace_id: traceId })), job_id: String(job.id) }");
    expect(output).toContain('{ name: job.data.name, ...withTraceId((traceId) => ({ metadata: { trace_id: traceId } })) }');
    expect(output.match(/function withTraceId/g)).toHaveLength(1);
    expect(output.match(/from '@opentelemetry\/api'/g)).toHaveLength(1);
    expect(typeCheck(output, 'billing-worker')).toEqual([]);
    expect((await fixSource(output, { filename: 'billing-worker.ts', requireChange: false })).output).toBe(output);
  });

  it('the read sends nothing new', async () => {
    await inActiveSpan(otel.tracer, 'read', () => billing.readPayment(stripe, 'pi_1'));
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/payment_intents/pi_1']);
    expect(server.received[0]!.url).not.toMatch(/trace/);
  });
});
