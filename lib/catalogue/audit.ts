/**
 * What the `otel-audit` report says about each kind of finding: its title, severity, what the coverage line
 * counts, the impact, the fix and the recommendation. Data keyed by rule name; the rules themselves (their
 * priority, docs URL, fixability) are read from `plugin.rules`, so a rule without an entry here still gets a
 * section, written from its metadata by `auditProse()`.
 */

export type Priority = 'P0' | 'P1' | 'P2';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Horizon = 'immediate' | 'short-term' | 'long-term';

export interface AuditProse {
  /** Section heading: the gap, in a few words. */
  readonly title: string;
  readonly severity: Severity;
  /** The coverage line: `<items>: 23, <fine> 8 (35%)`. */
  readonly coverage: { readonly items: string; readonly fine: string };
  /** What the gap costs in production. */
  readonly impact: string;
  /** What the autofix (`otel-audit --fix` / `eslint --fix`) changes. */
  readonly autofix: string;
  /** What to do by hand where only a suggestion (or nothing) is offered. */
  readonly manualFix: string;
  readonly recommendation: { readonly horizon: Horizon; readonly text: string };
}

export const AUDIT_PROSE: Readonly<Record<string, AuditProse>> = {
  'require-job-span': {
    title: 'Background jobs run without a span',
    severity: 'critical',
    coverage: { items: 'job handlers', fine: 'traced' },
    impact:
      'Nothing a job does is traced: its database queries, HTTP calls and errors appear as orphan spans or not at all, ' +
      'its logs share no trace id, and a slow or failing job cannot be followed from the queue to its effects.',
    autofix:
      'wraps the handler body in `tracer.startActiveSpan(…)` with the job name and id as attributes, records exceptions, ' +
      'sets the error status and ends the span in `finally`; it imports `@opentelemetry/api` and reuses (or creates) a tracer.',
    manualFix:
      'callback-style handlers `(job, done)` and generators get a suggestion instead (the span must end when `done` is called): ' +
      'apply it in the editor and check where the span ends.',
    recommendation: {
      horizon: 'immediate',
      text: 'Give every background job a span: run `otel-audit --fix` (or `eslint --fix` with `otel.configs.recommended`) and review the diff.',
    },
  },
  'require-trace-propagation': {
    title: 'Webhooks leave without trace context',
    severity: 'high',
    coverage: { items: 'webhook deliveries', fine: 'propagating trace context' },
    impact:
      'Outgoing webhook and outbox deliveries carry no W3C `traceparent`, so the receiver cannot join its work to the event ' +
      'that caused it and a failed delivery cannot be traced end to end.',
    autofix: 'adds `propagation.inject(context.active(), headers)` to the request headers and imports `@opentelemetry/api`.',
    manualFix:
      'where the headers are not a plain object the rule only suggests the edit: inject into the headers the request really sends ' +
      '(a WHATWG `Headers` needs a setter).',
    recommendation: {
      horizon: 'short-term',
      text: 'Propagate trace context on every outgoing delivery, or enable `@opentelemetry/instrumentation-http`/`-undici` and set `settings.otel.httpInstrumentation`.',
    },
  },
  'require-pool-metrics': {
    title: 'Database pools are not measured',
    severity: 'medium',
    coverage: { items: 'connection pools', fine: 'measured' },
    impact:
      'Pool exhaustion shows up only as slow requests and timeouts: without `db.client.connection.*` metrics (used, idle, ' +
      'pending, max) nobody sees the pool saturate before the outage.',
    autofix: 'registers observable `db.client.connection.count`/`.pending_requests`/`.max` metrics for the pool.',
    manualFix:
      'where the pool is not reachable from the file (an ORM-owned pool) the rule only suggests: read the counts from the pool ' +
      'object the ORM exposes, or enable `@opentelemetry/instrumentation-pg`.',
    recommendation: {
      horizon: 'long-term',
      text: 'Export connection-pool metrics and alert on pending requests and used/max, so saturation is seen before it causes timeouts.',
    },
  },
  'require-provider-trace-id': {
    title: 'Provider calls carry no trace id',
    severity: 'medium',
    coverage: { items: 'provider calls', fine: 'carrying a trace id' },
    impact:
      'Payment, mail and messaging providers call back (webhooks, dashboards, support tickets) with no trace id, so an incident ' +
      'on their side cannot be matched to the request that started it.',
    autofix: "adds the active trace id to the call's metadata field (Stripe `metadata.trace_id`, SendGrid `customArgs.trace_id`, …).",
    manualFix:
      'providers without a metadata field (Twilio messages) get a suggestion only: carry the trace id in the status-callback URL or your own records.',
    recommendation: {
      horizon: 'long-term',
      text: "Send the trace id with every provider call that can carry metadata, so the provider's webhooks and dashboards lead back to the trace.",
    },
  },
  'require-job-log-context': {
    title: 'Job logs lack job_id / trace_id',
    severity: 'medium',
    coverage: { items: 'jobs that log', fine: 'with log context' },
    impact:
      "A job's log lines cannot be told apart from other runs of the same job or joined to its trace: concurrent jobs interleave " +
      'and searching by job id or trace id finds nothing.',
    autofix: 'logs through a per-job child logger bound to `job_id` and `trace_id` (`logger.child({ job_id, trace_id })`).',
    manualFix:
      'loggers the rule cannot rebind safely get a suggestion: bind `job_id`/`trace_id` once per job (a child logger or a mixin reading the active span).',
    recommendation: {
      horizon: 'long-term',
      text: 'Bind `job_id` and `trace_id` to every job log line (a child logger per job, or a logger mixin that reads the active span).',
    },
  },
};

const SEVERITY_BY_PRIORITY: Readonly<Record<Priority, Severity>> = { P0: 'critical', P1: 'high', P2: 'medium' };
const HORIZON_BY_PRIORITY: Readonly<Record<Priority, Horizon>> = { P0: 'immediate', P1: 'short-term', P2: 'long-term' };

/** The prose for a rule: its catalogue entry, or one written from its metadata for a rule without an entry. */
export function auditProse(rule: string, meta: { readonly priority: Priority; readonly description?: string; readonly url?: string }): AuditProse {
  const entry = AUDIT_PROSE[rule];
  if (entry) return entry;
  const description = meta.description?.replace(/\.$/, '') ?? rule;
  const docs = meta.url ? ` (see ${meta.url})` : '';
  return {
    title: description,
    severity: SEVERITY_BY_PRIORITY[meta.priority],
    coverage: { items: 'places checked', fine: 'fine' },
    impact: `The rule \`otel/${rule}\` found places that do not meet it${docs}.`,
    autofix: `applies the fixes of \`otel/${rule}\`.`,
    manualFix: "apply the rule's editor suggestions, or follow its documentation.",
    recommendation: { horizon: HORIZON_BY_PRIORITY[meta.priority], text: `Close the gaps \`otel/${rule}\` reports: ${description.charAt(0).toLowerCase()}${description.slice(1)}.` },
  };
}
