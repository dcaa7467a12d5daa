import type { InstanceSource } from './types.js';

/**
 * Provider SDKs (payments, email, SMS): which calls create or change something at the provider, which
 * argument holds the params, and which field of the params comes back in the provider's dashboard, logs and
 * webhooks, so it can carry the internal trace id. Facts: shared/P2-FACTS.md ("RULE B — provider SDK calls").
 */

/** Where the trace id goes in a call's params. */
export type ProviderField =
  /**
   * A string-valued record at `path` inside the params (`metadata`, `customArgs`, `body.custom_args`); with
   * `path: []` the params themselves, the key written with `keyPrefix` (Mailgun `'v:trace_id'`).
   */
  | { readonly kind: 'record'; readonly path: readonly string[]; readonly keyPrefix?: string; readonly fixedKey?: string }
  /** A list of name/value tags at `path` (Resend `tags: [{ name, value }]`, SES `EmailTags: [{ Name, Value }]`). */
  | { readonly kind: 'list'; readonly path: readonly string[]; readonly nameKey: string; readonly valueKey: string }
  /** No field at all: only a callback URL's query string can carry it (Twilio). */
  | { readonly kind: 'callbackUrl'; readonly properties: readonly string[]; readonly suggestOn: string };

export interface ProviderMethod {
  /** Member path from the client (`['paymentIntents', 'create']`) or from the module's export. */
  readonly path: readonly string[];
  /** Index of the params argument. */
  readonly paramsArg: number;
  /** Only when the params literal states this property value (`@sendgrid/client`: `url: '/v3/mail/send'`). */
  readonly when?: { readonly property: string; readonly value: string };
  /** `new SendEmailCommand(input)`: the export is constructed, not called (module methods only). */
  readonly construct?: true;
  /** This method's field when it differs from the provider's (SES v1 bulk `DefaultTags`). */
  readonly field?: ProviderField;
  readonly fieldLabel?: string;
}

export interface Provider {
  readonly id: ProviderId;
  readonly label: string;
  readonly modules: readonly string[];
  /** What the field is called in messages (`metadata`, `customArgs`). */
  readonly fieldLabel: string;
  readonly field: ProviderField;
  /** Clients: made by these exports, or typed with them (class members, injected parameters). */
  readonly instance: InstanceSource;
  /** Type names the type checker may report for a client (typed linting). */
  readonly typeNames: readonly string[];
  readonly methods: readonly ProviderMethod[];
  /** Calls on the module's own export (a default singleton such as `@sendgrid/mail`). */
  readonly moduleMethods?: readonly ProviderMethod[];
  /** A documented limit on the value, for the docs and messages. */
  readonly limits: string;
}

export type ProviderId = 'stripe' | 'sendgrid' | 'sendgrid-client' | 'twilio' | 'postmark' | 'mailgun' | 'resend' | 'ses' | 'nodemailer';

export const PROVIDER_IDS: readonly ProviderId[] = [
  'stripe',
  'sendgrid',
  'sendgrid-client',
  'twilio',
  'postmark',
  'mailgun',
  'resend',
  'ses',
  'nodemailer',
];

const SES_V1_TAGS: ProviderField = { kind: 'list', path: ['Tags'], nameKey: 'Name', valueKey: 'Value' };

function parseMethods(lines: readonly string[]): ProviderMethod[] {
  return lines
    .join(' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((entry) => {
      const [path, index] = entry.split(':');
      return { path: path!.split('.'), paramsArg: Number(index) };
    });
}

/**
 * stripe@23 (API 2026-02): every resource method whose params type has a top-level `metadata`, listed from
 * the package's own types (`cjs/resources/**`), as `path:paramsIndex`. Reads (`retrieve`, `list`, `search`,
 * `preview`), `webhooks.constructEvent` and calls whose params have no metadata (meter events, tokens,
 * ephemeral keys, billing portal sessions, `paymentIntents.confirm`/`cancel`, …) are not listed: silent.
 */
