/** Shared text of the `require-provider-trace-id` RuleTester files: the helper and import the fix adds. */

export const IMPORT = "import { trace, isSpanContextValid } from '@opentelemetry/api';";

export const HELPER = `/** What \`fields\` makes of the active span's trace id, or nothing without a valid active span (never an empty id). */
function withTraceId<T extends object>(fields: (traceId: string) => T): T | Record<never, never> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? fields(spanContext.traceId) : {};
}`;

export const URL_HELPER = `/** \`url\` with the active span's trace id as its \`traceId\` query parameter; unchanged without a valid active span. */
function withTraceIdParam(url: string): string {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return url;
  const tagged = new URL(url);
  tagged.searchParams.set('traceId', spanContext.traceId);
  return tagged.toString();
}`;

/** The id as a record entry, and the field added whole (Stripe `metadata`). */
export const ENTRY = '...withTraceId((traceId) => ({ trace_id: traceId }))';
export const fieldEntry = (field: string, key = 'trace_id'): string => `...withTraceId((traceId) => ({ ${field}: { ${key}: traceId } }))`;
