import type { InvalidTestCase, TestLanguageOptions, ValidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import rule, { type MessageIds, type Options } from '../../lib/rules/require-trace-propagation.js';
import { createRuleTester } from '../rule-tester.js';

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

/** The report: on the callee, naming the client. */
function report(
  messageId: 'missingContextWebhook' | 'missingContext',
  client: string,
  line: number,
  column: number,
  endColumn: number,
  extra: Partial<Invalid['errors'][number]> = {},
): Invalid['errors'][number] {
  return { messageId, data: { client }, line, column, endLine: line, endColumn, ...extra };
}
const webhook = (client: string, line: number, column: number, endColumn: number, extra: Partial<Invalid['errors'][number]> = {}) =>
  report('missingContextWebhook', client, line, column, endColumn, extra);

const suggestion = (output: string) => ({ messageId: 'injectTraceContext' as const, output });

/**
 * ESLint's own default for `*.cjs` files. The rule tester's `TestLanguageOptions` type lacks `sourceType`, though
 * the tester passes it through to ESLint.
 */
const CJS = { sourceType: 'commonjs' } as unknown as TestLanguageOptions;

const valid: Valid[] = [
  // --- nothing to look at
  { name: 'empty file', code: '' },
  {
    name: 'a local function named fetch is not the global fetch',
    code: `function fetch(url: string, init?: object) {
  return { url, init };
}
export async function sendWebhook(url: string) {
  await fetch(url, { method: 'POST' });
}
`,
  },
  {
    name: 'a fetch method of some other object',
    code: `export class WebhookCache {
  constructor(private readonly cache: { fetch(key: string): Promise<string> }) {}
  async deliver(key: string) {
    return this.cache.fetch(key);
  }
}
`,
  },

  // --- scope: webhook deliveries only by default
  {
    name: 'an ordinary request (getUser) is not a webhook delivery',
    code: `import axios from 'axios';

export async function getUser(id: string) {
  return axios.get(\`/users/\${id}\`);
}
`,
  },
  {
    name: 'vendor APIs stay silent even in a webhook function',
    code: `export async function sendWebhook(code: string) {
  await fetch('https://oauth2.googleapis.com/token', { method: 'POST', body: code });
  await fetch('https://api.stripe.com/v1/charges', { method: 'POST' });
}
`,
  },
  {
    name: "vendor APIs stay silent with scope: 'all' too",
    code: `import axios from 'axios';

export async function exchange(code: string) {
  return axios.post('https://oauth2.googleapis.com/token', { code });
}
`,
    options: [{ scope: 'all' }],
  },
  {
    name: 'a GET in a notifier class is a read, not a delivery',
    code: `import axios from 'axios';

export class SlackNotifier {
  async channels() {
    return axios.get('https://chat.internal/channels');
  }
}
`,
  },
  {
    name: 'webhookPatterns replace the defaults: sendWebhook no longer counts',
    code: `import axios from 'axios';

export async function sendWebhook(url: string, payload: unknown) {
  await axios.post(url, payload);
}
`,
    options: [{ webhookPatterns: ['^push$'] }],
  },
  {
    name: 'ignoreHosts silences the host and its subdomains',
    code: `export async function sendWebhook(payload: string) {
  await fetch('https://partner.example/in', { method: 'POST', body: payload });
  await fetch('https://hooks.partner.example/in', { method: 'POST', body: payload });
  await fetch(\`https://eu.hooks.partner.example/in/\${payload}\`, { method: 'POST' });
}
`,
    options: [{ ignoreHosts: ['partner.example'] }],
  },
  {
    // BUG (B9): the host of an http(s).request options object is not checked against ignoreHosts.
    name: 'ignoreHosts also applies to the hostname of http(s).request options',
    code: `import https from 'node:https';

export function deliverWebhook(payload: string) {
  https.request({ hostname: 'hooks.partner.example', path: '/in', method: 'POST' }, (res) => res.resume()).end(payload);
}
`,
    options: [{ ignoreHosts: ['partner.example'] }],
  },

  // --- already propagating
  {
    name: 'propagation.inject into the headers object the call uses',
    code: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  propagation.inject(context.active(), headers);
  await fetch(url, { method: 'POST', headers });
}
`,
  },
  {
    name: 'api.propagation.inject into init.headers (namespace import, axios)',
    code: `import * as api from '@opentelemetry/api';
import axios from 'axios';

export async function sendWebhook(url: string, payload: unknown) {
  const init = { headers: {} as Record<string, string> };
  api.propagation.inject(api.context.active(), init.headers);
  await axios.post(url, payload, init);
}
`,
  },
  {
    name: 'a traceparent header written out (quoted key and shorthand)',
    code: `export async function sendWebhook(url: string, traceparent: string) {
  await fetch(url, { method: 'POST', headers: { 'traceparent': traceparent } });
  await fetch(url, { method: 'POST', headers: { traceparent } });
}
`,
  },
  {
    name: 'a configured propagation helper in the headers, or on the carrier',
    code: `import { withTraceHeaders } from './tracing';

export async function sendWebhook(url: string) {
  await fetch(url, { method: 'POST', headers: withTraceHeaders({ 'content-type': 'application/json' }) });
}
export async function deliverEvent(url: string) {
  const headers = { 'content-type': 'application/json' };
  withTraceHeaders(headers);
  await fetch(url, { method: 'POST', headers });
}
`,
    settings: { otel: { propagationHelpers: ['withTraceHeaders'] } },
  },
  {
    name: "superagent: .set('traceparent', …) in the chain",
    code: `import request from 'superagent';

export async function deliverWebhook(url: string, payload: object, traceparent: string) {
  await request.post(url).set('content-type', 'application/json').set('traceparent', traceparent).send(payload);
}
`,
  },
  {
    name: 'superagent: .set(carrier) of a carrier filled by propagation.inject, anywhere in the chain',
    code: `import { propagation, context } from '@opentelemetry/api';
import request from 'superagent';

export async function deliverWebhook(url: string, payload: object) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await request.post(url).send(payload).set(carrier);
}
`,
  },
  {
    name: 'fetch(req): propagation.inject into the headers of a local new Request',
    code: `import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, body: string) {
  const req = new Request(url, { method: 'POST', body });
  propagation.inject(context.active(), req.headers, { set: (carrier, key, value) => carrier.set(key, value) });
  await fetch(req);
}
`,
  },
  {
    // Header names are case-insensitive. Regression: only the exact key `traceparent` counted, and the fix spread a
    // second trace context in (`{ ...traceHeaders, Traceparent: tp }`), which fetch sends as ONE comma-joined,
    // invalid `traceparent: <injected>, <tp>` header.
    name: 'fetch: a traceparent header key written in another letter case counts',
    code: `export async function sendWebhook(url: string, tp: string) {
  await fetch(url, { method: 'POST', headers: { Traceparent: tp } });
}
`,
  },
  {
    // Regression, as above for superagent: `.set('Traceparent', tp)` was reported and fixed to
    // `.set(traceHeaders).set('Traceparent', tp)`.
    name: "superagent: .set('Traceparent', …) in another letter case counts",
    code: `import request from 'superagent';