const STRIPE_METHODS = parseMethods([
  'accounts.update:1 accounts.create:0 accounts.updateExternalAccount:2 accounts.createExternalAccount:1',
  'accounts.updatePerson:2 accounts.createPerson:1 applicationFees.updateRefund:2 applicationFees.createRefund:1',
  'charges.create:0 charges.update:1 coupons.update:1 coupons.create:0 creditNotes.create:0 creditNotes.update:1',
  'customers.update:1 customers.create:0 customers.createBalanceTransaction:1 customers.updateBalanceTransaction:2',
  'customers.createSource:1 customers.updateSource:2 disputes.update:1 fileLinks.create:0 fileLinks.update:1',
  'invoiceItems.update:1 invoiceItems.create:0 invoices.update:1 invoices.create:0 invoices.updateLineItem:2',
  'paymentIntents.create:0 paymentIntents.update:1 paymentIntents.capture:1',
  'paymentIntents.incrementAuthorization:1 paymentLinks.create:0 paymentLinks.update:1 paymentMethods.create:0',
  'paymentMethods.update:1 paymentRecords.reportPaymentAttempt:1 paymentRecords.reportPaymentAttemptCanceled:1',
  'paymentRecords.reportPaymentAttemptFailed:1 paymentRecords.reportPaymentAttemptGuaranteed:1',
  'paymentRecords.reportPaymentAttemptInformational:1 paymentRecords.reportRefund:1 paymentRecords.reportPayment:0',
  'payouts.create:0 payouts.update:1 payouts.reverse:1 plans.update:1 plans.create:0 prices.create:0',
  'prices.update:1 products.update:1 products.create:0 promotionCodes.create:0 promotionCodes.update:1',
  'quotes.create:0 quotes.update:1 refunds.create:0 refunds.update:1 setupIntents.create:0 setupIntents.update:1',
  'shippingRates.create:0 shippingRates.update:1 sources.update:1 sources.create:0 subscriptionItems.update:1',
  'subscriptionItems.create:0 subscriptionSchedules.create:0 subscriptionSchedules.update:1 subscriptions.update:1',
  'subscriptions.create:0 taxRates.create:0 taxRates.update:1 topups.create:0 topups.update:1 transfers.create:0',
  'transfers.update:1 transfers.createReversal:1 transfers.updateReversal:2 webhookEndpoints.update:1',
  'webhookEndpoints.create:0 billing.creditGrants.create:0 billing.creditGrants.update:1',
  'billingPortal.configurations.create:0 billingPortal.configurations.update:1 checkout.sessions.create:0',
  'checkout.sessions.update:1 climate.orders.create:0 climate.orders.update:1 entitlements.features.create:0',
  'entitlements.features.update:1 forwarding.requests.create:0 identity.verificationSessions.create:0',
  'identity.verificationSessions.update:1 issuing.authorizations.update:1 issuing.authorizations.approve:1',
  'issuing.authorizations.decline:1 issuing.cards.create:0 issuing.cards.update:1 issuing.cardholders.create:0',
  'issuing.cardholders.update:1 issuing.disputes.create:0 issuing.disputes.update:1 issuing.disputes.submit:1',
  'issuing.personalizationDesigns.create:0 issuing.personalizationDesigns.update:1 issuing.transactions.update:1',
  'radar.paymentEvaluations.create:0 radar.valueLists.update:1 radar.valueLists.create:0',
  'tax.transactions.createFromCalculation:0 tax.transactions.createReversal:0 terminal.locations.update:1',
  'terminal.locations.create:0 terminal.readers.update:1 terminal.readers.create:0',
  'terminal.readers.collectInputs:1 terminal.readers.refundPayment:1 threeDSecure.authentications.create:0',
  'threeDSecure.authentications.cancel:1 threeDSecure.authentications.submit:1 treasury.creditReversals.create:0',
  'treasury.debitReversals.create:0 treasury.financialAccounts.create:0 treasury.financialAccounts.update:1',
  'treasury.inboundTransfers.create:0 treasury.outboundPayments.create:0 treasury.outboundTransfers.create:0',
  'v2.core.accounts.create:0 v2.core.accounts.update:1 v2.core.eventDestinations.create:0',
  'v2.core.eventDestinations.update:1 v2.moneyManagement.financialAccounts.update:1',
  'v2.moneyManagement.outboundPayments.create:0 v2.moneyManagement.payoutIntents.create:0',
  'v2.moneyManagement.payoutIntents.update:1 v2.moneyManagement.transactions.update:1',]);

