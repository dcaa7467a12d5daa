import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { returnsValue, type FunctionNode } from '../ast.js';
import { JOB_LIBRARIES } from '../catalogue/jobs.js';
import { findJobHandlers, mayHaveJobHandlers, type JobHandler } from '../detect/job-handlers.js';
import { hasTracingDecorator, startsActiveSpan } from '../detect/traced.js';
import { FixBuilder } from '../fix/builder.js';
import { requestImports } from '../fix/imports.js';
import { declaredWithin, shadowingNames } from '../fix/names.js';
import { typeSyntax } from '../fix/text.js';
import { planJobSpan } from '../fix/job-span.js';
import { moduleSpecifierFor } from '../fix/module-path.js';
import { apiAvailable, ensureTracer, OTEL_API } from '../fix/tracer.js';
import { wrapBodyInHelper, wrapBodyInSpan, wrapGeneratorBodyInSpan } from '../fix/wrap-in-span.js';
import { recordInventory } from '../inventory.js';
import { getSettings, type OtelSettings } from '../settings.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{ ignoreLibraries?: string[] }];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A catalogued library's id, or a configured runner's name followed by `()`. */
const LIBRARY_ID_PATTERN = `^(?:${JOB_LIBRARIES.map((library) => escapeRegExp(library.id)).join('|')}|[A-Za-z_$][\\w$.]*\\(\\))$`;
export type MessageIds =
  | 'missingSpan'
  | 'missingSpanNamed'
  | 'missingSpanNoApi'
  | 'missingSpanNamedNoApi'
  | 'wrapInSpan' | 'wrapInSpanAddApi' | 'spanAroundGenerator';

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
            description: `Job libraries to leave alone, by id: ${JOB_LIBRARIES.map((l) => l.id).join(', ')}; or a job runner of settings.otel.jobRunners by its name and \`()\` (\`runJob()\`).`,
            // A pattern rather than an enum: ESLint prints a failed pattern, so a typo's error lists the ids.
            items: { type: 'string', pattern: LIBRARY_ID_PATTERN },
            uniqueItems: true,
          },
        },
      },
    ],
    messages: {
      missingSpan: '{{library}} job handler runs without an active span, so nothing inside it is traced.',
      missingSpanNamed: "{{library}} job '{{name}}' runs without an active span, so nothing inside it is traced.",
      missingSpanNoApi:
        '{{library}} job handler runs without an active span, so nothing inside it is traced. Not fixed automatically: the fix imports @opentelemetry/api, which this package.json does not list in dependencies, peerDependencies or optionalDependencies (add it, or apply the suggestion).',
      missingSpanNamedNoApi:
        "{{library}} job '{{name}}' runs without an active span, so nothing inside it is traced. Not fixed automatically: the fix imports @opentelemetry/api, which this package.json does not list in dependencies, peerDependencies or optionalDependencies (add it, or apply the suggestion).",
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
    // `runJob()` names the configured runner `runJob` (whose library id is its name).
    const ignored = new Set((options.ignoreLibraries ?? []).map((id) => id.replace(/\(\)$/, '')));

    return {
      'Program:exit'() {
        // With the project's span helper the fix imports only that helper, never @opentelemetry/api.
        let autofixable: boolean | undefined;
        const canAutofix = (): boolean =>
          (autofixable ??= settings.spanHelper !== undefined || apiAvailable(sourceCode, context.filename, settings));
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
              messageId: job.jobName === undefined ? 'missingSpanNoApi' : 'missingSpanNamedNoApi',
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
      const plan = planJobSpan(sourceCode, filename, job, fn, otel);
      const async = fn.async || (!doneParam && job.library.awaitsHandler && returnsValue(fn, sourceCode.visitorKeys));
      if (otel.spanHelper && !generator && !doneParam) {
        // The project's helper records, sets the status and ends the span itself: only a call to it.
        const from = moduleSpecifierFor(otel.spanHelper.from, filename, context.cwd);
        const helper = requestImports(builder, filename, from, [otel.spanHelper.name], avoid)[otel.spanHelper.name]!;
        wrapBodyInHelper(builder, fn, { helper, spanName: plan.spanName, attributes: plan.attributes, async });
        return builder.buildWithinBudget(fixer);
      }
      const tracer = ensureTracer(builder, filename, otel, avoid, context.cwd);
      const api = requestImports(builder, filename, OTEL_API, plan.consumer ? ['SpanStatusCode', 'SpanKind'] : ['SpanStatusCode'], avoid);
      const spanOptions = plan.consumer ? `{ kind: ${api.SpanKind!}.CONSUMER }` : undefined;
      const { spanName, attributes } = plan;
      const types = typeSyntax(sourceCode, filename);
      if (generator) {
        wrapGeneratorBodyInSpan(builder, fn, { tracer, spanName, attributes, statusCode: api.SpanStatusCode!, types, spanOptions });
        return builder.buildWithinBudget(fixer);
      }
      wrapBodyInSpan(builder, fn, {
        tracer,
        spanName,
        attributes,
        statusCode: api.SpanStatusCode!,
        spanOptions,
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