export async function deliverWebhook(url: string, payload: object, tp: string) {
  await request.post(url).set('Traceparent', tp).send(payload);
}
`,
  },
  {
    name: 'settings.otel.httpInstrumentation: true turns the rule off',
    code: `export async function sendWebhook(url: string) {
  await fetch(url, { method: 'POST' });
}
`,
    settings: { otel: { httpInstrumentation: true } },
  },
];

const invalid: Invalid[] = [
  // ---------------------------------------------------------------- global fetch
  {
    name: 'fetch: headers literal gets the carrier spread in first',
    code: `export async function deliverWebhook(url: string, payload: unknown) {
  await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, {
    method: 'POST',
    headers: { ...traceHeaders, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}
`,
    errors: [webhook('fetch', 2, 9, 14)],
  },
  {
    name: 'fetch: multi-line headers literal, the comment in it kept',
    code: `export async function sendWebhook(url: string) {
  await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', // JSON body
    },
  });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, {
    method: 'POST',
    headers: {
      ...traceHeaders,
      'content-type': 'application/json', // JSON body
    },
  });
}
`,
    errors: [webhook('fetch', 2, 9, 14)],
  },
  {
    name: 'fetch: no init and a string URL → { headers: traceHeaders } added',
    code: `export async function sendWebhook(url: string) {
  await fetch(url);
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { headers: traceHeaders });
}
`,
    errors: [webhook('fetch', 2, 9, 14)],
  },
  {
    name: 'fetch: a Request (unknown first argument) without init → suggestion only',
    code: `export async function sendWebhook(req: Request) {
  await fetch(req);
}
`,
    output: null,
    errors: [
      webhook('fetch', 2, 9, 14, {
        suggestions: [
          suggestion(`import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(req: Request) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(req, { headers: traceHeaders });
}
`),
        ],
      }),
    ],
  },
  {
    // BUG (B7): an init's headers replace the Request's own headers (fetch spec), so adding `headers` to an init
    // without one drops them, exactly as in the no-init case above: it must be a suggestion, not a fix.
    name: 'fetch: a Request first argument with an init without headers → suggestion only',
    code: `export async function sendWebhook(request: Request) {
  await fetch(request, { method: 'POST' });
}
`,
    output: null,
    errors: [
      webhook('fetch', 2, 9, 14, {
        suggestions: [
          suggestion(`import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(request: Request) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(request, { method: 'POST', headers: traceHeaders });
}
`),
        ],
      }),
    ],
  },
  {
    name: 'fetch(req) with a local new Request → inject into req.headers with a setter',
    code: `export async function deliverWebhook(url: string, payload: unknown) {
  const req = new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const res = await fetch(req);
  return res.status;
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: unknown) {
  const req = new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  propagation.inject(context.active(), req.headers, { set: (carrier, key, value) => carrier.set(key, value) });
  const res = await fetch(req);
  return res.status;
}
`,
    errors: [webhook('fetch', 7, 21, 26)],
  },
  {
    name: 'fetch: headers variable declared as a plain object in the same function → inject into it',
    code: `export async function sendWebhook(url: string, body: string) {
  const headers = { 'content-type': 'application/json' };
  await fetch(url, { method: 'POST', headers, body });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, body: string) {
  const headers = { 'content-type': 'application/json' };
  propagation.inject(context.active(), headers);
  await fetch(url, { method: 'POST', headers, body });
}
`,
    errors: [webhook('fetch', 3, 9, 14)],
  },
  {
    name: 'fetch: a new Headers() variable → inject with a setter',
    code: `export async function sendWebhook(url: string, body: string) {
  const headers = new Headers();
  headers.set('content-type', 'application/json');
  await fetch(url, { method: 'POST', headers, body });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, body: string) {
  const headers = new Headers();
  headers.set('content-type', 'application/json');
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
  await fetch(url, { method: 'POST', headers, body });
}
`,
    errors: [webhook('fetch', 4, 9, 14)],
  },
  {
    name: 'fetch: headers parameter of unknown shape → suggestion',
    code: `export async function sendWebhook(url: string, headers: HeadersInit) {
  await fetch(url, { method: 'POST', headers });
}
`,
    output: null,
    errors: [
      webhook('fetch', 2, 9, 14, {
        suggestions: [
          suggestion(`import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, headers: HeadersInit) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { method: 'POST', headers: { ...traceHeaders, ...headers } });
}
`),
        ],
      }),
    ],
  },
  {
    // BUG (B10): spreading an array of pairs into an object literal gives `{ 0: [...] }`: the suggestion is surely
    // wrong for a pairs array. Expected: no suggestion (or one that keeps the pairs form).
    name: 'fetch: headers as an array of pairs → no object-spread suggestion',
    code: `export async function sendWebhook(url: string) {
  await fetch(url, { method: 'POST', headers: [['content-type', 'application/json']] });
}
`,
    output: null,
    errors: [webhook('fetch', 2, 9, 14, { suggestions: [] })],
  },
  {
    name: 'fetch: an options object with a spread and no headers → report without a fix',
    code: `export async function sendWebhook(url: string, init: RequestInit) {
  await fetch(url, { ...init, method: 'POST' });
}
`,
    output: null,
    errors: [webhook('fetch', 2, 9, 14, { suggestions: [] })],
  },
  {
    name: 'globalThis.fetch',
    code: `export async function sendWebhook(url: string) {
  await globalThis.fetch(url, { method: 'POST' });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await globalThis.fetch(url, { method: 'POST', headers: traceHeaders });
}
`,
    errors: [webhook('fetch', 2, 9, 25)],
  },

  // ---------------------------------------------------------------- undici, node-fetch
  {
    name: 'undici fetch and request: two calls in one function, one per pass, fresh names',
    code: `import { fetch, request } from 'undici';