export const PROVIDERS: readonly Provider[] = [
  {
    id: 'stripe',
    label: 'Stripe',
    modules: ['stripe'],
    fieldLabel: 'metadata',
    field: { kind: 'record', path: ['metadata'] },
    // `new Stripe(key)` and `Stripe(key)`; `import { Stripe } from 'stripe'` too.
    instance: {
      createdBy: [
        { path: [], invoke: 'any' },
        { path: ['Stripe'], invoke: 'any' },
      ],
      types: [[], ['Stripe']],
    },
    typeNames: ['Stripe'],
    methods: STRIPE_METHODS,
    limits: '50 keys, key ≤ 40 characters without `[`/`]`, value ≤ 500 characters; an empty value deletes the key on updates',
  },
  {
    id: 'sendgrid',
    label: 'SendGrid',
    modules: ['@sendgrid/mail'],
    fieldLabel: 'customArgs',
    field: { kind: 'record', path: ['customArgs'] },
    instance: { createdBy: [{ path: ['MailService'], invoke: 'construct' }], types: [['MailService']] },
    typeNames: ['MailService'],
    methods: [
      { path: ['send'], paramsArg: 0 },
      { path: ['sendMultiple'], paramsArg: 0 },
    ],
    moduleMethods: [
      { path: ['send'], paramsArg: 0 },
      { path: ['sendMultiple'], paramsArg: 0 },
    ],
    limits: 'string values only; all custom args of a message ≤ 10,000 bytes',
  },
  {
    id: 'sendgrid-client',
    label: 'SendGrid API client',
    modules: ['@sendgrid/client'],
    fieldLabel: 'body.custom_args',
    field: { kind: 'record', path: ['body', 'custom_args'] },
    instance: { createdBy: [{ path: ['Client'], invoke: 'construct' }], types: [['Client']] },
    typeNames: ['Client'],
    methods: [{ path: ['request'], paramsArg: 0, when: { property: 'url', value: '/v3/mail/send' } }],
    moduleMethods: [{ path: ['request'], paramsArg: 0, when: { property: 'url', value: '/v3/mail/send' } }],
    limits: 'string values only; all custom args of a message ≤ 10,000 bytes',
  },
  {
    id: 'twilio',
    label: 'Twilio',
    modules: ['twilio'],
    fieldLabel: 'statusCallback',
    // No metadata parameter and no per-request headers: only a callback URL can carry the id.
    field: {
      kind: 'callbackUrl',
      properties: ['statusCallback', 'url', 'asyncAmdStatusCallback', 'recordingStatusCallback', 'fallbackUrl'],
      suggestOn: 'statusCallback',
    },
    instance: {
      createdBy: [
        { path: [], invoke: 'call' },
        { path: ['Twilio'], invoke: 'construct' },
      ],
      types: [['Twilio']],
    },
    typeNames: ['Twilio'],
    methods: [
      { path: ['messages', 'create'], paramsArg: 0 },
      { path: ['calls', 'create'], paramsArg: 0 },
    ],
    limits: 'statusCallback: a valid URL; underscores are not allowed (so the query parameter is `traceId`)',
  },
  {
    id: 'postmark',
    label: 'Postmark',
    modules: ['postmark'],
    fieldLabel: 'Metadata',
    field: { kind: 'record', path: ['Metadata'] },
    instance: {
      createdBy: [
        { path: ['ServerClient'], invoke: 'construct' },
        { path: ['Client'], invoke: 'construct' },
      ],
      types: [['ServerClient'], ['Client']],
    },
    typeNames: ['ServerClient'],
    methods: [
      { path: ['sendEmail'], paramsArg: 0 },
      { path: ['sendEmailWithTemplate'], paramsArg: 0 },
      // Batches: an array of messages, each tagged.
      { path: ['sendEmailBatch'], paramsArg: 0 },
      { path: ['sendEmailBatchWithTemplates'], paramsArg: 0 },
    ],
    limits: 'string values (returned on the message and in webhooks)',
  },
  {
    id: 'mailgun',
    label: 'Mailgun',
    // Types come from the `mailgun.js/definitions` entry: `Interfaces.IMailgunClient`.
    modules: ['mailgun.js', 'mailgun.js/definitions'],
    fieldLabel: "'v:' variables",
    field: { kind: 'record', path: [], keyPrefix: 'v:' },
    // new Mailgun(FormData).client({ … }) — the client comes from an instance's `client()` method.
    instance: { createdBy: [], types: [['Interfaces', 'IMailgunClient']] },
    typeNames: ['IMailgunClient', 'MailgunClient'],
    methods: [{ path: ['messages', 'create'], paramsArg: 1 }],
    limits: "user variables (`v:` keys) come back in webhooks as `user-variables`",
  },
  {
    id: 'resend',
    label: 'Resend',
    modules: ['resend'],
    fieldLabel: 'tags',
    // Tags come back in Resend's webhooks; their names and values allow letters, digits, `_` and `-`.
    field: { kind: 'list', path: ['tags'], nameKey: 'name', valueKey: 'value' },
    instance: { createdBy: [{ path: ['Resend'], invoke: 'construct' }], types: [['Resend']] },
    typeNames: ['Resend'],
    methods: [
      { path: ['emails', 'send'], paramsArg: 0 },
      { path: ['emails', 'create'], paramsArg: 0 },
    ],
    limits: 'tag name and value: ASCII letters, digits, `_` and `-`, ≤ 256 characters',
  },
  {
    id: 'ses',
    label: 'Amazon SES',
    modules: ['@aws-sdk/client-sesv2', '@aws-sdk/client-ses'],
    fieldLabel: 'EmailTags',
    field: { kind: 'list', path: ['EmailTags'], nameKey: 'Name', valueKey: 'Value' },
    // Only commands: the aggregated clients (`new SESv2(config).sendEmail(input)`) are not covered yet.
    instance: { createdBy: [], types: [] },
    typeNames: [],
    methods: [],
    // Commands: `client.send(new SendEmailCommand(input))`. The two packages export the same command names
    // with different fields, so the module decides (see `sesField`).
    moduleMethods: [
      { path: ['SendEmailCommand'], paramsArg: 0, construct: true },
      { path: ['SendTemplatedEmailCommand'], paramsArg: 0, construct: true, field: SES_V1_TAGS, fieldLabel: 'Tags' },
      { path: ['SendRawEmailCommand'], paramsArg: 0, construct: true, field: SES_V1_TAGS, fieldLabel: 'Tags' },
      // Bulk sends: tags for every destination (v2 only has SendBulkEmailCommand, v1 SendBulkTemplatedEmailCommand).
      {
        path: ['SendBulkEmailCommand'],
        paramsArg: 0,
        construct: true,
        field: { kind: 'list', path: ['DefaultEmailTags'], nameKey: 'Name', valueKey: 'Value' },
        fieldLabel: 'DefaultEmailTags',
      },
      {
        path: ['SendBulkTemplatedEmailCommand'],
        paramsArg: 0,
        construct: true,
        field: { kind: 'list', path: ['DefaultTags'], nameKey: 'Name', valueKey: 'Value' },
        fieldLabel: 'DefaultTags',
      },
    ],
    limits: 'tag name and value: ASCII letters, digits, `_` and `-`, ≤ 256 characters; tags surface through configuration-set event publishing',
  },
  {
    id: 'nodemailer',
    label: 'nodemailer',
    modules: ['nodemailer'],
    fieldLabel: 'headers',
    // A MIME header on the message itself: it travels with the email (bounces quote it back).
    field: { kind: 'record', path: ['headers'], fixedKey: 'X-Trace-Id' },
    // nodemailer 10 ships its own types (`Mail`); @types/nodemailer calls it `Transporter`.
    instance: { createdBy: [{ path: ['createTransport'], invoke: 'call' }], types: [['Transporter'], ['Mail']] },
    typeNames: ['Transporter', 'Mail'],
    methods: [{ path: ['sendMail'], paramsArg: 0 }],
    limits: 'a header value; the header is named `X-Trace-Id`',
  },
];

/** SES v1 (`@aws-sdk/client-ses`) calls the tags `Tags`; v2 `EmailTags`. */
export const SES_V1_MODULE = '@aws-sdk/client-ses';
export const SES_V1_FIELD = SES_V1_TAGS;
