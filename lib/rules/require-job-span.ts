import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { returnsValue, type FunctionNode } from '../ast.js';
import { JOB_LIBRARIES } from '../catalogue/jobs.js';
import { findJobHandlers, mayHaveJobHandlers, type JobHandler } from '../detect/job-handlers.js';
import { hasTracingDecorator, startsActiveSpan } from '../detect/traced.js';
import { FixBuilder } from '../fix/builder.js';
import { requestImports } from '../fix/imports.js';
import { declaredWithin, shadowingNames } from '../fix/names.js';
import { quoteOf, stringLiteral, typeSyntax } from '../fix/text.js';
import { apiAvailable, ensureTracer, OTEL_API } from '../fix/tracer.js';
import { wrapBodyInSpan, wrapGeneratorBodyInSpan } from '../fix/wrap-in-span.js';
import { recordInventory } from '../inventory.js';
import { getSettings, type OtelSettings } from '../settings.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{ ignoreLibraries?: string[] }];
export type MessageIds = 'missingSpan' | 'missingSpanNamed' | 'wrapInSpan' | 'wrapInSpanAddApi' | 'spanAroundGenerator';

export default createRule<Options, MessageIds>({
  name: 'require-job-span',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require background job handlers to run inside an active span',
      priority: 'P0',
      recommended: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    defaultOptions: [{ ignoreLibraries: [] }],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignoreLibraries: {
            type: 'array',
            description: `Job libraries to leave alone, by id: ${JOB_LIBRARIES.map((l) => l.id).join(', ')}, or a job runner's name from settings.otel.jobRunners.`,
            items: { type: 'string' },
            uniqueItems: true,
          },
        },
      },
    ],
    messages: {
      missingSpan: '{{library}} job handler runs without an active span, so nothing inside it is traced.',
      missingSpanNamed: "{{library}} job '{{name}}' runs without an active span, so nothing inside it is traced.",
      wrapInSpan: 'Wrap the handler body in tracer.startActiveSpan(…) and end the span when the job calls `{{done}}`.',
      wrapInSpanAddApi:
        'Wrap the handler body in tracer.startActiveSpan(…) (imports @opentelemetry/api, which package.json does not list: add it).',
      spanAroundGenerator:
        'Record the generator in a span started with tracer.startSpan(…) (not active across `yield`: calls inside are not its children).',
    },
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const settings = getSettings(context);
    // A file that imports no job library and names no configured runner is done at once.
    if (!mayHaveJobHandlers(context, settings)) return {};
    const ignored = new Set(options.ignoreLibraries ?? []);

    return {
      'Program:exit'() {
        let autofixable: boolean | undefined;
        const canAutofix = (): boolean => (autofixable ??= apiAvailable(sourceCode, context.filename, settings));
        // One report per function: a handler registered on several queues is named at run time.
        const byFunction = new Map<FunctionNode, JobHandler[]>();
        for (const candidate of findJobHandlers(context, settings)) {
          // What it looks for: a handler we can see, of a library not ignored, that starts no span itself.
          if (ignored.has(candidate.library.id) || candidate.tracedByLibrary || candidate.handler.kind !== 'function') continue;
          const list = byFunction.get(candidate.handler.fn) ?? [];
          list.push(candidate);
          byFunction.set(candidate.handler.fn, list);
        }
        for (const [fn, registrations] of byFunction) {
          const names = new Set(registrations.map((registration) => registration.jobName));
          const job = names.size === 1 ? registrations[0]! : { ...registrations[0]!, jobName: undefined };
          const data = { library: job.library.label, name: job.jobName ?? '' };
          const traced = startsActiveSpan(fn, settings, sourceCode) || hasTracingDecorator(job.decorators, settings);
          recordInventory(context, 'require-job-span', fn, traced, job.jobName === undefined ? `${data.library} job handler` : `${data.library} job '${data.name}'`);
          if (traced) continue;

          const messageId = job.jobName === undefined ? 'missingSpan' : 'missingSpanNamed';
          const loc = headLocation(sourceCode, fn);

          // How it fixes: generators and callback-style handlers get suggestions (yield can't cross a
          // callback; the span must end when `done` is called), the rest an autofix.
          if (fn.generator) {
            context.report({
              node: fn,
              loc,
              messageId,
              data,
              suggest: fn.body.type === AST_NODE_TYPES.BlockStatement
                ? [{ messageId: 'spanAroundGenerator', fix: (fixer) => buildFix(fixer, job, fn, settings, undefined, true) }]
                : [],
            });
            continue;
          }
          const doneParam = callbackParam(job, fn);
          if (doneParam === null) {
            context.report({ node: fn, loc, messageId, data });
          } else if (doneParam !== undefined) {
            context.report({
              node: fn,
              loc,
              messageId,
              data,
              suggest: [{ messageId: 'wrapInSpan', data: { done: doneParam }, fix: (fixer) => buildFix(fixer, job, fn, settings, doneParam) }],
            });
          } else if (!canAutofix()) {
            // The project does not list @opentelemetry/api: an added import would break it.
            context.report({
              node: fn,
              loc,
              messageId,
              data,
              suggest: [{ messageId: 'wrapInSpanAddApi', fix: (fixer) => buildFix(fixer, job, fn, settings) }],
            });
          } else {
            context.report({ node: fn, loc, messageId, data, fix: (fixer) => buildFix(fixer, job, fn, settings) });
          }
        }
      },
    };

    function buildFix(
      fixer: TSESLint.RuleFixer,
      job: JobHandler,
      fn: FunctionNode,
      otel: OtelSettings,
      doneParam?: string,
      generator = false,
    ): TSESLint.RuleFix[] | null {
      const builder = new FixBuilder(sourceCode);
      const filename = context.filename;
      // Names bound inside the handler or between it and the module scope would shadow what we add.
      const avoid = new Set([...shadowingNames(sourceCode, fn.body), ...declaredWithin(sourceCode, fn)]);
      const tracer = ensureTracer(builder, filename, otel, avoid);
      const { SpanStatusCode } = requestImports(builder, filename, OTEL_API, ['SpanStatusCode'], avoid);
      const runtimeName = runtimeExpression(job.library.runtime?.name, fn, job.library.batch);
      const runtimeId = runtimeExpression(job.library.runtime?.id, fn, job.library.batch);
      const quote = quoteOf(sourceCode);
      const staticName = job.jobName === undefined ? undefined : stringLiteral(job.jobName, quote);
      // Span name: the job's name as the code states it, else as the job carries it at run time, else the
      // handler's own name; the job.name attribute only ever holds a real job name.
      const handlerName = functionName(fn);
      const spanName =
        staticName ?? runtimeName ?? stringLiteral(handlerName ?? `${job.library.id} job`, quote);
      const attributes: [string, string][] = [];
      const jobName = runtimeName ?? staticName;
      if (jobName) attributes.push([otel.attributes.jobName, jobName]);
      if (runtimeId) attributes.push([otel.attributes.jobId, runtimeId]);
      const types = typeSyntax(sourceCode, filename);
      if (generator) {
        wrapGeneratorBodyInSpan(builder, fn, { tracer, spanName, attributes, statusCode: SpanStatusCode!, types });
        return builder.buildWithinBudget(fixer);
      }
      const async = fn.async || (!doneParam && job.library.awaitsHandler && returnsValue(fn, sourceCode.visitorKeys));
      wrapBodyInSpan(builder, fn, {
        tracer,
        spanName,
        attributes,
        statusCode: SpanStatusCode!,
        types,
        async,
        doneParam,
      });
      return builder.buildWithinBudget(fixer);
    }
  },
});