export async function deliverWebhook(url: string, body: string) {
  await fetch(url, { method: 'POST', body });
  await request(url, { method: 'POST', body });
}
`,
    output: [
      `import { fetch, request } from 'undici';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, body: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { method: 'POST', body, headers: traceHeaders });
  await request(url, { method: 'POST', body });
}
`,
      `import { fetch, request } from 'undici';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, body: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { method: 'POST', body, headers: traceHeaders });
  const traceHeaders2: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders2);
  await request(url, { method: 'POST', body, headers: traceHeaders2 });
}
`,
    ],
    errors: [webhook('undici', 4, 9, 14), webhook('undici', 5, 9, 16)],
  },
  {
    name: 'node-fetch default import',
    code: `import fetch from 'node-fetch';

export async function deliverWebhook(url: string, body: string) {
  await fetch(url, { method: 'POST', body, headers: { 'x-a': '1' } });
}
`,
    output: `import fetch from 'node-fetch';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, body: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { method: 'POST', body, headers: { ...traceHeaders, 'x-a': '1' } });
}
`,
    errors: [webhook('node-fetch', 4, 9, 14)],
  },

  {
    name: 'node-fetch without init and a string URL → { headers: traceHeaders } added',
    code: `import fetch from 'node-fetch';

export async function deliverWebhook(url: string) {
  await fetch(url);
}
`,
    output: `import fetch from 'node-fetch';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { headers: traceHeaders });
}
`,
    errors: [webhook('node-fetch', 4, 9, 14)],
  },
  {
    name: "node-fetch: fetch(req) with a local new Request of 'node-fetch' → inject into req.headers with a setter",
    code: `import fetch, { Request } from 'node-fetch';

export async function deliverWebhook(url: string, body: string) {
  const req = new Request(url, { method: 'POST', body });
  await fetch(req);
}
`,
    output: `import fetch, { Request } from 'node-fetch';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, body: string) {
  const req = new Request(url, { method: 'POST', body });
  propagation.inject(context.active(), req.headers, { set: (carrier, key, value) => carrier.set(key, value) });
  await fetch(req);
}
`,
    errors: [webhook('node-fetch', 5, 9, 14)],
  },

  // ---------------------------------------------------------------- axios
  {
    name: 'axios(config) and axios.post(url, data, config): one per pass',
    code: `import axios from 'axios';

export async function deliverWebhook(url: string, payload: unknown) {
  await axios({ method: 'post', url, data: payload });
  await axios.post(url, payload, { timeout: 5000 });
}
`,
    output: [
      `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios({ method: 'post', url, data: payload, headers: traceHeaders });
  await axios.post(url, payload, { timeout: 5000 });
}
`,
      `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios({ method: 'post', url, data: payload, headers: traceHeaders });
  const traceHeaders2: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders2);
  await axios.post(url, payload, { timeout: 5000, headers: traceHeaders2 });
}
`,
    ],
    errors: [webhook('axios', 4, 9, 14), webhook('axios', 5, 9, 19)],
  },
  {
    // BUG (B5): when axios' first argument is a config object, axios ignores a second argument, so
    // `axios(config, { headers })` sends no trace context, yet silences the rule. A config built elsewhere
    // (here a parameter) cannot be edited: report without a fix, as the docs say for options built elsewhere.
    name: 'axios(config) with a config parameter → report without a fix',
    code: `import axios, { type AxiosRequestConfig } from 'axios';

export async function deliverWebhook(config: AxiosRequestConfig) {
  await axios(config);
}
`,
    output: null,
    errors: [webhook('axios', 4, 9, 14, { suggestions: [] })],
  },
  {
    name: 'axios.post(url) without data → undefined placeholder',
    code: `import axios from 'axios';

export async function pingWebhook(url: string) {
  await axios.post(url);
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function pingWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(url, undefined, { headers: traceHeaders });
}
`,
    errors: [webhook('axios', 4, 9, 19)],
  },
  {
    name: 'axios.delete(url, config literal)',
    code: `import axios from 'axios';

export async function pingWebhook(url: string) {
  await axios.delete(url, { timeout: 5000 });
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function pingWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.delete(url, { timeout: 5000, headers: traceHeaders });
}
`,
    errors: [webhook('axios', 4, 9, 21)],
  },
  {
    // BUG (B1): the first pass is right, but the rule does not see that the call uses the carrier through
    // `config.headers` and reports again; every further pass adds another `propagation.inject` (10 passes).
    name: 'axios.delete(url, config) with the config in a local const literal: edited where declared, idempotent',
    code: `import axios from 'axios';

export async function pingWebhook(url: string) {
  const config = { timeout: 5000 };
  await axios.delete(url, config);
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function pingWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  const config = { timeout: 5000, headers: traceHeaders };
  await axios.delete(url, config);
}
`,
    errors: [webhook('axios', 5, 9, 21)],
  },
  {
    // BUG (B1), second shape: a local init literal whose headers literal is edited gets a new carrier every pass.
    name: 'fetch(url, init) with a local init literal holding a headers literal: idempotent',
    code: `export async function sendWebhook(url: string) {
  const init = { method: 'POST', headers: { 'x-a': '1' } };
  await fetch(url, init);
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  const init = { method: 'POST', headers: { ...traceHeaders, 'x-a': '1' } };
  await fetch(url, init);
}
`,
    errors: [webhook('fetch', 3, 9, 14)],
  },
  {
    name: 'axios.request({ url, headers }) with headers of unknown shape → suggestion',
    code: `import axios from 'axios';

