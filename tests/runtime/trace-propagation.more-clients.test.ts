/**
 * Run-time proof for `otel/require-trace-propagation`, more clients: ky, ofetch, node-fetch, `node:http`
 * `request` (URL and options forms), superagent, `fetch(new Request(…))` and `axios.request(config)`. Each
 * webhook delivery is written as an app has it (no trace context), fixed with the real ESLint (or, where the
 * rule only suggests, with its suggestion applied through the `Linter` API), type-checked, loaded, and called
 * inside an active span against a local HTTP server that records the raw request headers.
 */

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { fixSource, inActiveSpan, loadModule, setupOtel, typeCheck, type Otel } from '../helpers/runtime.js';
import { rawValues, startRecordingServer, type Received, type RecordingServer } from '../helpers/recording-server.js';

const RULE = 'otel/require-trace-propagation';

interface Case {
  client: string;
  /** Module (and lint file) name. */
  name: string;
  /** The unfixed module; it exports `deliverWebhook(url, payload)`. */
  source: string;
  /** How the rule repairs it: an autofix (default) or its one suggestion. */
  via?: 'fix' | 'suggestion';
  /** An original header the delivery sends, which must still arrive once and unchanged. */
  header: [string, string | RegExp];
  /** What `deliverWebhook` resolves to on a 200 "ok" response (default: the status). */
  result?: unknown;
}

const CASES: Case[] = [
  {
    client: 'ky.post(url, { json, headers })',
    name: 'ky-headers',
    source: `import ky from 'ky';

export async function deliverWebhook(url: string, payload: unknown): Promise<number> {
  const res = await ky.post(url, { json: payload, headers: { 'x-webhook-source': 'shop' } });
  return res.status;
}
`,
    header: ['x-webhook-source', 'shop'],
  },
  {
    client: 'ky.post(url, { json })',
    name: 'ky-json',
    source: `import ky from 'ky';

export async function deliverWebhook(url: string, payload: unknown): Promise<number> {
  const res = await ky.post(url, { json: payload });
  return res.status;
}
`,
    header: ['content-type', /^application\/json/],
  },
  {
    client: "ofetch(url, { method: 'POST', body, headers })",
    name: 'ofetch',
    source: `import { ofetch } from 'ofetch';

export async function deliverWebhook(url: string, payload: Record<string, unknown>): Promise<string> {
  return ofetch<string>(url, { method: 'POST', body: payload, headers: { 'x-webhook-source': 'shop' } });
}
`,
    header: ['x-webhook-source', 'shop'],
    result: 'ok',
  },
  {
    client: "node-fetch default import: fetch(url, { method: 'POST', headers, body })",
    name: 'node-fetch',
    source: `import fetch from 'node-fetch';

export async function deliverWebhook(url: string, payload: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  await res.text();
  return res.status;
}
`,
    header: ['content-type', 'application/json'],
  },
  {
    client: "node-fetch: fetch(req) with a local new Request of 'node-fetch'",
    name: 'node-fetch-request',
    source: `import fetch, { Request } from 'node-fetch';

export async function deliverWebhook(url: string, payload: unknown): Promise<number> {
  const req = new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const res = await fetch(req);
  await res.text();
  return res.status;
}
`,
    header: ['content-type', 'application/json'],
  },
  {
    client: "http.request(url, { method: 'POST', headers }, cb)",
    name: 'http-url',
    source: `import http from 'node:http';

export function deliverWebhook(url: string, payload: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}
`,
    header: ['content-type', 'application/json'],
  },
  {
    client: 'http.request({ hostname, port, path, method, headers }, cb)',
    name: 'http-options',
    source: `import http from 'node:http';

export function deliverWebhook(url: string, payload: unknown): Promise<number> {
  const { port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: '127.0.0.1', port, path: pathname, method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}
`,
    header: ['content-type', 'application/json'],
  },
  {
    client: "superagent: request.post(url).set('content-type', …).send(body)",
    name: 'superagent',
    source: `import request from 'superagent';

export async function deliverWebhook(url: string, payload: object): Promise<number> {
  const res = await request.post(url).set('content-type', 'application/json').send(payload);
  return res.status;
}
`,
    header: ['content-type', 'application/json'],
  },
  {
    client: "superagent callable form: superagent('POST', url).set(…).send(body)",
    name: 'superagent-callable',
    source: `import superagent from 'superagent';

export async function deliverWebhook(url: string, payload: object): Promise<number> {
  const res = await superagent('POST', url).set('x-webhook-source', 'shop').send(payload);
  return res.status;
}
`,
    header: ['x-webhook-source', 'shop'],
  },
  {
    client: 'fetch(req) with a local new Request(url, init)',
    name: 'fetch-request',
    source: `export async function deliverWebhook(url: string, payload: unknown): Promise<number> {
  const req = new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const res = await fetch(req);
  await res.text();
  return res.status;
}
`,
    header: ['content-type', 'application/json'],
  },
  {
    client: "axios.request({ url, method: 'post', data, headers }) with a local headers object",
    name: 'axios-request-local',
    source: `import axios from 'axios';

export async function deliverWebhook(url: string, data: unknown): Promise<number> {
  const headers = { 'content-type': 'application/json' };
  const res = await axios.request({ url, method: 'post', data, headers });
  return res.status;
}
`,
    header: ['content-type', 'application/json'],
  },
  {
    client: "axios.request({ url, method: 'post', data, headers }) with headers from a parameter (suggestion)",
    name: 'axios-request-param',
    via: 'suggestion',
    source: `import axios from 'axios';

export async function deliverWebhook(
  url: string,
  data: unknown,
  headers: Record<string, string> = { 'x-webhook-source': 'shop' },
): Promise<number> {
  const res = await axios.request({ url, method: 'post', data, headers });
  return res.status;
}
`,
    header: ['x-webhook-source', 'shop'],
  },
];