/** The squiggle: the handler's head (`async (job) =>`, `process(job: Job)`), not its body. */
function headLocation(sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode): TSESTree.SourceLocation {
  const parent = fn.parent;
  const start =
    (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property) && parent.value === fn
      ? parent.key.loc.start
      : fn.loc.start;
  const beforeBody =
    fn.type === AST_NODE_TYPES.ArrowFunctionExpression
      ? sourceCode.getTokenBefore(fn.body, ASTUtils.isArrowToken)!
      : (sourceCode.getTokenBefore(fn.body) ?? sourceCode.getFirstToken(fn)!);
  return { start, end: beforeBody.loc.end };
}

/**
 * For a callback-style handler (`(job, done)` where the library passes `done`), the name of `done`, or
 * `null` when it is not a plain identifier (no safe edit); `undefined` when the handler is promise-style.
 */
function callbackParam(job: JobHandler, fn: FunctionNode): string | null | undefined {
  const arity = job.library.callbackArity;
  if (arity === undefined || fn.params.length < arity) return undefined;
  const param = fn.params[arity - 1];
  return param?.type === AST_NODE_TYPES.Identifier ? param.name : null;
}

/** A library's run-time expression (`$.name`) over the handler's parameters, when they are identifiers. */
function runtimeExpression(template: string | undefined, fn: FunctionNode, batch?: boolean): string | undefined {
  if (!template || batch) return undefined;
  const names = fn.params.map((param) => {
    const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    return target.type === AST_NODE_TYPES.Identifier ? target.name : undefined;
  });
  if (template.includes('$1') && !names[1]) return undefined;
  if (/\$(?!1)/.test(template) && !names[0]) return undefined;
  return template.replaceAll('$1', names[1] ?? '').replace(/\$/g, names[0] ?? '');
}

/** The name a function goes by: its own, its variable's, or its method's/property's key. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  // Class members are named by their author; object-literal keys (`onTick`) by the library's API.
  if (
    (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) &&
    parent.value === fn &&
    parent.key.type === AST_NODE_TYPES.Identifier
  ) {
    return parent.key.name;
  }
  return undefined;
}
