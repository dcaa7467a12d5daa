import type { InvalidTestCase, TestLanguageOptions, ValidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-provider-trace-id.js';
import { createRuleTester } from '../rule-tester.js';
import { ENTRY, fieldEntry, HELPER, IMPORT } from './provider-trace-id.shared.js';

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

const CJS = { sourceType: 'commonjs' } as unknown as TestLanguageOptions;

function missing(method: string, line: number, column: number, endColumn: number, key = 'trace_id'): Invalid['errors'][number] {
  return { messageId: 'missingTraceId', data: { provider: 'Stripe', method, field: 'metadata', key }, line, column, endLine: line, endColumn };
}

function unseen(method: string, where: string, line: number, column: number, endColumn: number): Invalid['errors'][number] {
  return {
    messageId: 'missingTraceIdUnseen',
    data: { provider: 'Stripe', method, field: 'metadata', key: 'trace_id', where },
    line,
    column,
    endLine: line,
    endColumn,
  };
}

const HEAD = `import Stripe from 'stripe';
${IMPORT}

${HELPER}
`;

const valid: Valid[] = [
  { name: 'empty file', code: '' },
  {
    name: 'reads stay silent: retrieve, list, search, previews',
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export async function read(id: string) {
  await stripe.paymentIntents.retrieve(id);
  await stripe.customers.list({ limit: 3 });
  await stripe.customers.search({ query: "email:'a@b.c'" });
  await stripe.invoices.createPreview({ customer: id });
  await stripe.creditNotes.preview({ invoice: id });
}
`,
  },
  {
    name: 'local helpers and calls whose params have no metadata stay silent',
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export async function misc(body: string, signature: string, id: string) {
  const event = stripe.webhooks.constructEvent(body, signature, 'whsec');
  await stripe.billing.meterEvents.create({ event_name: 'api', payload: { stripe_customer_id: id, value: '1' } });
  await stripe.v2.billing.meterEvents.create({ event_name: 'api', payload: { stripe_customer_id: id, value: '1' } });
  await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });
  await stripe.paymentIntents.cancel(id);
  await stripe.ephemeralKeys.create({ customer: id }, { apiVersion: '2020-08-27' });
  await stripe.billingPortal.sessions.create({ customer: id });
  return event;
}
`,
  },
  {
    name: 'already tagged: the key in metadata (any value), in a same-scope variable, or through the helper',
    code: `import Stripe from 'stripe';
import { trace } from '@opentelemetry/api';
const stripe = new Stripe('sk_test');
export async function tagged(id: string, traceId: string) {
  await stripe.customers.create({ metadata: { trace_id: traceId } });
  await stripe.customers.update(id, { metadata: { 'trace_id': trace.getActiveSpan()?.spanContext().traceId ?? null } });
  const metadata = { trace_id: traceId, order: id };
  await stripe.paymentIntents.create({ amount: 1, currency: 'usd', metadata });
  await stripe.refunds.create({ payment_intent: id, ...withTraceId((t) => ({ metadata: { trace_id: t } })) });
}
declare function withTraceId<T extends object>(f: (traceId: string) => T): T | Record<never, never>;
`,
  },
  {
    name: 'a configured key',
    options: [{ key: 'traceId' }],
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const pay = (traceId: string) => stripe.paymentIntents.create({ amount: 1, currency: 'usd', metadata: { traceId } });
`,
  },
  {
    name: 'configured helpers: params passed through one, or the call made inside one',
    options: [{ helpers: ['withProviderTrace', 'createTracedCharge'] }],
    code: `import Stripe from 'stripe';
import { withProviderTrace } from './tracing';
const stripe = new Stripe('sk_test');
export async function a(id: string) {
  await stripe.customers.update(id, withProviderTrace({ name: 'x' }));
  await stripe.customers.create({ email: 'a@b.c', metadata: withProviderTrace({}) });
}
export async function createTracedCharge(params: Stripe.ChargeCreateParams) {
  return stripe.charges.create(params);
}
`,
  },
  {
    name: 'metadata cleared on purpose (empty string, null) is left alone',
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export async function clear(id: string) {
  await stripe.customers.update(id, { metadata: '' });
  await stripe.subscriptions.update(id, { metadata: null });
}
`,
  },
  {
    name: 'look-alikes: a local stripe object, another library, a shadowed name',
    code: `const stripe = { paymentIntents: { create: (p: object) => p } };
export function local() {
  return stripe.paymentIntents.create({ amount: 1 });
}
import OpenAI from 'openai';
const openai = new OpenAI();
export async function other() {
  await openai.chat.completions.create({ model: 'x', messages: [] });
}
`,
  },
  {
    name: 'a parameter named like the client but not typed with it',
    code: `import Stripe from 'stripe';
export async function pay(stripe: { customers: { create(p: object): Promise<void> } }) {
  await stripe.customers.create({ email: 'a@b.c' });
}
`,
  },
  {
    name: 'providers option without stripe',
    options: [{ providers: ['sendgrid', 'twilio'] }],
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export const pay = () => stripe.paymentIntents.create({ amount: 1, currency: 'usd' });
`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'create without metadata: the whole field is added conditionally',
    code: `import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(amount: number) {
  return stripe.paymentIntents.create({ amount, currency: 'usd' });
}
`,
    output: `${HEAD}
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(amount: number) {
  return stripe.paymentIntents.create({ amount, currency: 'usd', ${fieldEntry('metadata')} });
}
`,
    errors: [missing('paymentIntents.create', 6, 10, 38)],
  },
  {
    name: 'update with metadata: merged first, the user keys and the request options kept',
    code: `import Stripe from 'stripe';

const stripe = new Stripe('sk_test');

export async function tag(id: string, orderId: string) {
  await stripe.paymentIntents.update(
    id,
    {
      description: 'order',
      metadata: {
        // which order
        order_id: orderId,
      },
    },
    { idempotencyKey: orderId },
  );
}
`,
    output: `${HEAD}
const stripe = new Stripe('sk_test');

export async function tag(id: string, orderId: string) {
  await stripe.paymentIntents.update(
    id,
    {
      description: 'order',
      metadata: {
        ${ENTRY},
        // which order
        order_id: orderId,
      },
    },
    { idempotencyKey: orderId },
  );
}
`,
    errors: [missing('paymentIntents.update', 6, 9, 37)],
  },
  {
    name: 'multi-line params get the field on its own line; a spread in metadata stays after ours',
    code: `import Stripe from 'stripe';

const stripe = new Stripe('sk_test');

export async function subscribe(customer: string, base: Record<string, string>) {
  await stripe.subscriptions.create({
    customer,
    items: [{ price: 'price_1' }],
  });
  await stripe.checkout.sessions.create({ mode: 'payment', metadata: { ...base } });
}
`,
    output: [
      `${HEAD}
const stripe = new Stripe('sk_test');

export async function subscribe(customer: string, base: Record<string, string>) {
  await stripe.subscriptions.create({
    customer,
    items: [{ price: 'price_1' }],
    ${fieldEntry('metadata')},
  });
  await stripe.checkout.sessions.create({ mode: 'payment', metadata: { ...base } });
}
`,
      `${HEAD}
const stripe = new Stripe('sk_test');

export async function subscribe(customer: string, base: Record<string, string>) {
  await stripe.subscriptions.create({
    customer,
    items: [{ price: 'price_1' }],
    ${fieldEntry('metadata')},
  });
  await stripe.checkout.sessions.create({ mode: 'payment', metadata: { ${ENTRY}, ...base } });
}
`,
    ],
    errors: [missing('subscriptions.create', 6, 9, 36), missing('checkout.sessions.create', 10, 9, 40)],
  },
  {
    name: 'no params argument: one is added (create and update)',
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export async function a(id: string) {
  await stripe.customers.create();
  await stripe.customers.update(id);
}
`,
    output: [
      `${HEAD}
const stripe = new Stripe('sk_test');
export async function a(id: string) {
  await stripe.customers.create(${fieldEntry('metadata').slice(3)});
  await stripe.customers.update(id);
}
`,
      `${HEAD}
const stripe = new Stripe('sk_test');
export async function a(id: string) {
  await stripe.customers.create(${fieldEntry('metadata').slice(3)});
  await stripe.customers.update(id, ${fieldEntry('metadata').slice(3)});
}
`,
    ],
    errors: [missing('customers.create', 4, 9, 32), missing('customers.update', 5, 9, 32)],
  },
  {
    name: 'params in a visible same-scope variable are edited where they are declared',
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export async function refund(paymentIntent: string) {
  const params: Stripe.RefundCreateParams = { payment_intent: paymentIntent };
  const metadata = { reason_code: 'dup' };
  await stripe.refunds.create(params);
  await stripe.transfers.create({ amount: 1, currency: 'usd', destination: 'acct_1', metadata });
}
`,
    output: [
      `${HEAD}
const stripe = new Stripe('sk_test');
export async function refund(paymentIntent: string) {
  const params: Stripe.RefundCreateParams = { payment_intent: paymentIntent, ${fieldEntry('metadata')} };
  const metadata = { reason_code: 'dup' };
  await stripe.refunds.create(params);
  await stripe.transfers.create({ amount: 1, currency: 'usd', destination: 'acct_1', metadata });
}
`,
      `${HEAD}
const stripe = new Stripe('sk_test');
export async function refund(paymentIntent: string) {
  const params: Stripe.RefundCreateParams = { payment_intent: paymentIntent, ${fieldEntry('metadata')} };
  const metadata = { ${ENTRY}, reason_code: 'dup' };
  await stripe.refunds.create(params);
  await stripe.transfers.create({ amount: 1, currency: 'usd', destination: 'acct_1', metadata });
}
`,
    ],
    errors: [missing('refunds.create', 6, 9, 30), missing('transfers.create', 7, 9, 32)],
  },
  {
    name: 'params the rule cannot see are reported without a fix, saying so',
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export async function a(p: Stripe.CustomerCreateParams, id: string, vip: boolean, shared: Stripe.MetadataParam) {
  await stripe.customers.create(p);
  await stripe.customers.create(buildParams());
  await stripe.customers.update(id, { metadata: vip ? { tier: 'vip' } : {} });
  await stripe.customers.update(id, { ...p });
  await stripe.customers.update(id, { metadata: shared });
  await stripe.customers.update(id, { [id]: 'x' });
  let later = { email: 'x' };
  later = { email: 'y' };
  await stripe.customers.create(later);
}
declare function buildParams(): Stripe.CustomerCreateParams;
`,
    output: null,
    errors: [
      unseen('customers.create', 'its params come from `p`, built outside this function or changed after it is declared', 4, 9, 32),
      unseen('customers.create', 'its params are a function result', 5, 9, 32),
      unseen('customers.update', '`metadata` is a conditional expression', 6, 9, 32),
      unseen('customers.update', 'a spread in its params may hold `metadata`', 7, 9, 32),
      unseen('customers.update', '`metadata` comes from `shared`, built outside this function or changed after it is declared', 8, 9, 32),
      unseen('customers.update', 'a computed key in its params may be `metadata`', 9, 9, 32),
      unseen('customers.create', 'its params come from `later`, built outside this function or changed after it is declared', 12, 9, 32),
    ],
  },
  {
    name: 'odd shapes: computed member, optional chain, a client made inline',
    code: `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export async function odd() {
  await stripe?.customers?.create({ email: 'y' });
  await new Stripe('k').customers['create']({ email: 'z' });
}
`,
    output: [
      `${HEAD}
const stripe = new Stripe('sk_test');
export async function odd() {
  await stripe?.customers?.create({ email: 'y', ${fieldEntry('metadata')} });
  await new Stripe('k').customers['create']({ email: 'z' });
}
`,
      `${HEAD}
const stripe = new Stripe('sk_test');
export async function odd() {
  await stripe?.customers?.create({ email: 'y', ${fieldEntry('metadata')} });
  await new Stripe('k').customers['create']({ email: 'z', ${fieldEntry('metadata')} });
}
`,
    ],
    errors: [missing('customers.create', 4, 9, 34), missing('customers.create', 5, 9, 44)],
  },
  {
    name: 'clients however held: named import, class member, injected typed member',
    code: `import { Stripe } from 'stripe';
export class Billing {
  private readonly stripe = new Stripe('sk_test');
  constructor(private readonly injected: Stripe) {}
  async charge(customer: string) {
    await this.stripe.invoices.create({ customer });
    await this.injected.invoiceItems.create({ customer, amount: 1, currency: 'usd' });
  }
}
`,
    output: [
      `import { Stripe } from 'stripe';
${IMPORT}

${HELPER}

export class Billing {
  private readonly stripe = new Stripe('sk_test');
  constructor(private readonly injected: Stripe) {}
  async charge(customer: string) {
    await this.stripe.invoices.create({ customer, ${fieldEntry('metadata')} });
    await this.injected.invoiceItems.create({ customer, amount: 1, currency: 'usd' });
  }
}
`,
      `import { Stripe } from 'stripe';
${IMPORT}

${HELPER}

export class Billing {
  private readonly stripe = new Stripe('sk_test');
  constructor(private readonly injected: Stripe) {}
  async charge(customer: string) {
    await this.stripe.invoices.create({ customer, ${fieldEntry('metadata')} });
    await this.injected.invoiceItems.create({ customer, amount: 1, currency: 'usd', ${fieldEntry('metadata')} });
  }
}
`,
    ],
    errors: [missing('invoices.create', 6, 11, 38), missing('invoiceItems.create', 7, 11, 44)],
  },
  {
    name: 'CommonJS require, a configured key',
    options: [{ key: 'request_trace' }],
    languageOptions: CJS,
    filename: 'billing.js',
    code: `'use strict';
const stripe = require('stripe')(process.env.STRIPE_KEY);

exports.pay = async (amount) => {
  return stripe.charges.create({ amount, currency: 'usd', metadata: { order: '1' } });
};
`,
    output: `'use strict';
const { trace, isSpanContextValid } = require('@opentelemetry/api');

/** What \`fields\` makes of the active span's trace id, or nothing without a valid active span (never an empty id). */
function withTraceId(fields) {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? fields(spanContext.traceId) : {};
}

const stripe = require('stripe')(process.env.STRIPE_KEY);

exports.pay = async (amount) => {
  return stripe.charges.create({ amount, currency: 'usd', metadata: { ...withTraceId((traceId) => ({ request_trace: traceId })), order: '1' } });
};
`,
    errors: [missing('charges.create', 5, 10, 31, 'request_trace')],
  },
];

describe('require-provider-trace-id: Stripe', () => {
  createRuleTester().run('require-provider-trace-id', rule, { valid, invalid });

  it('bad options get a schema error naming what is allowed', () => {
    const lint = (options: unknown) =>
      new Linter().verify('', [{ plugins: { otel: plugin as never }, rules: { 'otel/require-provider-trace-id': ['error', options] } }] as never);
    expect(() => lint({ key: 'trace[id]' })).toThrow(/should match pattern "\^\[A-Za-z0-9_-\]\{1,40\}\$"/);
    expect(() => lint({ key: 'x'.repeat(41) })).toThrow(/should match pattern/);
    expect(() => lint({ providers: ['paypal'] })).toThrow(/otel\/require-provider-trace-id[\s\S]*"paypal" should be equal to one of the allowed values/);
    expect(() => lint({ keys: 'x' })).toThrow(/should NOT have additional properties/);
    expect(lint({ key: 'trace_id', providers: ['stripe'], helpers: ['tagged'] })).toEqual([]);
  });
});
