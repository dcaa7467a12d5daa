import { VENDOR_API_HOSTS } from '../catalogue/http.js';
import type { TSESTree } from '@typescript-eslint/utils';

import { findHttpRequests, mayHaveHttpRequests, propagatesContext } from '../detect/http-calls.js';
import { findJobHandlers } from '../detect/job-handlers.js';
import {
  DEFAULT_PATH_PATTERNS,
  DEFAULT_URL_PATTERNS,
  DEFAULT_WEBHOOK_PATTERNS,
  hostMatches,
  isWebhookDelivery,
  staticHost,
} from '../detect/webhook-scope.js';
import { FixBuilder } from '../fix/builder.js';
import { planInjection } from '../fix/inject-headers.js';
import { apiAvailable } from '../fix/tracer.js';
import { recordInventory } from '../inventory.js';
import { getSettings } from '../settings.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    scope?: 'webhooks' | 'all';
    webhookPatterns?: string[];
    ignoreHosts?: string[];
  },
];
export type MessageIds =
  | 'missingContext'
  | 'missingContextWebhook'
  | 'missingContextNoApi'
  | 'missingContextWebhookNoApi'
  | 'injectTraceContext'
  | 'injectTraceContextAddApi';

/** A DNS host name: dot-separated labels of letters, digits and inner hyphens (`hooks.partner.example`). */
const HOST_PATTERN = '^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$';

