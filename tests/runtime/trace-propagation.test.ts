/**
 * Run-time proof for `otel/require-trace-propagation`: webhook deliveries through fetch, axios (module and
 * instance), got, undici request and undici fetch are fixed with the real ESLint, loaded, and called inside an
 * active span against a local HTTP server that records the raw request headers.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { fixSource, inActiveSpan, loadModule, setupOtel, typeCheck, type FixResult, type Otel } from '../helpers/runtime.js';
import { rawValues, startRecordingServer, type Received, type RecordingServer } from '../helpers/recording-server.js';

/** What an app has before the fix: webhook deliveries that do not carry the trace context. */
const SOURCE = `
import axios from 'axios';
import got from 'got';
import { request, fetch as undiciFetch } from 'undici';

const hookClient = axios.create({ timeout: 5000 });

export async function deliverWebhookFetch(url: string, payload: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return res.status;
}

export async function deliverWebhookAxios(url: string, payload: unknown): Promise<number> {
  const res = await axios.post(url, payload, { headers: { 'content-type': 'application/json' } });
  return res.status;
}

export async function deliverWebhookAxiosInstance(url: string, payload: unknown): Promise<number> {
  const res = await hookClient.post(url, payload, { headers: { 'content-type': 'application/json' } });
  return res.status;
}

export async function deliverWebhookGot(url: string, payload: unknown): Promise<number> {
  const res = await got.post(url, { json: payload, headers: { 'x-webhook-source': 'shop' } });
  return res.statusCode;
}

export async function deliverWebhookUndici(url: string, payload: unknown): Promise<number> {
  const { statusCode, body } = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  await body.text();
  return statusCode;
}

export async function deliverWebhookUndiciFetch(url: string, payload: unknown): Promise<number> {
  const res = await undiciFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  await res.text();
  return res.status;
}

export async function notifyWithHeadersVariable(url: string, payload: unknown): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload) });
  return res.status;
}

export async function notifyWithHeadersObject(url: string, payload: unknown): Promise<number> {
  const headers = new Headers({ 'content-type': 'application/json' });
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload) });
  return res.status;
}

export async function notifyWithInlineHeadersObject(url: string, payload: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: new Headers({ 'content-type': 'application/json' }),
    body: JSON.stringify(payload),
  });
  return res.status;
}

export async function notifyWithoutHeaders(url: string, payload: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(payload) });
  return res.status;
}

export async function notifyAxiosWithoutConfig(url: string, payload: unknown): Promise<number> {
  const res = await axios.post(url, payload);
  return res.status;
}
`;

type Deliver = (url: string, payload: unknown) => Promise<number>;

/** Each exported function, and the original header it sends that must still arrive. */
const CASES: { fn: string; client: string; header?: [string, string | RegExp] }[] = [
  { fn: 'deliverWebhookFetch', client: 'global fetch', header: ['content-type', 'application/json'] },
  { fn: 'deliverWebhookAxios', client: 'axios.post', header: ['content-type', 'application/json'] },
  { fn: 'deliverWebhookAxiosInstance', client: 'axios.create() instance', header: ['content-type', 'application/json'] },
  { fn: 'deliverWebhookGot', client: 'got.post', header: ['x-webhook-source', 'shop'] },
  { fn: 'deliverWebhookUndici', client: 'undici request', header: ['content-type', 'application/json'] },
  { fn: 'deliverWebhookUndiciFetch', client: 'undici fetch', header: ['content-type', 'application/json'] },
  { fn: 'notifyWithHeadersVariable', client: 'fetch with a headers variable', header: ['content-type', 'application/json'] },
  { fn: 'notifyWithHeadersObject', client: 'fetch with a WHATWG Headers variable', header: ['content-type', 'application/json'] },
  { fn: 'notifyWithoutHeaders', client: 'fetch without headers' },
  { fn: 'notifyAxiosWithoutConfig', client: 'axios.post without config', header: ['content-type', /^application\/json/] },
];

let otel: Otel;
let server: RecordingServer;
let url = '';
let received: Received[] = [];
let output = '';
let remaining: FixResult['messages'] = [];
let mod: Record<string, Deliver>;

beforeAll(async () => {
  otel = setupOtel();
  server = await startRecordingServer();
  ({ url, received } = server);

  ({ output, messages: remaining } = await fixSource(SOURCE, { filename: 'webhooks.ts' }));
  mod = await loadModule<Record<string, Deliver>>(output, 'webhooks');
});

beforeEach(() => {
  received.length = 0;
  otel.reset();
});

afterAll(async () => {
  await server?.close();
  await otel?.shutdown();
});

describe('require-trace-propagation: the receiver gets the caller trace context', () => {
  it('the fixed module type-checks under strict (as the unfixed source does)', () => {
    expect(typeCheck(SOURCE, 'webhooks-src')).toEqual([]);
    expect(typeCheck(output, 'webhooks'), output).toEqual([]);
  });

  it.each(CASES)('$client ($fn): one traceparent with the active span, original headers kept', async ({ fn, header }) => {
    const deliver = mod[fn];
    expect(deliver, `export ${fn}`).toBeTypeOf('function');
    const payload = { order: 42, fn };
    const { result, traceId, spanId } = await inActiveSpan(otel.tracer, 'checkout', () => deliver!(url, payload));

    expect(result).toBe(200);
    expect(received).toHaveLength(1);
    const { rawHeaders, body } = received[0]!;

    const traceparents = rawValues(rawHeaders, 'traceparent');
    expect(traceparents, `traceparent headers sent by ${fn}`).toHaveLength(1);
    expect(traceparents[0]).not.toContain(',');
    expect(traceparents[0]).toBe(`00-${traceId}-${spanId}-01`);

    if (header) {
      const [name, value] = header;
      const values = rawValues(rawHeaders, name);
      expect(values, `${name} sent by ${fn}`).toHaveLength(1);
      if (typeof value === 'string') expect(values[0]).toBe(value);
      else expect(values[0]).toMatch(value);
    }
    // The payload still arrives as JSON.
    expect(JSON.parse(body)).toEqual(payload);
  });

  // No autofix by design (lib/fix/inject-headers.ts: an inline `new Headers(…)` is report-only). The fixer must
  // leave it reported and untouched; when a fix is added, move this function into CASES above.
  it('fetch with an inline new Headers(): still reported, left unfixed (no half-working fix)', async () => {
    const start = SOURCE.split('\n').findIndex((line) => line.includes('function notifyWithInlineHeadersObject'));
    const fixedStart = output.split('\n').findIndex((line) => line.includes('function notifyWithInlineHeadersObject'));
    const reported = remaining.filter((m) => m.ruleId === 'otel/require-trace-propagation' && m.line > fixedStart && m.line <= fixedStart + 6);
    expect(reported, JSON.stringify(remaining)).toHaveLength(1);
    const body = (text: string, from: number): string => text.split('\n').slice(from, from + 8).join('\n');
    expect(body(output, fixedStart)).toBe(body(SOURCE, start));
  });

  it('outside any span nothing invalid is sent (no all-zero traceparent)', async () => {
    expect(await mod.deliverWebhookFetch!(url, { order: 1 })).toBe(200);
    expect(received).toHaveLength(1);
    for (const value of rawValues(received[0]!.rawHeaders, 'traceparent')) {
      expect(value).not.toMatch(/^00-0{32}-/);
    }
  });
});
