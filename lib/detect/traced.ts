import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, dottedName, isFunction, matchesConfiguredName, unwrapTS, walk, type FunctionNode } from '../ast.js';
import type { OtelSettings } from '../settings.js';

/**
 * "Already traced" checks: a call that runs its callback inside an active span, either OpenTelemetry's own
 * (`startActiveSpan`, `context.with`) or a known vendor API, or a span wrapper named in `settings.otel`.
 */

/** Vendor APIs that run a callback inside an active span, known out of the box. */
export const VENDOR_SPAN_APIS: readonly { readonly method: string; readonly needsCallback: boolean; readonly object?: RegExp }[] = [
  // OpenTelemetry
  { method: 'startActiveSpan', needsCallback: true },
  // Sentry: startSpan(options, callback) / startSpanManual / withActiveSpan / continueTrace
  { method: 'startSpan', needsCallback: true },
  { method: 'startSpanManual', needsCallback: true },
  { method: 'withActiveSpan', needsCallback: true },
  { method: 'startNewTrace', needsCallback: true },
  // New Relic
  { method: 'startBackgroundTransaction', needsCallback: true },
  { method: 'startWebTransaction', needsCallback: true },
  // Datadog dd-trace: tracer.trace(name, [options], fn) / tracer.wrap(name, [options], fn)
  { method: 'trace', needsCallback: true, object: /tracer$/i },
  { method: 'wrap', needsCallback: true, object: /tracer$/i },
];

function hasFunctionArgument(call: TSESTree.CallExpression): boolean {
  return call.arguments.some((argument) => isFunction(unwrapTS(argument)) || argument.type === AST_NODE_TYPES.Identifier);
}

/** Whether `call` runs a callback inside an active span. */
export function isSpanWrapperCall(call: TSESTree.CallExpression, settings: OtelSettings): boolean {
  const callee = unwrapTS(call.callee);
  if (settings.spanWrappers.some((name) => matchesConfiguredName(callee, name))) return true;
  const method = calleeName(callee);
  if (method === undefined) return false;
  // OpenTelemetry: context.with(trace.setSpan(context.active(), span), fn)
  if (method === 'with' && /(?:^|\.)context$/.test(dottedName(callee)?.slice(0, -'.with'.length) ?? '')) return true;
  for (const api of VENDOR_SPAN_APIS) {
    if (api.method !== method) continue;
    if (api.object) {
      if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
      const object = dottedName(callee.object);
      if (!object || !api.object.test(object)) continue;
    }
    if (api.needsCallback && !hasFunctionArgument(call)) continue;
    return true;
  }
  return false;
}

/**
 * Whether the function's own body (not nested functions) starts an active span or calls a span wrapper. In a
 * generator, whose context cannot survive `yield`, a span started with `startSpan` is the most there can be.
 */
export function startsActiveSpan(
  fn: FunctionNode,
  settings: OtelSettings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  let found = false;
  walk(
    fn.body,
    (node) => {
      if (found) return false;
      if (node.type !== AST_NODE_TYPES.CallExpression) return true;
      if (isSpanWrapperCall(node, settings) || (fn.generator && calleeName(node.callee) === 'startSpan')) {
        found = true;
        return false;
      }
      return true;
    },
    sourceCode.visitorKeys,
  );
  return found;
}

/** Decorators that trace a method (nestjs-otel `@Span()`, `@Traceable()`, or configured wrapper names). */
export function hasTracingDecorator(
  decorators: readonly TSESTree.Decorator[] | undefined,
  settings: OtelSettings,
): boolean {
  return (decorators ?? []).some((decorator) => {
    const expression = unwrapTS(decorator.expression);
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    const name = calleeName(callee);
    return name === 'Span' || name === 'Traceable' || settings.spanWrappers.some((wrapper) => matchesConfiguredName(callee, wrapper));
  });
}