export async function pingWebhook(url: string, headers: Record<string, string>) {
  await axios.request({ url, method: 'post', headers });
}
`,
    output: null,
    errors: [
      webhook('axios', 4, 9, 22, {
        suggestions: [
          suggestion(`import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function pingWebhook(url: string, headers: Record<string, string>) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.request({ url, method: 'post', headers: { ...traceHeaders, ...headers } });
}
`),
        ],
      }),
    ],
  },
  {
    name: 'axios instance from axios.create() in a const',
    code: `import axios from 'axios';

const hookClient = axios.create({ timeout: 5000 });

export async function deliver(url: string, payload: unknown) {
  await hookClient.post(url, payload);
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

const hookClient = axios.create({ timeout: 5000 });

export async function deliver(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await hookClient.post(url, payload, { headers: traceHeaders });
}
`,
    errors: [webhook('axios', 6, 9, 24)],
  },
  {
    name: 'axios instance from axios.create() as a class field',
    code: `import axios from 'axios';

export class WebhookSender {
  private readonly http = axios.create({ timeout: 5000 });

  async send(url: string, payload: unknown) {
    await this.http.post(url, payload);
  }
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export class WebhookSender {
  private readonly http = axios.create({ timeout: 5000 });

  async send(url: string, payload: unknown) {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    await this.http.post(url, payload, { headers: traceHeaders });
  }
}
`,
    errors: [webhook('axios', 7, 11, 25)],
  },
  {
    name: 'class member typed AxiosInstance, injected through a constructor parameter property',
    code: `import type { AxiosInstance } from 'axios';

export class WebhookSender {
  constructor(private readonly client: AxiosInstance) {}

  async send(url: string, payload: unknown) {
    await this.client.post(url, payload, { headers: { 'x-signature': 'abc' } });
  }
}
`,
    output: `import type { AxiosInstance } from 'axios';
import { propagation, context } from '@opentelemetry/api';

export class WebhookSender {
  constructor(private readonly client: AxiosInstance) {}

  async send(url: string, payload: unknown) {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    await this.client.post(url, payload, { headers: { ...traceHeaders, 'x-signature': 'abc' } });
  }
}
`,
    errors: [webhook('axios', 7, 11, 27)],
  },
  {
    name: 'NestJS HttpService injected through the constructor',
    code: `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';

@Injectable()
export class WebhookService {
  constructor(private readonly httpService: HttpService) {}

  deliver(url: string, event: object) {
    return this.httpService.post(url, event);
  }
}
`,
    output: `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { propagation, context } from '@opentelemetry/api';

@Injectable()
export class WebhookService {
  constructor(private readonly httpService: HttpService) {}

  deliver(url: string, event: object) {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    return this.httpService.post(url, event, { headers: traceHeaders });
  }
}
`,
    errors: [webhook('NestJS HttpService', 9, 12, 33)],
  },

  // ---------------------------------------------------------------- got, ky, ofetch
  {
    name: 'got.post(url, { json })',
    code: `import got from 'got';

export async function deliverWebhook(url: string, payload: unknown) {
  await got.post(url, { json: payload });
}
`,
    output: `import got from 'got';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await got.post(url, { json: payload, headers: traceHeaders });
}
`,
    errors: [webhook('got', 4, 9, 17)],
  },
  {
    name: 'got.extend() instance',
    code: `import got from 'got';

const hooks = got.extend({ timeout: { request: 5000 } });

export async function deliverWebhook(url: string, payload: unknown) {
  await hooks.post(url, { json: payload });
}
`,
    output: `import got from 'got';
import { propagation, context } from '@opentelemetry/api';

const hooks = got.extend({ timeout: { request: 5000 } });

export async function deliverWebhook(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await hooks.post(url, { json: payload, headers: traceHeaders });
}
`,
    errors: [webhook('got', 6, 9, 19)],
  },
  {
    name: 'ky.post',
    code: `import ky from 'ky';

export async function deliverWebhook(url: string, payload: unknown) {
  await ky.post(url, { json: payload });
}
`,
    output: `import ky from 'ky';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await ky.post(url, { json: payload, headers: traceHeaders });
}
`,
    errors: [webhook('ky', 4, 9, 16)],
  },
  {
    name: 'ofetch',
    code: `import { ofetch } from 'ofetch';

export async function deliverWebhook(url: string, payload: object) {
  await ofetch(url, { method: 'POST', body: payload });
}
`,
    output: `import { ofetch } from 'ofetch';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: object) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await ofetch(url, { method: 'POST', body: payload, headers: traceHeaders });
}
`,
    errors: [webhook('ofetch', 4, 9, 15)],
  },

  {
    name: 'ky.post with a headers literal → carrier spread in first',
    code: `import ky from 'ky';

export async function deliverWebhook(url: string, payload: unknown) {
  await ky.post(url, { json: payload, headers: { 'x-webhook-source': 'shop' } });
}
`,
    output: `import ky from 'ky';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await ky.post(url, { json: payload, headers: { ...traceHeaders, 'x-webhook-source': 'shop' } });
}
`,
    errors: [webhook('ky', 4, 9, 16)],
  },
  {
    name: 'ky.create() instance',
    code: `import ky from 'ky';

const hooks = ky.create({ timeout: 5000 });

export async function deliverWebhook(url: string, payload: unknown) {
  await hooks.post(url, { json: payload });
}
`,
    output: `import ky from 'ky';
import { propagation, context } from '@opentelemetry/api';

const hooks = ky.create({ timeout: 5000 });

export async function deliverWebhook(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await hooks.post(url, { json: payload, headers: traceHeaders });
}
`,
    errors: [webhook('ky', 6, 9, 19)],
  },
  {
    name: 'ofetch with a headers literal → carrier spread in first',
    code: `import { ofetch } from 'ofetch';

