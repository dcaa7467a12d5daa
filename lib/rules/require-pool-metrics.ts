import { SEMCONV } from '../catalogue/pools.js';
import { findPoolCreations, poolStatus, type PoolCreation, mayCreatePools } from '../detect/pools.js';
import { FixBuilder } from '../fix/builder.js';
import { applyPoolMetrics, promClientApplies, type Exporter, type LimitMetric } from '../fix/pool-metrics.js';
import { apiAvailable, OTEL_API } from '../fix/tracer.js';
import { recordInventory } from '../inventory.js';
import { declaresDependency } from '../project.js';
import { getSettings } from '../settings.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    exporter?: 'auto' | 'otel' | 'prom-client';
    limitMetric?: LimitMetric;
  },
];
export type MessageIds = 'missingPoolMetrics' | 'loggedNotMeasured' | 'registerPoolMetricsAddApi' | 'bindAndRegisterPoolMetrics';

const RULE = 'require-pool-metrics';

export default createRule<Options, MessageIds>({
  name: RULE,
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require every database connection pool to export its saturation (idle, used, pending, limit) as metrics',
      priority: 'P2',
      recommended: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    defaultOptions: [{ exporter: 'auto', limitMetric: SEMCONV.max }],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          exporter: {
            type: 'string',
            enum: ['auto', 'otel', 'prom-client'],
            description:
              "What the fix writes: 'otel' (OpenTelemetry observable up-down counters), 'prom-client' (gauges with collect()), or 'auto' (prom-client where the file imports it or the project lists it without @opentelemetry/api; else OpenTelemetry).",
          },
          limitMetric: {
            type: 'string',
            enum: [SEMCONV.max, SEMCONV.limit],
            description: `The metric name for the pool's limit: '${SEMCONV.max}' (what instrumentation-pg emits) or '${SEMCONV.limit}' (its name since semantic conventions 1.45).`,
          },
        },
      },
    ],
    messages: {
      missingPoolMetrics: '{{library}} {{pool}}: nothing exports its idle, used and pending connections or its limit as metrics.',
      loggedNotMeasured:
        '{{library}} {{pool}}: its counts are only read into code (logs, events), which is not a metric: nothing exports its idle, used and pending connections or its limit.',
      registerPoolMetricsAddApi:
        'Register observable instruments that read the pool (imports @opentelemetry/api, which package.json does not list: add it).',
      bindAndRegisterPoolMetrics:
        'Bind the pool to a constant (created one statement earlier) and register observable instruments that read it.',
    },
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const settings = getSettings(context);
    // A file that imports no pool library is done at once.
    if (!mayCreatePools(context)) return {};
    return {
      'Program:exit'() {
        const creations = findPoolCreations(context);
        if (creations.length === 0) return;
        const unmeasured: { creation: PoolCreation; logged: boolean }[] = [];
        for (const creation of creations) {
          const status = poolStatus(context, creation, settings);
          recordInventory(context, RULE, creation.call.callee, status.measured, creation.library.label);
          if (!status.measured) unmeasured.push({ creation, logged: status.logged });
        }
        const exporter = chooseExporter(unmeasured.map((item) => item.creation));
        const otelAutofix = apiAvailable(sourceCode, context.filename, settings);
        for (const { creation, logged } of unmeasured) {
          const report = {
            node: creation.call.callee,
            messageId: logged ? ('loggedNotMeasured' as const) : ('missingPoolMetrics' as const),
            data: { library: creation.library.label, pool: poolLabel(creation) },
          };
          const useProm = exporter === 'prom-client' && promClientApplies(creation);
          const plan = (): FixBuilder | null => {
            const builder = new FixBuilder(sourceCode);
            const ok = applyPoolMetrics(builder, context.filename, settings, creation, {
              exporter: useProm ? 'prom-client' : 'otel',
              limitMetric: options.limitMetric ?? SEMCONV.max,
            });
            return ok ? builder : null;
          };
          const fix = (fixer: Parameters<FixBuilder['build']>[0]) => plan()?.build(fixer) ?? null;
          if (!plan()) {
            context.report(report);
          } else if (creation.binding.kind === 'none') {
            // Binding the pool moves its creation one statement earlier: the user decides.
            context.report({ ...report, suggest: [{ messageId: 'bindAndRegisterPoolMetrics', fix }] });
          } else if (!useProm && !otelAutofix) {
            context.report({ ...report, suggest: [{ messageId: 'registerPoolMetricsAddApi', fix }] });
          } else {
            context.report({ ...report, fix });
          }
        }
      },
    };

    /**
     * 'auto': prom-client where the file already imports it, or the project lists prom-client but not the
     * OpenTelemetry API; and only when a single module-level pool needs it (a gauge name registers once).
     */
    function chooseExporter(pools: readonly PoolCreation[]): Exporter {
      const wanted = options.exporter ?? 'auto';
      const promPools = pools.filter((creation) => promClientApplies(creation));
      if (promPools.length !== 1 || sourceCode.text.includes("'db_client_connection_count'") || sourceCode.text.includes('"db_client_connection_count"')) {
        return 'otel';
      }
      if (wanted !== 'auto') return wanted;
      if (/\bprom-client\b/.test(sourceCode.text)) return 'prom-client';
      if (sourceCode.text.includes(OTEL_API)) return 'otel';
      const filename = context.filename;
      return declaresDependency(filename, 'prom-client') && !declaresDependency(filename, OTEL_API) ? 'prom-client' : 'otel';
    }
  },
});

function poolLabel(creation: PoolCreation): string {
  const binding = creation.binding;
  if (binding.kind === 'variable') return `\`${binding.name}\``;
  if (binding.kind === 'member' || binding.kind === 'field') return `\`this.${binding.name}\``;
  return 'created inline';
}