type Deliver = (url: string, payload: Record<string, unknown>) => Promise<unknown>;

interface Prepared {
  /** The text after the fix (or the suggestion). */
  output: string;
  deliver: Deliver;
}

let otel: Otel;
let server: RecordingServer;
let url = '';
let received: Received[] = [];
const prepared = new Map<string, Prepared>();

/** The rule alone, through ESLint's `Linter` (flat config), on a `.ts` file of the fixed dir. */
function lintWithRule(code: string, filename: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
          plugins: { otel: plugin as never },
          rules: { [RULE]: 'error' },
        },
      ],
      filename,
    )
    .filter((m) => m.ruleId === RULE || m.fatal);
}

/** Apply the first suggestion of the rule's one report (there must be exactly one, with exactly one suggestion). */
function applySuggestion(code: string, filename: string): string {
  const messages = lintWithRule(code, filename);
  expect(messages, JSON.stringify(messages)).toHaveLength(1);
  const [message] = messages;
  expect(message!.fix, 'a suggestion-only report has no fix').toBeUndefined();
  expect(message!.suggestions, JSON.stringify(message)).toHaveLength(1);
  const { range, text } = message!.suggestions![0]!.fix;
  return code.slice(0, range[0]) + text + code.slice(range[1]);
}

async function prepare(item: Case): Promise<Prepared> {
  const filename = `${item.name}.ts`;
  const fixed = await fixSource(item.source, { filename, requireChange: item.via !== 'suggestion' });
  let output = fixed.output;
  if (item.via === 'suggestion') {
    // No autofix: the fixer leaves the text alone, and the suggestion is the repair.
    expect(output).toBe(item.source);
    output = applySuggestion(output, filename);
  } else {
    expect(fixed.messages.filter((m) => m.ruleId === RULE), 'reports left after fixing').toEqual([]);
  }
  const mod = await loadModule<{ deliverWebhook?: Deliver }>(output, item.name);
  if (typeof mod.deliverWebhook !== 'function') throw new Error(`${item.name}: no deliverWebhook export\n${output}`);
  return { output, deliver: mod.deliverWebhook };
}

function get(item: Case): Prepared {
  const entry = prepared.get(item.name);
  if (!entry) throw new Error(`${item.name} was not prepared`);
  return entry;
}

beforeAll(async () => {
  otel = setupOtel();
  server = await startRecordingServer();
  ({ url, received } = server);

  for (const item of CASES) prepared.set(item.name, await prepare(item));
});