export default createRule<Options, MessageIds>({
  name: 'require-trace-propagation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require outgoing webhook requests to carry W3C trace context',
      priority: 'P1',
      recommended: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    defaultOptions: [{ scope: 'webhooks', ignoreHosts: [] }],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          scope: {
            type: 'string',
            enum: ['webhooks', 'all'],
            // ESLint prints a failed pattern (not an enum's values): the error then lists them.
            pattern: '^(?:webhooks|all)$',
            description: "Which outgoing requests must propagate: 'webhooks' (webhook and outbox deliveries, the default) or 'all'.",
          },
          webhookPatterns: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Regular expressions (case-insensitive) for the words that mark a webhook delivery; they replace the defaults.',
          },
          ignoreHosts: {
            type: 'array',
            // A host name only: no scheme, port, path or wildcard (a listed host covers its subdomains).
            items: { type: 'string', pattern: HOST_PATTERN },
            uniqueItems: true,
            description:
              'Host names (each covers its subdomains; no scheme, port, path or wildcard) that must never receive trace headers, e.g. receivers that reject unknown headers.',
          },
        },
      },
    ],
    messages: {
      missingContextWebhook:
        '{{client}} delivers a webhook without W3C trace context (traceparent): the receiver cannot join it to this trace.',
      missingContext: '{{client}} request sends no W3C trace context (traceparent).',
      missingContextWebhookNoApi:
        '{{client}} delivers a webhook without W3C trace context (traceparent): the receiver cannot join it to this trace. Not fixed automatically: the fix imports @opentelemetry/api, which this package.json does not list in dependencies, peerDependencies or optionalDependencies (add it, or apply the suggestion).',
      missingContextNoApi:
        '{{client}} request sends no W3C trace context (traceparent). Not fixed automatically: the fix imports @opentelemetry/api, which this package.json does not list in dependencies, peerDependencies or optionalDependencies (add it, or apply the suggestion).',
      injectTraceContext: 'Inject the active trace context into the request headers (check the headers value is a plain object).',
      injectTraceContextAddApi:
        'Inject the active trace context into the request headers (imports @opentelemetry/api, which package.json does not list: add it).',
    },
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const settings = getSettings(context);
    // Auto-instrumentation (instrumentation-http / -undici) injects traceparent into every request itself.
    if (settings.httpInstrumentation) return {};
    // A file that names no HTTP client nor configured wrapper is done at once.
    if (!mayHaveHttpRequests(context, settings)) return {};
    const scopeAll = options.scope === 'all';
    // Patterns of the user's replace the defaults everywhere (URL and names alike).
    const user = options.webhookPatterns?.map((source) => compile(source));
    const patterns = user
      ? { anywhere: user, urlOnly: [], path: user }
      : {
          anywhere: DEFAULT_WEBHOOK_PATTERNS.map((source) => compile(source)),
          urlOnly: DEFAULT_URL_PATTERNS.map((source) => compile(source)),
          path: DEFAULT_PATH_PATTERNS.map((source) => compile(source)),
        };
    const ignoredHosts = [...(options.ignoreHosts ?? []), ...VENDOR_API_HOSTS];

    return {
      'Program:exit'() {
        let autofixable: boolean | undefined;
        const canAutofix = (): boolean => (autofixable ??= apiAvailable(sourceCode, context.filename, settings));
        // The names of the jobs whose handlers make a request are evidence too (`new Worker('webhooks', …)`).
        let jobNames: Map<TSESTree.Node, string> | undefined;
        const jobNamesAround = (node: TSESTree.Node): string[] => {
          if (!jobNames) {
            jobNames = new Map();
            for (const job of findJobHandlers(context, settings)) {
              if (job.handler.kind === 'function' && job.jobName) jobNames.set(job.handler.fn, job.jobName);
            }
          }
          const names: string[] = [];
          for (let current = node.parent; current; current = current.parent) {
            const name = jobNames.get(current);
            if (name) names.push(name);
          }
          return names;
        };
        for (const request of findHttpRequests(context, settings)) {
          // When it is silent: hosts that must not (or need not) get headers, non-webhook calls unless
          // scope is 'all', and requests that already carry trace context.
          const host = staticHost(request);
          if (host && ignoredHosts.some((listed) => hostMatches(host, listed))) continue;
          const webhook = isWebhookDelivery(sourceCode, context.filename, context.cwd, request, patterns, jobNamesAround(request.call));
          if (!scopeAll && !webhook) continue;
          const propagates = propagatesContext(context, request, settings);
          recordInventory(context, 'require-trace-propagation', request.call.callee, propagates, `${request.client.label} ${webhook ? 'webhook delivery' : 'request'}`);
          if (propagates) continue;

          const plan = planInjection(sourceCode, context.filename, request);
          const report = {
            node: request.call.callee,
            messageId: webhook ? ('missingContextWebhook' as const) : ('missingContext' as const),
            data: { client: request.client.label },
          };
          if (plan.kind === 'none') {
            context.report(report);
          } else if (plan.kind === 'fix' && !canAutofix()) {
            // The project does not list @opentelemetry/api: an added import would break it.
            context.report({
              ...report,
              messageId: webhook ? 'missingContextWebhookNoApi' : 'missingContextNoApi',
              suggest: [{ messageId: 'injectTraceContextAddApi', fix: (fixer) => build(fixer, plan.apply) }],
            });
          } else if (plan.kind === 'fix') {
            context.report({ ...report, fix: (fixer) => build(fixer, plan.apply) });
          } else {
            context.report({
              ...report,
              suggest: [{ messageId: 'injectTraceContext', fix: (fixer) => build(fixer, plan.apply) }],
            });
          }
        }
      },
    };

    function build(fixer: Parameters<FixBuilder['build']>[0], apply: (builder: FixBuilder) => boolean) {
      const builder = new FixBuilder(sourceCode);
      return apply(builder) ? builder.buildWithinBudget(fixer) : null;
    }
  },
});

const compiled = new Map<string, RegExp>();

function compile(source: string): RegExp {
  let regexp = compiled.get(source);
  if (regexp) return regexp;
  try {
    regexp = new RegExp(source, 'i');
    compiled.set(source, regexp);
    return regexp;
  } catch (error) {
    throw new Error(`eslint-plugin-otel: require-trace-propagation: invalid webhookPatterns entry ${JSON.stringify(source)}: ${(error as Error).message}`, { cause: error });
  }
}
