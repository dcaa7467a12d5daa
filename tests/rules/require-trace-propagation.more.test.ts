import rule from '../../lib/rules/require-trace-propagation.js';
import { createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-trace-propagation (configured dotted HTTP client)', rule, {
  valid: [
    {
      name: 'a dotted wrapper name does not match other objects’ methods of that name',
      settings: { otel: { httpClients: [{ name: 'strapi.fetch', urlArg: 0, optionsArg: 1 }] } },
      code: `export async function deliverWebhook(url: string, cache: { fetch(u: string, o: object): Promise<void> }) {
  await cache.fetch(url, { method: 'POST' });
}
`,
    },
  ],
  invalid: [
    {
      name: "an injected fetch: httpClients [{ name: 'strapi.fetch' }] matches this.strapi.fetch(…)",
      settings: { otel: { httpClients: [{ name: 'strapi.fetch', urlArg: 0, optionsArg: 1 }] } },
      code: `export class WebhookRunner {
  constructor(private readonly strapi: { fetch(url: string, init: RequestInit): Promise<Response> }) {}

  async deliver(url: string, body: string) {
    await this.strapi.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  }
}
`,
      output: `import { propagation, context } from '@opentelemetry/api';

export class WebhookRunner {
  constructor(private readonly strapi: { fetch(url: string, init: RequestInit): Promise<Response> }) {}

  async deliver(url: string, body: string) {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    await this.strapi.fetch(url, { method: 'POST', headers: { ...traceHeaders, 'content-type': 'application/json' }, body });
  }
}
`,
      errors: [{ messageId: 'missingContextWebhook', data: { client: 'strapi.fetch' }, line: 5, column: 11, endLine: 5, endColumn: 28 }],
    },
  ],
});