export async function deliverWebhook(url: string, payload: object) {
  await ofetch(url, { method: 'POST', body: payload, headers: { 'x-webhook-source': 'shop' } });
}
`,
    output: `import { ofetch } from 'ofetch';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: object) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await ofetch(url, { method: 'POST', body: payload, headers: { ...traceHeaders, 'x-webhook-source': 'shop' } });
}
`,
    errors: [webhook('ofetch', 4, 9, 15)],
  },
  {
    name: 'ofetch.raw',
    code: `import { ofetch } from 'ofetch';

export async function deliverWebhook(url: string, payload: object) {
  await ofetch.raw(url, { method: 'POST', body: payload });
}
`,
    output: `import { ofetch } from 'ofetch';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: object) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await ofetch.raw(url, { method: 'POST', body: payload, headers: traceHeaders });
}
`,
    errors: [webhook('ofetch', 4, 9, 19)],
  },
  {
    name: "$fetch of 'ofetch'",
    code: `import { $fetch } from 'ofetch';

export async function deliverWebhook(url: string, payload: object) {
  await $fetch(url, { method: 'POST', body: payload });
}
`,
    output: `import { $fetch } from 'ofetch';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: object) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await $fetch(url, { method: 'POST', body: payload, headers: traceHeaders });
}
`,
    errors: [webhook('ofetch', 4, 9, 15)],
  },

  // ---------------------------------------------------------------- superagent
  {
    name: 'superagent: .set(traceHeaders) right after request.post(url), before the rest of the chain',
    code: `import request from 'superagent';

export async function deliverWebhook(url: string, payload: object) {
  const res = await request.post(url).set('content-type', 'application/json').send(payload);
  return res.status;
}
`,
    output: `import request from 'superagent';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: object) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  const res = await request.post(url).set(traceHeaders).set('content-type', 'application/json').send(payload);
  return res.status;
}
`,
    errors: [webhook('superagent', 4, 21, 33)],
  },
  {
    name: 'superagent: a multi-line chain without .set',
    code: `import superagent from 'superagent';

export async function deliverWebhook(url: string, payload: object) {
  await superagent
    .put(url)
    .send(payload);
}
`,
    output: `import superagent from 'superagent';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: object) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await superagent
    .put(url).set(traceHeaders)
    .send(payload);
}
`,
    errors: [webhook('superagent', 4, 9, 9, { endLine: 5 })],
  },
  {
    name: "superagent: .set(carrier) of a carrier that is not filled → still reported, fresh carrier added",
    code: `import request from 'superagent';

export async function deliverWebhook(url: string, payload: object) {
  const carrier: Record<string, string> = { 'x-webhook-source': 'shop' };
  await request.post(url).set(carrier).send(payload);
}
`,
    output: `import request from 'superagent';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: object) {
  const carrier: Record<string, string> = { 'x-webhook-source': 'shop' };
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await request.post(url).set(traceHeaders).set(carrier).send(payload);
}
`,
    errors: [webhook('superagent', 5, 9, 21)],
  },
  {
    // The callable form `superagent(method, url)` (superagent's README: `request('GET', '/search')`). Regression: it
    // was not catalogued (only the method calls were), so it went unreported.
    name: "superagent: the callable form superagent('POST', url)",
    code: `import superagent from 'superagent';

export async function deliverWebhook(url: string, payload: object) {
  await superagent('POST', url).send(payload);
}
`,
    output: `import superagent from 'superagent';
import { propagation, context } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: object) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await superagent('POST', url).set(traceHeaders).send(payload);
}
`,
    errors: [webhook('superagent', 4, 9, 19)],
  },

  // ---------------------------------------------------------------- node:http(s)
  {
    name: 'http.request(url, options, cb) from node:http',
    code: `import http from 'node:http';

export function deliverWebhook(url: string, payload: string) {
  const req = http.request(url, { method: 'POST' }, (res) => res.resume());
  req.end(payload);
}
`,
    output: `import http from 'node:http';
import { propagation, context } from '@opentelemetry/api';

export function deliverWebhook(url: string, payload: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  const req = http.request(url, { method: 'POST', headers: traceHeaders }, (res) => res.resume());
  req.end(payload);
}
`,
    errors: [webhook('node:http', 4, 15, 27)],
  },
  {
    name: 'https.request(options literal, cb)',
    code: `import https from 'https';

export function deliverWebhook(payload: string) {
  const req = https.request({ hostname: 'hooks.example.com', path: '/in', method: 'POST' }, (res) => res.resume());
  req.end(payload);
}
`,
    output: `import https from 'https';
import { propagation, context } from '@opentelemetry/api';

export function deliverWebhook(payload: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  const req = https.request({ hostname: 'hooks.example.com', path: '/in', method: 'POST', headers: traceHeaders }, (res) => res.resume());
  req.end(payload);
}
`,
    errors: [webhook('node:http', 4, 15, 28)],
  },
  {
    // BUG (B6): Node reads `request(options, x, cb)` with a non-URL first argument as `(options, cb)`: the inserted
    // `{ headers }` becomes the callback and request() throws ERR_INVALID_ARG_TYPE. Options built elsewhere:
    // report without a fix.
    name: 'https.request(options parameter, cb) → report without a fix',
    code: `import https from 'node:https';
import type { RequestOptions } from 'node:https';

export function deliverWebhook(options: RequestOptions, payload: string) {
  https.request(options, (res) => res.resume()).end(payload);
}
`,
    output: null,
    errors: [webhook('node:http', 5, 3, 16, { suggestions: [] })],
  },
  {
    name: 'node:https namespace import, request(url, cb): options go before the callback',
    code: `import * as https from 'node:https';

export function notify(url: string) {
  https.request(url, (res) => res.resume()).end();
}
`,
    output: `import * as https from 'node:https';
import { propagation, context } from '@opentelemetry/api';

export function notify(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  https.request(url, { headers: traceHeaders }, (res) => res.resume()).end();
}
`,
    errors: [webhook('node:http', 4, 3, 16)],
  },

  // ---------------------------------------------------------------- CommonJS, JavaScript
  {
    name: "require('axios') in CommonJS: the import is a require, 'use strict' kept, no type annotation",
    filename: 'outbox.cjs',
    languageOptions: CJS,
    code: `'use strict';
const axios = require('axios');