beforeEach(() => {
  received.length = 0;
  otel.reset();
});

afterAll(async () => {
  await server?.close();
  await otel?.shutdown();
});

describe('require-trace-propagation (more clients): the receiver gets the caller trace context', () => {
  it.each(CASES)('$client: the unfixed and the fixed module type-check under strict', (item) => {
    expect(typeCheck(item.source, `${item.name}-src`), item.source).toEqual([]);
    const { output } = get(item);
    expect(output).toContain("from '@opentelemetry/api'");
    expect(typeCheck(output, item.name), output).toEqual([]);
  });

  it.each(CASES)('$client: the repaired text re-lints clean', (item) => {
    const { output } = get(item);
    expect(lintWithRule(output, `${item.name}.ts`)).toEqual([]);
  });

  it.each(CASES)('$client: one traceparent with the active span, original header and body kept', async (item) => {
    const { deliver } = get(item);
    const payload = { order: 42, client: item.name };
    const { result, traceId, spanId } = await inActiveSpan(otel.tracer, 'checkout', () => deliver(url, payload));

    expect(result).toBe(item.result ?? 200);
    expect(received).toHaveLength(1);
    const { rawHeaders, body } = received[0]!;

    const traceparents = rawValues(rawHeaders, 'traceparent');
    expect(traceparents, `traceparent headers sent by ${item.name}`).toHaveLength(1);
    expect(traceparents[0]).not.toContain(',');
    expect(traceparents[0]).toBe(`00-${traceId}-${spanId}-01`);

    const [name, value] = item.header;
    const values = rawValues(rawHeaders, name);
    expect(values, `${name} sent by ${item.name}`).toHaveLength(1);
    if (typeof value === 'string') expect(values[0]).toBe(value);
    else expect(values[0]).toMatch(value);
    // The payload still arrives as JSON.
    expect(JSON.parse(body)).toEqual(payload);
  });

  it.each(CASES)('$client: outside any span nothing invalid is sent (no all-zero traceparent)', async (item) => {
    const { deliver } = get(item);
    expect(await deliver(url, { order: 1 })).toBe(item.result ?? 200);
    expect(received).toHaveLength(1);
    const traceparents = rawValues(received[0]!.rawHeaders, 'traceparent');
    for (const value of traceparents) expect(value).not.toMatch(/^00-0{32}-/);
    // With no valid span context the W3C propagator injects nothing at all.
    expect(traceparents).toEqual([]);
  });
});

/**
 * A delivery that already sends its own trace context under a differently-cased header name (header names are
 * case-insensitive). Whatever the rule does with it, the receiver must get one valid traceparent.
 */
const OWN_TRACEPARENT = `export async function deliverWebhook(url: string, payload: unknown, traceparent: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', Traceparent: traceparent },
    body: JSON.stringify(payload),
  });
  await res.text();
  return res.status;
}
`;

describe('require-trace-propagation (more clients): a traceparent the code sets itself is not doubled', () => {
  // Regression: the rule recognised only the exact key `traceparent` and "fixed" this to
  // `headers: { ...traceHeaders, 'content-type': …, Traceparent: traceparent }`; fetch then sent ONE header
  // `traceparent: <injected>, <own>` (comma-joined, invalid).
  it('fetch with headers { Traceparent }: the receiver gets exactly one, uncombined traceparent', async () => {
    const { output } = await fixSource(OWN_TRACEPARENT, { filename: 'own-traceparent.ts', requireChange: false });
    expect(typeCheck(output, 'own-traceparent'), output).toEqual([]);
    const mod = await loadModule<{ deliverWebhook: (url: string, payload: unknown, traceparent: string) => Promise<number> }>(
      output,
      'own-traceparent',
    );
    const { result, traceId, spanId } = await inActiveSpan(otel.tracer, 'checkout', (span) => {
      const { traceId: t, spanId: s } = span.spanContext();
      return mod.deliverWebhook(url, { order: 7 }, `00-${t}-${s}-01`);
    });
    expect(result).toBe(200);
    expect(received).toHaveLength(1);
    const traceparents = rawValues(received[0]!.rawHeaders, 'traceparent');
    expect(traceparents, output).toEqual([`00-${traceId}-${spanId}-01`]);
  });
});
