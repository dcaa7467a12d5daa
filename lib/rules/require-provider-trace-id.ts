import type { TSESLint } from '@typescript-eslint/utils';

import { PROVIDER_IDS, PROVIDERS, type Provider, type ProviderId } from '../catalogue/providers.js';
import { findProviderCalls, mayCallProviders } from '../detect/provider-calls.js';
import { FixBuilder } from '../fix/builder.js';
import { insideHelper, planTraceId } from '../fix/provider-trace-id.js';
import { apiAvailable } from '../fix/tracer.js';
import { recordInventory } from '../inventory.js';
import { getSettings } from '../settings.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    key?: string;
    helpers?: string[];
    providers?: ProviderId[];
  },
];
export type MessageIds =
  | 'missingTraceId'
  | 'missingTraceIdUnseen'
  | 'missingTraceIdTwilio'
  | 'addTraceIdAddApi'
  | 'addTraceIdToCallback';

const DEFAULT_KEY = 'trace_id';

export default createRule<Options, MessageIds>({
  name: 'require-provider-trace-id',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require calls to payment, email and SMS providers to carry the trace id in the provider’s own metadata field',
      priority: 'P2',
      recommended: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    defaultOptions: [{ key: DEFAULT_KEY, helpers: [], providers: [...PROVIDER_IDS] }],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          key: {
            type: 'string',
            // Stripe metadata keys: ≤ 40 characters, no brackets; Resend/SES tag names: letters, digits, _ and -.
            pattern: '^[A-Za-z0-9_-]{1,40}$',
            description: "The key the trace id goes under (default 'trace_id'); letters, digits, '_' and '-', at most 40 characters.",
          },
          helpers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Names of project functions that add the trace id: a call whose params pass through one, or a provider call made inside one, is fine.',
          },
          providers: {
            type: 'array',
            items: { type: 'string', enum: [...PROVIDER_IDS] },
            uniqueItems: true,
            description: `Which providers to check (default all): ${PROVIDER_IDS.join(', ')}.`,
          },
        },
      },
    ],
    messages: {
      missingTraceId:
        '{{provider}} `{{method}}` sends no trace id: add `{{key}}` to `{{field}}` so the provider’s dashboard, logs and webhooks link back to this trace.',
      missingTraceIdUnseen:
        '{{provider}} `{{method}}` may send no trace id: {{where}}, so this rule can’t see whether `{{field}}` holds `{{key}}` and assumes it is missing. Add it where the params are built (no autofix here), or name the function that adds it in the `helpers` option.',
      missingTraceIdTwilio:
        'Twilio `{{method}}` sends no trace id: Twilio has no metadata field, so only a callback URL’s query string can carry it (`statusCallback`, query parameter `traceId`: no underscores). Not fixed automatically: it changes where Twilio calls back.',
      addTraceIdAddApi:
        'Add the active trace id to `{{field}}` as `{{key}}` (imports @opentelemetry/api, which package.json does not list: add it).',
      addTraceIdToCallback: 'Add the active trace id to `statusCallback` as the `traceId` query parameter (check the endpoint accepts it and its signature validation uses the full URL).',
    },
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const key = options.key ?? DEFAULT_KEY;
    const helpers = options.helpers ?? [];
    const providers = selectProviders(options.providers);
    // A file that imports no provider SDK (and, typed, belongs to a program without one) is done at once.
    if (!mayCallProviders(context, providers)) return {};

    return {
      'Program:exit'() {
        const calls = findProviderCalls(context, providers);
        if (calls.length === 0) return;
        const settings = getSettings(context);
        const canAutofix = apiAvailable(sourceCode, context.filename, settings);
        for (const found of calls) {
          const label = `${found.provider.label} ${found.methodLabel}`;
          if (insideHelper(found.call, helpers)) {
            recordInventory(context, 'require-provider-trace-id', found.call.callee, true, label);
            continue;
          }
          const plan = planTraceId(sourceCode, found, { key, helpers, filename: context.filename });
          if (plan.kind === 'skip') continue;
          recordInventory(context, 'require-provider-trace-id', found.call.callee, plan.kind === 'tagged', label);
          if (plan.kind === 'tagged') continue;

          const data = { provider: found.provider.label, method: found.methodLabel, field: found.fieldLabel, key };
          const node = found.call.callee;
          if (plan.kind === 'unseen') {
            context.report({
              node,
              messageId: 'missingTraceIdUnseen',
              data: { provider: data.provider, method: data.method, field: data.field, key, where: plan.where },
            });
          } else if (plan.kind === 'callback') {
            const suggest = plan.suggest;
            context.report({
              node,
              messageId: 'missingTraceIdTwilio',
              data,
              suggest: suggest ? [{ messageId: 'addTraceIdToCallback', fix: (fixer) => build(fixer, suggest) }] : [],
            });
          } else if (!canAutofix) {
            // The project does not list @opentelemetry/api: an added import would break it.
            context.report({
              node,
              messageId: 'missingTraceId',
              data,
              suggest: [{ messageId: 'addTraceIdAddApi', data, fix: (fixer) => build(fixer, plan.apply) }],
            });
          } else {
            context.report({ node, messageId: 'missingTraceId', data, fix: (fixer) => build(fixer, plan.apply) });
          }
        }
      },
    };

    function build(fixer: TSESLint.RuleFixer, apply: (builder: FixBuilder) => boolean) {
      const builder = new FixBuilder(sourceCode);
      return apply(builder) ? builder.build(fixer) : null;
    }
  },
});

const selections = new Map<string, readonly Provider[]>();

/** The catalogue entries of the chosen providers (once per choice: the same list for every file). */
function selectProviders(ids: readonly string[] | undefined): readonly Provider[] {
  const key = (ids ?? PROVIDER_IDS).join(',');
  let providers = selections.get(key);
  if (!providers) {
    const wanted = new Set(ids ?? PROVIDER_IDS);
    providers = PROVIDERS.filter((provider) => wanted.has(provider.id));
    selections.set(key, providers);
  }
  return providers;
}