async function deliverWebhook(url, payload) {
  await axios.post(url, payload);
}

module.exports = { deliverWebhook };
`,
    output: `'use strict';
const axios = require('axios');
const { propagation, context } = require('@opentelemetry/api');

async function deliverWebhook(url, payload) {
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(url, payload, { headers: traceHeaders });
}

module.exports = { deliverWebhook };
`,
    errors: [webhook('axios', 5, 9, 19)],
  },
  {
    name: 'CommonJS: an existing destructured require of @opentelemetry/api is merged',
    filename: 'outbox.cjs',
    languageOptions: CJS,
    code: `'use strict';
const { trace } = require('@opentelemetry/api');
const axios = require('axios');

async function deliverWebhook(url, payload) {
  trace.getActiveSpan();
  await axios.post(url, payload);
}
`,
    output: `'use strict';
const { trace, propagation, context } = require('@opentelemetry/api');
const axios = require('axios');

async function deliverWebhook(url, payload) {
  trace.getActiveSpan();
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(url, payload, { headers: traceHeaders });
}
`,
    errors: [webhook('axios', 7, 9, 19)],
  },
  {
    name: 'JavaScript module: no Record<string, string> annotation',
    filename: 'src/sender.js',
    code: `export async function sendWebhook(url) {
  await fetch(url);
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url) {
  const traceHeaders = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { headers: traceHeaders });
}
`,
    errors: [webhook('fetch', 2, 9, 14)],
  },

  // ---------------------------------------------------------------- imports and names
  {
    name: 'an existing @opentelemetry/api import is merged',
    code: `import { trace } from '@opentelemetry/api';
import axios from 'axios';

export async function deliverWebhook(url: string, payload: unknown) {
  trace.getActiveSpan()?.addEvent('deliver');
  await axios.post(url, payload);
}
`,
    output: `import { trace, propagation, context } from '@opentelemetry/api';
import axios from 'axios';

export async function deliverWebhook(url: string, payload: unknown) {
  trace.getActiveSpan()?.addEvent('deliver');
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(url, payload, { headers: traceHeaders });
}
`,
    errors: [webhook('axios', 6, 9, 19)],
  },
  {
    name: 'an existing namespace import is used',
    code: `import * as api from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  await fetch(url, { method: 'POST' });
}
`,
    output: `import * as api from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  api.propagation.inject(api.context.active(), traceHeaders);
  await fetch(url, { method: 'POST', headers: traceHeaders });
}
`,
    errors: [webhook('fetch', 4, 9, 14)],
  },
  {
    name: 'a type-only import is not merged into: a value import is added',
    code: `import type { Context } from '@opentelemetry/api';

export async function sendWebhook(url: string, ctx: Context) {
  await fetch(url, { method: 'POST' });
}
`,
    output: `import type { Context } from '@opentelemetry/api';
import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, ctx: Context) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { method: 'POST', headers: traceHeaders });
}
`,
    errors: [webhook('fetch', 4, 9, 14)],
  },
  {
    name: 'a local variable named context in scope: the import gets an alias',
    code: `import axios from 'axios';

export async function deliverWebhook(url: string, payload: unknown, context: { tenant: string }) {
  await axios.post(url, payload, { params: { tenant: context.tenant } });
}
`,
    output: `import axios from 'axios';
import { propagation, context as otelContext } from '@opentelemetry/api';

export async function deliverWebhook(url: string, payload: unknown, context: { tenant: string }) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(otelContext.active(), traceHeaders);
  await axios.post(url, payload, { params: { tenant: context.tenant }, headers: traceHeaders });
}
`,
    errors: [webhook('axios', 4, 9, 19)],
  },
  {
    // Regression: the rule must recognise its own aliased `otelPropagation.inject` (it once re-reported and added
    // another inject on every pass).
    name: 'local propagation and context: both imports aliased, and the result is not reported again',
    code: `export async function sendWebhook(url: string, propagation: string[]) {
  const context = { traceHeaders: 1 };
  await fetch(url, { method: 'POST', body: JSON.stringify([propagation, context]) });
}
`,
    output: `import { propagation as otelPropagation, context as otelContext } from '@opentelemetry/api';

export async function sendWebhook(url: string, propagation: string[]) {
  const context = { traceHeaders: 1 };
  const traceHeaders: Record<string, string> = {};
  otelPropagation.inject(otelContext.active(), traceHeaders);
  await fetch(url, { method: 'POST', body: JSON.stringify([propagation, context]), headers: traceHeaders });
}
`,
    errors: [webhook('fetch', 3, 9, 14)],
  },
  {
    // Regression: an existing `context` import shadowed by a parameter `context` where the statement goes must
    // not be reused (`context.active()` would call the parameter).
    name: 'an existing context import shadowed by a local context: an alias is imported',
    code: `import { context } from '@opentelemetry/api';

export async function sendWebhook(url: string, context: { id: string }) {
  await fetch(url, { method: 'POST', body: context.id });
}
`,
    output: `import { context, propagation, context as otelContext } from '@opentelemetry/api';

