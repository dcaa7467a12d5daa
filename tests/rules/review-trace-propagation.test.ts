/**
 * Adversarial review of otel/require-trace-propagation: each case is a genuine bug and fails today.
 * Repro files: .tmp/review/propagation/.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-trace-propagation.js';
import { createRuleTester } from '../rule-tester.js';

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

const webhook = (client: string, line: number, column: number, endColumn: number, extra: Partial<Invalid['errors'][number]> = {}) => ({
  messageId: 'missingContextWebhook' as const,
  data: { client },
  line,
  column,
  endLine: line,
  endColumn,
  ...extra,
});

const valid: Valid[] = [
  // R2 — false positive: the axios instance injects trace context in a request interceptor.
  {
    name: 'review: axios instance whose request interceptor injects the context',
    code: `import axios from 'axios';
import { context, propagation } from '@opentelemetry/api';

const webhookClient = axios.create({ timeout: 5000 });
webhookClient.interceptors.request.use((config) => {
  propagation.inject(context.active(), config.headers);
  return config;
});

export async function deliverWebhook(url: string, payload: unknown) {
  await webhookClient.post(url, payload);
}
`,
  },
  // R3 — false positive: the got instance injects trace context in a beforeRequest hook.
  {
    name: 'review: got.extend instance whose beforeRequest hook injects the context',
    code: `import got from 'got';
import { context, propagation } from '@opentelemetry/api';

const hooks = got.extend({
  hooks: {
    beforeRequest: [
      (options) => {
        propagation.inject(context.active(), options.headers);
      },
    ],
  },
});

export async function deliverWebhook(url: string, payload: object) {
  await hooks.post(url, { json: payload });
}
`,
  },
  // R4 — false positive: a GET health check of the notification service is not a delivery.
  {
    name: 'review: GET health check of a service whose URL mentions notifications',
    code: `import axios from 'axios';

const NOTIFICATION_SERVICE_URL = process.env.NOTIFICATION_SERVICE_URL!;

export async function checkDependencies() {
  const res = await axios.get(\`\${NOTIFICATION_SERVICE_URL}/healthz\`);
  return res.status === 200;
}
`,
  },
  // R4 — false positive: reading a list of webhook subscriptions (GET) is not a delivery.
  {
    name: 'review: GET that lists webhook subscriptions',
    code: `import axios from 'axios';

export async function listSubscriptions(accountId: string) {
  const { data } = await axios.get(\`https://api.internal/accounts/\${accountId}/subscriptions\`);
  return data;
}
`,
  },
  // R5 — false positive: OAuth callback handler exchanging the code at the identity provider.
  {
    name: 'review: OAuth callback controller method exchanging a code for a token',
    code: `import axios from 'axios';

export class AuthController {
  async callback(code: string) {
    const { data } = await axios.post(process.env.IDP_TOKEN_URL!, new URLSearchParams({ code, grant_type: 'authorization_code' }));
    return data;
  }
}
`,
  },
  // R6 — false positive: notifications sent through third-party vendor APIs (stated host) are API calls.
  {
    name: 'review: notifying through the Telegram Bot API',
    code: `export async function notifyTelegram(chatId: string, text: string) {
  await fetch(\`https://api.telegram.org/bot\${process.env.TG_TOKEN}/sendMessage\`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text }),
  });
}
`,
  },
  {
    name: 'review: notification e-mail through the Postmark API',
    code: `export async function sendNotificationEmail(to: string, html: string) {
  await fetch('https://api.postmarkapp.com/email', {
    method: 'POST',
    headers: { 'X-Postmark-Server-Token': process.env.POSTMARK_TOKEN! },
    body: JSON.stringify({ To: to, HtmlBody: html }),
  });
}
`,
  },
];

const invalid: Invalid[] = [
  // R1 — wrong code: a line comment before an arrow's expression body ends up after \`return\` (ASI: returns undefined).
  {
    name: 'review: arrow expression body introduced by a line comment',
    code: `export async function notifySubscribers(subscribers: { url: string }[], body: string) {
  return Promise.allSettled(
    subscribers.map((s) =>
      // one delivery per subscriber
      fetch(s.url, { method: 'POST', body }),
    ),
  );
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function notifySubscribers(subscribers: { url: string }[], body: string) {
  return Promise.allSettled(
    subscribers.map((s) => {
      const traceHeaders: Record<string, string> = {};
      propagation.inject(context.active(), traceHeaders);
      // one delivery per subscriber
      return fetch(s.url, { method: 'POST', body, headers: traceHeaders });
    },
    ),
  );
}
`,
    errors: [webhook('fetch', 5, 7, 12)],
  },
  // R7 — wrong code: a CommonJS .js file (module.exports, global fetch, no require) gets an ESM import.
  {
    name: 'review: CommonJS .js file without requires gets require, not import',
    filename: 'src/webhooks/sender.js',
    code: `'use strict';

async function deliverWebhook(url, payload) {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(payload) });
  return res.ok;
}

module.exports = { deliverWebhook };
`,
    output: `'use strict';

const { propagation, context } = require('@opentelemetry/api');

async function deliverWebhook(url, payload) {
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(payload), headers: traceHeaders });
  return res.ok;
}

module.exports = { deliverWebhook };
`,
    errors: [webhook('fetch', 4, 21, 26)],
  },
  // R8 — behaviour change: \`init.headers = …\` later replaces the headers the fix adds to the literal.
  {
    name: 'review: options literal whose headers are assigned later',
    code: `export async function deliverWebhook(url: string, body: string, signature?: string) {
  const init: RequestInit = { method: 'POST', body };
  if (signature) {
    init.headers = { 'x-signature': signature };
  }
  return fetch(url, init);
}
`,
    output: null,
    errors: [webhook('fetch', 6, 10, 15)],
  },
  // R9 — behaviour change (suggestion): an init added to fetch(new Request(…)) replaces the Request's headers.
  {
    name: 'review: fetch of an inline new Request offers no header-replacing suggestion',
    code: `export async function deliverWebhook(url: string, signed: string) {
  return fetch(new Request(url, { method: 'POST', headers: { 'x-signature': signed }, body: '{}' }));
}
`,
    output: null,
    errors: [webhook('fetch', 2, 10, 15, { suggestions: [] })],
  },
  // R10 — false negative: undici Pool / Client \`.request({ path, method, headers })\` outbox deliveries.
  {
    name: 'review: undici Pool.request delivering a webhook',
    code: `import { Pool } from 'undici';

const pool = new Pool('https://hooks.partner.example');

export async function deliverWebhook(path: string, body: string) {
  const { statusCode } = await pool.request({ path, method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return statusCode;
}
`,
    output: `import { Pool } from 'undici';
import { propagation, context } from '@opentelemetry/api';

const pool = new Pool('https://hooks.partner.example');

export async function deliverWebhook(path: string, body: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  const { statusCode } = await pool.request({ path, method: 'POST', body, headers: { ...traceHeaders, 'content-type': 'application/json' } });
  return statusCode;
}
`,
    errors: [webhook('undici', 6, 32, 44)],
  },
];

createRuleTester().run('require-trace-propagation (review)', rule, { valid, invalid });
