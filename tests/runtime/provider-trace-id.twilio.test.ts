/**
 * Run-time proof for `otel/require-provider-trace-id` with the real `twilio` SDK. Twilio has no metadata
 * field, so the rule never autofixes; its suggestion wraps an existing `statusCallback` in
 * `withTraceIdParam(…)`. The suggestion is applied through ESLint's `Linter`, the result type-checked against
 * Twilio's own types and run with the real client, whose real `RequestClient` (axios) is pointed at a stand-in
 * for api.twilio.com on 127.0.0.1. Inside an active span the form body's `StatusCallback` carries
 * `traceId=<the span's trace id>` (no underscore: Twilio forbids them there); without one the URL is unchanged.
 */
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { startJsonServer, type JsonServer } from '../helpers/json-server.js';
import { fixSource, inActiveSpan, loadModule, setupOtel, typeCheck, type Otel } from '../helpers/runtime.js';

const RULE = 'otel/require-provider-trace-id';

const SOURCE = `import type { Twilio } from 'twilio';

export async function sendCode(client: Twilio, to: string, code: string) {
  return client.messages.create({
    to,
    from: '+15550001111',
    body: \`Your code is \${code}\`,
    statusCallback: 'https://hooks.example.com/sms/status?tenant=acme',
  });
}
`;

interface Sms {
  sendCode(client: twilio.Twilio, to: string, code: string): Promise<unknown>;
}

function lint(code: string): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as Linter.Parser },
        plugins: { otel: plugin as never },
        rules: { [RULE]: 'error' },
      },
    ],
    'src/sms.ts',
  );
}

/** A real RequestClient (axios) that sends to the stand-in instead of https://api.twilio.com. */
function localRequestClient(origin: string): twilio.RequestClient {
  const real = new twilio.RequestClient();
  const request = real.request.bind(real);
  real.request = ((opts) => request({ ...opts, uri: opts.uri.replace(/^https:\/\/[^/]+/, origin) })) as typeof real.request;
  return real;
}

describe('require-provider-trace-id at run time: twilio (suggestion)', () => {
  let otel: Otel;
  let server: JsonServer;
  let client: twilio.Twilio;
  let sms: Sms;
  let suggested: string;

  beforeAll(async () => {
    otel = setupOtel();
    server = await startJsonServer(() => ({ status: 201, body: { sid: 'SM1', status: 'queued' } }));
    client = twilio('AC00000000000000000000000000000000', 'token', { httpClient: localRequestClient(server.origin) });

    // No autofix: `eslint --fix` leaves the file as it is.
    const fixed = await fixSource(SOURCE, { filename: 'sms.ts', requireChange: false });
    expect(fixed.output).toBe(SOURCE);
    const messages = lint(SOURCE).filter((m) => m.ruleId === RULE);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.fix).toBeUndefined();
    expect(messages[0]!.suggestions).toHaveLength(1);
    const { range, text } = messages[0]!.suggestions![0]!.fix;
    suggested = SOURCE.slice(0, range[0]) + text + SOURCE.slice(range[1]);
    sms = await loadModule<Sms>(suggested, 'sms');
  });
  afterAll(async () => {
    await server?.close();
    await otel?.shutdown();
  });
  beforeEach(() => {
    server.received.length = 0;
  });

  it('the suggestion wraps the callback URL, type-checks, and silences the rule', () => {
    expect(suggested).toContain("statusCallback: withTraceIdParam('https://hooks.example.com/sms/status?tenant=acme'),");
    expect(typeCheck(suggested, 'sms')).toEqual([]);
    expect(lint(suggested).filter((m) => m.ruleId === RULE)).toEqual([]);
  });

  it('inside an active span the StatusCallback carries traceId=<trace id>, keeping its own query', async () => {
    const { traceId } = await inActiveSpan(otel.tracer, 'login', () => sms.sendCode(client, '+15552223333', '123456'));
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.url).toBe('/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json');
    const callback = new URL(new URLSearchParams(server.received[0]!.body).get('StatusCallback')!);
    expect(callback.searchParams.get('traceId')).toBe(traceId);
    expect(callback.searchParams.get('tenant')).toBe('acme');
    expect(callback.href).not.toContain('_');
  });

  it('without an active span the callback URL is sent unchanged', async () => {
    await sms.sendCode(client, '+15552223333', '123456');
    const body = new URLSearchParams(server.received[0]!.body);
    expect(body.get('StatusCallback')).toBe('https://hooks.example.com/sms/status?tenant=acme');
    expect(server.received[0]!.body).not.toMatch(/trace/i);
  });
});