export async function sendWebhook(url: string, context: { id: string }) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(otelContext.active(), traceHeaders);
  await fetch(url, { method: 'POST', body: context.id, headers: traceHeaders });
}
`,
    errors: [webhook('fetch', 4, 9, 14)],
  },
  {
    name: 'a local traceHeaders: the carrier gets a fresh name',
    code: `export async function sendWebhook(url: string, traceHeaders: string[]) {
  await fetch(url, { method: 'POST', body: traceHeaders.join(',') });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, traceHeaders: string[]) {
  const traceHeaders2: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders2);
  await fetch(url, { method: 'POST', body: traceHeaders.join(','), headers: traceHeaders2 });
}
`,
    errors: [webhook('fetch', 2, 9, 14)],
  },

  // ---------------------------------------------------------------- where the statements go
  {
    name: 'inside an arrow expression body: the body becomes a block',
    code: `export async function deliverAll(subscriptions: { url: string }[]) {
  await Promise.all(subscriptions.map((s) => fetch(s.url, { method: 'POST' })));
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function deliverAll(subscriptions: { url: string }[]) {
  await Promise.all(subscriptions.map((s) => {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    return fetch(s.url, { method: 'POST', headers: traceHeaders });
  }));
}
`,
    errors: [webhook('fetch', 2, 46, 51)],
  },
  {
    name: 'the lone statement of an if without braces: braces added',
    code: `export async function sendWebhook(url: string, enabled: boolean) {
  if (enabled) await fetch(url, { method: 'POST' });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, enabled: boolean) {
  if (enabled) {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    await fetch(url, { method: 'POST', headers: traceHeaders });
  }
}
`,
    errors: [webhook('fetch', 2, 22, 27)],
  },
  {
    name: 'inside a for…of: the carrier is filled in each iteration',
    code: `export async function deliverAll(urls: string[]) {
  for (const url of urls) {
    await fetch(url, { method: 'POST' });
  }
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function deliverAll(urls: string[]) {
  for (const url of urls) {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    await fetch(url, { method: 'POST', headers: traceHeaders });
  }
}
`,
    errors: [webhook('fetch', 3, 11, 16)],
  },
  {
    name: 'at the top level of a module (URL from a local whose initialiser says webhook)',
    code: `const webhookUrl = process.env.WEBHOOK_URL!;

await fetch(webhookUrl, { method: 'POST' });
`,
    output: `import { propagation, context } from '@opentelemetry/api';

const webhookUrl = process.env.WEBHOOK_URL!;

const traceHeaders: Record<string, string> = {};
propagation.inject(context.active(), traceHeaders);
await fetch(webhookUrl, { method: 'POST', headers: traceHeaders });
`,
    errors: [webhook('fetch', 3, 7, 12)],
  },
  {
    name: 'two webhook calls in one function with comments: one per pass, names do not clash, comments kept',
    code: `export async function sendWebhook(url: string, payload: string) {
  // first the signature check
  await fetch(\`\${url}/verify\`, { method: 'POST' });
  // then the delivery
  await fetch(url, { method: 'POST', body: payload });
}
`,
    output: [
      `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, payload: string) {
  // first the signature check
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(\`\${url}/verify\`, { method: 'POST', headers: traceHeaders });
  // then the delivery
  await fetch(url, { method: 'POST', body: payload });
}
`,
      `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, payload: string) {
  // first the signature check
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(\`\${url}/verify\`, { method: 'POST', headers: traceHeaders });
  // then the delivery
  const traceHeaders2: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders2);
  await fetch(url, { method: 'POST', body: payload, headers: traceHeaders2 });
}
`,
    ],
    errors: [webhook('fetch', 3, 9, 14), webhook('fetch', 5, 9, 14)],
  },
  {
    // BUG (B3): the new property is inserted before the trailing line comment, so `// the payload` ends up
    // after `headers: traceHeaders` instead of staying on the `body` line.
    name: 'a trailing line comment on the last property stays on its line (trailing comma)',
    code: `export async function sendWebhook(url: string, body: string) {
  await fetch(url, {
    method: 'POST',
    body, // the payload
  });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, body: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, {
    method: 'POST',
    body, // the payload
    headers: traceHeaders,
  });
}
`,
    errors: [webhook('fetch', 2, 9, 14)],
  },
  {
    // BUG (B3), without a trailing comma.
    name: 'a trailing line comment on the last property stays on its line (no trailing comma)',
    code: `export async function sendWebhook(url: string, body: string) {
  await fetch(url, {
    method: 'POST',
    body // the payload
  });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string, body: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, {
    method: 'POST',
    body, // the payload
    headers: traceHeaders
  });
}
`,
    errors: [webhook('fetch', 2, 9, 14)],
  },
  {
    name: 'a class field initialiser has no statement to insert before → report without a fix',
    code: `export class WebhookProbe {
  ready = fetch(process.env.WEBHOOK_URL!, { method: 'POST' });
}
`,
    output: null,
    errors: [webhook('fetch', 2, 11, 16, { suggestions: [] })],
  },

  // ---------------------------------------------------------------- scope
  {
    name: 'the URL expression says callback',
    code: `import axios from 'axios';

export async function send(payload: unknown) {
  await axios.post(process.env.CALLBACK_URL!, payload);
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function send(payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(process.env.CALLBACK_URL!, payload, { headers: traceHeaders });
}
`,
    errors: [webhook('axios', 4, 9, 19)],
  },
  {
    name: 'the class name says outbox',
    code: `import axios from 'axios';

export class OutboxRelay {
  async flush(url: string, payload: unknown) {
    await axios.post(url, payload);
  }
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export class OutboxRelay {
  async flush(url: string, payload: unknown) {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    await axios.post(url, payload, { headers: traceHeaders });
  }
}
`,
    errors: [webhook('axios', 5, 11, 21)],
  },
  {
    name: 'the file name says webhook',
    filename: 'src/webhook-dispatcher.ts',
    code: `import axios from 'axios';

export async function send(url: string, payload: unknown) {
  await axios.post(url, payload);
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function send(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(url, payload, { headers: traceHeaders });
}
`,
    errors: [webhook('axios', 4, 9, 19)],
  },
  {
    // BUG (B2): only the base name of the file is read; the docs promise that `src/webhooks/sender.ts` counts.
    name: 'the directory of the file says webhooks',
    filename: 'src/webhooks/dispatcher.ts',
    code: `import axios from 'axios';

export async function send(url: string, payload: unknown) {
  await axios.post(url, payload);
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function send(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(url, payload, { headers: traceHeaders });
}
`,
    errors: [webhook('axios', 4, 9, 19)],
  },
  {
    name: "scope: 'all' reports ordinary requests with the other message",
    options: [{ scope: 'all' }],
    code: `import axios from 'axios';

export async function getUser(id: string) {
  return axios.get(\`/users/\${id}\`);
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function getUser(id: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  return axios.get(\`/users/\${id}\`, { headers: traceHeaders });
}
`,
    errors: [report('missingContext', 'axios', 4, 10, 19)],
  },
  {
    name: 'webhookPatterns replace the defaults: pushEvent counts',
    options: [{ webhookPatterns: ['^push$'] }],
    code: `import axios from 'axios';

export async function pushEvent(url: string, payload: unknown) {
  await axios.post(url, payload);
}
export async function sendWebhook(url: string, payload: unknown) {
  await axios.post(url, payload);
}
`,
    output: `import axios from 'axios';
import { propagation, context } from '@opentelemetry/api';

export async function pushEvent(url: string, payload: unknown) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await axios.post(url, payload, { headers: traceHeaders });
}
export async function sendWebhook(url: string, payload: unknown) {
  await axios.post(url, payload);
}
`,
    errors: [webhook('axios', 4, 9, 19)],
  },
  {
    name: 'ignoreHosts: a host that only ends with the listed name is still reported',
    options: [{ ignoreHosts: ['partner.example'] }],
    code: `export async function sendWebhook(payload: string) {
  await fetch('https://hooks.partner.example/in', { method: 'POST', body: payload });
  await fetch('https://notpartner.example/hooks', { method: 'POST', body: payload });
}
`,
    output: `import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(payload: string) {
  await fetch('https://hooks.partner.example/in', { method: 'POST', body: payload });
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch('https://notpartner.example/hooks', { method: 'POST', body: payload, headers: traceHeaders });
}
`,
    errors: [webhook('fetch', 3, 9, 14)],
  },
  {
    name: 'a propagation helper that is not configured does not count (suggestion on its result)',
    code: `import { withTraceHeaders } from './tracing';

export async function sendWebhook(url: string) {
  await fetch(url, { method: 'POST', headers: withTraceHeaders({ 'content-type': 'application/json' }) });
}
`,
    output: null,
    errors: [
      webhook('fetch', 4, 9, 14, {
        suggestions: [
          suggestion(`import { withTraceHeaders } from './tracing';
import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetch(url, { method: 'POST', headers: { ...traceHeaders, ...withTraceHeaders({ 'content-type': 'application/json' }) } });
}
`),
        ],
      }),
    ],
  },
  {
    name: 'settings.otel.httpClients: a project wrapper from a module',
    settings: { otel: { httpClients: [{ name: 'fetchWithTimeout', module: './http' }] } },
    code: `import { fetchWithTimeout } from './http';

export async function sendWebhook(url: string) {
  await fetchWithTimeout(url, { method: 'POST' });
}
`,
    output: `import { fetchWithTimeout } from './http';
import { propagation, context } from '@opentelemetry/api';

export async function sendWebhook(url: string) {
  const traceHeaders: Record<string, string> = {};
  propagation.inject(context.active(), traceHeaders);
  await fetchWithTimeout(url, { method: 'POST', headers: traceHeaders });
}
`,
    errors: [webhook('fetchWithTimeout', 4, 9, 25)],
  },
];

/**
 * Idempotence: the final fixed output and every suggestion's output, linted again with the same configuration,
 * must produce no report at all.
 */
function relinted(cases: readonly Invalid[]): Valid[] {
  const out: Valid[] = [];
  const seen = new Set<string>();
  for (const item of cases) {
    const results: [string, string][] = [];
    if (typeof item.output === 'string') results.push(['fixed output', item.output]);
    if (Array.isArray(item.output) && item.output.length > 0) results.push(['fixed output', item.output.at(-1)!]);
    for (const error of item.errors) {
      for (const [index, suggested] of (error.suggestions ?? []).entries()) results.push([`suggestion ${index}`, suggested.output]);
    }
    for (const [what, code] of results) {
      const key = JSON.stringify([code, item.filename, item.options, item.settings]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        name: `re-lint of the ${what} reports nothing: ${item.name ?? item.code}`,
        code,
        ...(item.filename === undefined ? {} : { filename: item.filename }),
        ...(item.options === undefined ? {} : { options: item.options }),
        ...(item.settings === undefined ? {} : { settings: item.settings }),
        ...(item.languageOptions === undefined ? {} : { languageOptions: item.languageOptions }),
      });
    }
  }
  return out;
}

createRuleTester().run('require-trace-propagation', rule, {
  valid: [...valid, ...relinted(invalid)],
  invalid,
});

describe('require-trace-propagation options are validated', () => {
  const lint = (options: unknown): void => {
    new Linter().verify(
      'fetch("https://example.com/hooks");\n',
      [{ plugins: { otel: plugin as never }, rules: { 'otel/require-trace-propagation': ['error', options] } }],
      'webhook.js',
    );
  };

  it('rejects an unknown key, naming it', () => {
    expect(() => lint({ scop: 'all' })).toThrow(/otel\/require-trace-propagation[\s\S]*Unexpected property "scop"/);
  });

  it('rejects a scope that is neither webhooks nor all', () => {
    expect(() => lint({ scope: 'some' })).toThrow(/otel\/require-trace-propagation[\s\S]*"some" should match pattern "\^\(\?:webhooks\|all\)\$"/);
  });

  it('rejects a malformed host in ignoreHosts (a URL, a port, a path, a wildcard)', () => {
    for (const host of ['https://hooks.partner.example', 'hooks.partner.example:8443', 'partner.example/hooks', '*.partner.example', 'partner example']) {
      expect(() => lint({ ignoreHosts: [host] }), host).toThrow(new RegExp(`otel/require-trace-propagation[\\s\\S]*"${host.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" should match pattern`));
    }
    expect(() => lint({ ignoreHosts: ['localhost', 'Hooks.Partner-1.example'] })).not.toThrow();
  });

  it('rejects an empty webhook pattern', () => {
    expect(() => lint({ webhookPatterns: [''] })).toThrow(/otel\/require-trace-propagation[\s\S]*should NOT be shorter than 1 characters/);
  });

  it('reports an invalid regular expression in webhookPatterns clearly', () => {
    expect(() => lint({ webhookPatterns: ['^hooks?$', '('] })).toThrow(
      /require-trace-propagation: invalid webhookPatterns entry "\(": Invalid regular expression/,
    );
  });

  it('accepts the documented options', () => {
    expect(() => lint({ scope: 'all', webhookPatterns: ['^web-?hooks?$'], ignoreHosts: ['hooks.slack.com'] })).not.toThrow();
  });
});
