import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe } from 'vitest';

import rule, { type MessageIds, type Options } from '../../lib/rules/require-provider-trace-id.js';
import { createRuleTester } from '../rule-tester.js';
import { IMPORT, URL_HELPER } from './provider-trace-id.shared.js';

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

function twilio(method: string, line: number, column: number, endColumn: number, suggestions: { output: string }[] = []): Invalid['errors'][number] {
  return {
    messageId: 'missingTraceIdTwilio',
    data: { provider: 'Twilio', method, field: 'statusCallback', key: 'trace_id' },
    line,
    column,
    endLine: line,
    endColumn,
    suggestions: suggestions.map(({ output }) => ({ messageId: 'addTraceIdToCallback' as const, output })),
  };
}

const valid: Valid[] = [
  {
    name: 'reads and other resources stay silent',
    code: `import twilio from 'twilio';
const client = twilio('AC1', 'token');
export async function a(sid: string) {
  await client.messages.list({ limit: 20 });
  await client.messages(sid).fetch();
  await client.calls.list();
}
`,
  },
  {
    name: 'a callback URL that already carries the id',
    code: `import twilio from 'twilio';
const client = twilio('AC1', 'token');
export async function a(to: string, traceId: string) {
  await client.messages.create({ to, from: '+15550001', body: 'x', statusCallback: \`https://example.com/sms/status?traceId=\${traceId}\` });
  await client.calls.create({ to, from: '+15550001', url: 'https://example.com/twiml', statusCallback: withTraceIdParam('https://example.com/calls') });
}
declare function withTraceIdParam(url: string): string;
`,
  },
  {
    name: "look-alikes: another library's messages.create, a local client object",
    code: `import Anthropic from '@anthropic-ai/sdk';
const client = new Anthropic();
export async function ask() {
  await client.messages.create({ model: 'claude', max_tokens: 10, messages: [] });
}
const sms = { messages: { create: (p: object) => p } };
export const local = () => sms.messages.create({ to: '+1' });
`,
  },
];

const STATUS_INPUT = `import twilio from 'twilio';

const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

export async function sendCode(to: string, code: string) {
  return client.messages.create({
    to,
    from: '+15550001',
    body: \`Your code is \${code}\`,
    statusCallback: 'https://example.com/sms/status',
  });
}
`;

const invalid: Invalid[] = [
  {
    name: 'messages.create with a statusCallback: no autofix, a suggestion that adds the traceId query parameter',
    code: STATUS_INPUT,
    output: null,
    errors: [
      twilio('messages.create', 6, 10, 32, [
        {
          output: `import twilio from 'twilio';
${IMPORT}

${URL_HELPER}

const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

export async function sendCode(to: string, code: string) {
  return client.messages.create({
    to,
    from: '+15550001',
    body: \`Your code is \${code}\`,
    statusCallback: withTraceIdParam('https://example.com/sms/status'),
  });
}
`,
        },
      ]),
    ],
  },
  {
    name: 'no callback URL to carry it: reported without a suggestion (new Twilio, class member)',
    code: `import { Twilio } from 'twilio';
export class Dialer {
  private readonly twilio = new Twilio('AC1', 'token');
  async call(to: string) {
    await this.twilio.calls.create({ to, from: '+15550001', url: 'https://example.com/twiml' });
    await this.twilio.messages.create({ to, from: '+15550001', body: 'x' });
  }
}
`,
    output: null,
    errors: [twilio('calls.create', 5, 11, 35), twilio('messages.create', 6, 11, 38)],
  },
];

describe('require-provider-trace-id: Twilio', () => {
  createRuleTester().run('require-provider-trace-id', rule, { valid, invalid });
});
