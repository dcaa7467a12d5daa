import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { unwrapTS, type FunctionNode } from '../ast.js';
import { LOGGER_LIBRARIES, type LoggerLibrary } from '../catalogue/loggers.js';
import { findJobHandlers, type JobHandler, mayHaveJobHandlers } from '../detect/job-handlers.js';
import { getAnalysis } from '../detect/analysis.js';
import { contextSetterFields, findLogCalls, LoggerResolver, mayLog, sharedBindingUse, type Fields, type LogCall } from '../detect/log-calls.js';
import { FixBuilder } from '../fix/builder.js';
import { requestImports } from '../fix/imports.js';
import { runtimeExpression } from '../fix/job-span.js';
import { moduleSpecifierFor } from '../fix/module-path.js';
import {
  addCallFields,
  addFields,
  bindChildLogger,
  bindingAnchor,
  fieldsObject,
  insertAtJobStart,
  traceIdExpression,
  type FieldEntry,
} from '../fix/log-context.js';
import { declaredWithin, shadowingNames, visibleNames } from '../fix/names.js';
import { quoteOf, stringLiteral } from '../fix/text.js';
import { apiAvailable, OTEL_API } from '../fix/tracer.js';
import { recordInventory } from '../inventory.js';
import { declaredRange, declaresDependency } from '../project.js';
import { getSettings } from '../settings.js';
import { createRule } from '../util/create-rule.js';

export interface LogKeys {
  jobId?: string;
  jobName?: string;
  traceId?: string;
}
export type Options = [{ keys?: LogKeys; ignoreLibraries?: string[] }];
export type MessageIds = 'missingContext' | 'missingJobIdentity' | 'sharedBinding' | 'bindChildAddApi' | 'callSetter' | 'passFields';

const DEFAULT_KEYS = { jobId: 'job_id', jobName: 'job_name', traceId: 'trace_id' } as const;

export default createRule<Options, MessageIds>({
  name: 'require-job-log-context',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require logs written by a background job to carry its job id and trace id',
      priority: 'P2',
      recommended: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    defaultOptions: [{ keys: DEFAULT_KEYS, ignoreLibraries: [] }],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          keys: {
            type: 'object',
            description: 'Log field names the fix writes and the rule looks for (default job_id, job_name, trace_id).',
            additionalProperties: false,
            properties: {
              jobId: { type: 'string', minLength: 1, description: 'Field for the job id (default job_id).' },
              jobName: { type: 'string', minLength: 1, description: 'Field for the job name (default job_name).' },
              traceId: { type: 'string', minLength: 1, description: 'Field for the trace id (default trace_id).' },
            },
          },
          ignoreLibraries: {
            type: 'array',
            description: `Loggers to leave alone, by id: ${LOGGER_LIBRARIES.map((library) => library.id).join(', ')}.`,
            items: { type: 'string', enum: LOGGER_LIBRARIES.map((library) => library.id) },
            uniqueItems: true,
          },
        },
      },
    ],
    messages: {
      missingContext:
        '{{logger}} lines of {{job}} carry no {{missing}}: bind them at the start of the job so that interleaved jobs can be told apart.',
      missingJobIdentity:
        '{{logger}} lines of {{job}} carry no {{missing}} (the log instrumentation adds the trace id; the job is what is missing).',
      sharedBinding:
        '{{logger}} lines of {{job}} carry no {{missing}}: `{{binding}}` changes the logger every concurrent job shares, so one job\'s fields end up on another\'s lines; bind a child logger at the start of the job instead.',
      bindChildAddApi:
        'Bind a child logger with { {{fields}} } at the start of the job (imports @opentelemetry/api, which package.json does not list: add it).',
      callSetter: 'Call {{setter}}({ {{fields}} }) at the start of the job.',
      passFields: 'Pass { {{fields}} } with each log call of this job ({{logger}} has no per-job binding the fix can add safely).',
    },
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const settings = getSettings(context);
    // A file that registers no job handler (no job library imported, no configured runner) is done at once.
    if (!mayHaveJobHandlers(context, settings)) return {};
    const keys = { ...DEFAULT_KEYS, ...options.keys };
    const ignored = new Set(options.ignoreLibraries ?? []);

    return {
      'Program:exit'() {
        // Cheap gates first: no logger, no job handler → nothing to do.
        if (!mayLog(context, settings)) return;
        const handlers = findJobHandlers(context, settings);
        if (handlers.length === 0) return;
        const resolver = new LoggerResolver(context, settings);
        // One report per function: a handler registered under several names is identified at run time only.
        const byFunction = new Map<FunctionNode, JobHandler[]>();
        for (const job of handlers) {
          if (job.handler.kind !== 'function') continue;
          byFunction.set(job.handler.fn, [...(byFunction.get(job.handler.fn) ?? []), job]);
        }
        for (const [fn, registrations] of byFunction) {
          const names = new Set(registrations.map((registration) => registration.jobName));
          checkHandler(names.size === 1 ? registrations[0]! : { ...registrations[0]!, jobName: undefined }, fn, resolver);
        }
      },
    };

    function checkHandler(job: JobHandler, fn: FunctionNode, resolver: LoggerResolver): void {
      const calls = findLogCalls(context, settings, fn, resolver).filter((call) => !call.logger.library || !ignored.has(call.logger.library.id));
      if (calls.length === 0) return;
      const identity = jobIdentity(job, fn);
      const setterFields = contextSetterFields(context, settings, fn);
      const missingOf = (call: LogCall): Missing => missingFields(call, identity, setterFields);
      const unbound = calls.filter((call) => missingOf(call).any);
      const label = job.jobName === undefined ? `${job.library.label} job handler` : `${job.library.label} job '${job.jobName}'`;
      recordInventory(context, 'require-job-log-context', fn, unbound.length === 0, label);
      if (unbound.length === 0) return;

      const first = unbound[0]!;
      const missing = missingOf(first);
      // A shared mutable binding in the handler (`logger.setBindings`) is named: it is what leaks.
      const binding = sharedBindingUse(context, fn, resolver);
      const data = {
        logger: first.logger.label,
        job: job.jobName === undefined ? `this ${job.library.label} job` : `${job.library.label} job '${job.jobName}'`,
        missing: describe(missing),
        binding: binding ?? '',
      };
      const messageId = binding ? 'sharedBinding' : missing.trace ? 'missingContext' : 'missingJobIdentity';
      const loc = first.call.callee.loc;

      // What goes into the binding: the job's identity, and the trace id unless instrumentation injects it
      // for every logger that needs binding.
      const needsTrace = unbound.some((call) => missingOf(call).trace);
      const plan = planFix(fn, unbound, needsTrace, identity);
      if (!plan) {
        context.report({ node: first.call, loc, messageId, data });
        return;
      }
      const fields = plan.fieldNames.join(', ');
      const fix = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] => buildFix(fixer, fn, unbound, plan, identity, needsTrace);
      if (plan.kind === 'fields') {
        context.report({ node: first.call, loc, messageId, data, suggest: [{ messageId: 'passFields', data: { fields, logger: plan.fieldsLogger ?? first.logger.label }, fix }] });
      } else if (needsTrace && !apiAvailable(sourceCode, context.filename, settings)) {
        context.report({
          node: first.call,
          loc,
          messageId,
          data,
          suggest: [
            plan.kind === 'setter'
              ? { messageId: 'callSetter', data: { fields, setter: settings.logContext!.name }, fix }
              : { messageId: 'bindChildAddApi', data: { fields }, fix },
          ],
        });
      } else {
        context.report({ node: first.call, loc, messageId, data, fix });
      }
    }

    interface Identity {
      /** JS expressions for the job's id and name, where the handler can reach them. */
      readonly id?: string;
      readonly name?: string;
    }

    interface Missing {
      readonly id: boolean;
      readonly name: boolean;
      readonly trace: boolean;
      readonly any: boolean;
    }

    function jobIdentity(job: JobHandler, fn: FunctionNode): Identity {
      const quote = quoteOf(sourceCode);
      const runtimeId = runtimeExpression(job.library.runtime?.id, fn, job.library.batch);
      const runtimeName = runtimeExpression(job.library.runtime?.name, fn, job.library.batch);
      const name = runtimeName ?? (job.jobName === undefined ? undefined : stringLiteral(job.jobName, quote));
      return { id: runtimeId, name };
    }

    function missingFields(call: LogCall, identity: Identity, setter: Fields | undefined): Missing {
      const all = call.fields.all || !!setter?.all;
      const keySet = [...call.fields.keys, ...(setter?.keys ?? [])];
      // The configured key, or the usual spellings of the same field (`job_id`, `jobId`, `job.id`).
      const has = (key: string, value: string | undefined, probe?: RegExp): boolean =>
        all ||
        keySet.some((candidate) => candidate === key || normalKey(candidate) === normalKey(key)) ||
        [...call.fields.values, ...(setter?.values ?? [])].some((text) => (value !== undefined && text === value) || (probe?.test(text) ?? false));
      // The job is identified by its id where it has one, by its name otherwise (cron ticks).
      const id = identity.id !== undefined && !has(keys.jobId, identity.id);
      const name = identity.id === undefined && identity.name !== undefined && !has(keys.jobName, identity.name);
      const trace = !instrumented(call.logger.library) && !has(keys.traceId, undefined, /\btraceId\b/);
      return { id, name, trace, any: id || name || trace };
    }

    function describe(missing: Missing): string {
      const parts = [missing.id ? 'job id' : undefined, missing.name ? 'job name' : undefined, missing.trace ? 'trace id' : undefined].filter(
        (part): part is string => part !== undefined,
      );
      return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
    }

    function instrumented(library: LoggerLibrary | undefined): boolean {
      const declared = settings.logInstrumentation;
      if (declared === true) return true;
      if (Array.isArray(declared)) return !!library && declared.includes(library.id);
      if (declared === false || !library || library.instrumentation.packages.length === 0) return false;
      if (!library.instrumentation.packages.some((name) => declaresDependency(context.filename, name))) return false;
      const max = library.instrumentation.maxMajor;
      if (max === undefined) return true;
      const range = library.modules ? declaredRange(context.filename, library.modules[0]!) : undefined;
      const major = range ? /\d+/.exec(range)?.[0] : undefined;
      return major !== undefined && Number(major) <= max;
    }

    interface Plan {
      readonly kind: 'setter' | 'child' | 'fields';
      readonly fieldNames: string[];
      readonly anchor: TSESTree.Node;
      /** For `fields`: the logger that has no safe binding. */
      readonly fieldsLogger?: string;
    }

    /** How the fix binds the context, or undefined where no safe edit exists. */
    function planFix(fn: FunctionNode, unbound: readonly LogCall[], needsTrace: boolean, identity: Identity): Plan | undefined {
      const fieldNames = [
        identity.id === undefined ? undefined : keys.jobId,
        identity.name === undefined ? undefined : keys.jobName,
        needsTrace ? keys.traceId : undefined,
      ].filter((key): key is string => key !== undefined);
      if (fieldNames.length === 0) return undefined;
      const anchor = bindingAnchor(fn, unbound.map((call) => call.call), settings);
      if (!anchor) return undefined;
      const setter = settings.logContext;
      if (setter && (setter.module !== undefined || visibleNames(sourceCode, anchor).has(setter.name.split('.')[0]!))) {
        if (setter.module === undefined || /^[A-Za-z_$][\w$]*$/.test(setter.name)) return { kind: 'setter', fieldNames, anchor };
      }
      // A logger the handler itself creates can't be bound before it exists: the calls carry the fields.
      const noBinding = unbound.find((call) => !localChildObject(call) && (!childMethodOf(call) || declaredInside(call.receiver, fn)));
      if (noBinding) return { kind: 'fields', fieldNames, anchor, fieldsLogger: noBinding.logger.label };
      return { kind: 'child', fieldNames, anchor };
    }

    /** Whether the receiver's root variable is declared inside the handler (or is not a plain chain). */
    function declaredInside(receiver: TSESTree.Node, fn: FunctionNode): boolean {
      let root = unwrapTS(receiver);
      while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.CallExpression) {
        root = unwrapTS(root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.callee);
      }
      if (root.type === AST_NODE_TYPES.ThisExpression) return false;
      if (root.type !== AST_NODE_TYPES.Identifier) return true;
      const variable = ASTUtils.findVariable(sourceCode.getScope(root) as never, root) as TSESLint.Scope.Variable | null;
      const definition = variable?.defs[0]?.name;
      return !!definition && definition.range[0] >= fn.range[0] && definition.range[1] <= fn.range[1];
    }

    function childMethodOf(call: LogCall): string | undefined {
      const binding = call.logger.library?.binding;
      return binding?.kind === 'child' ? binding.method : undefined;
    }

    /** A handler-local child logger's bindings object literal, which the fix extends in place. */
    function localChildObject(call: LogCall): TSESTree.ObjectExpression | undefined {
      const init = call.localChild?.init ? unwrapTS(call.localChild.init) : undefined;
      if (init?.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const object = init.arguments[0] ? unwrapTS(init.arguments[0]) : undefined;
      return object?.type === AST_NODE_TYPES.ObjectExpression ? object : undefined;
    }

    function buildFix(
      fixer: TSESLint.RuleFixer,
      fn: FunctionNode,
      unbound: readonly LogCall[],
      plan: Plan,
      identity: Identity,
      needsTrace: boolean,
    ): TSESLint.RuleFix[] {
      const builder = new FixBuilder(sourceCode);
      const filename = context.filename;
      const avoid = new Set([...shadowingNames(sourceCode, fn.body), ...declaredWithin(sourceCode, fn)]);
      const entriesFor = (missing?: Missing): FieldEntry[] => {
        const entries: FieldEntry[] = [];
        if (identity.id !== undefined && (!missing || missing.id)) entries.push([keys.jobId, identity.id]);
        if (identity.name !== undefined && (!missing || missing.id || missing.name)) entries.push([keys.jobName, identity.name]);
        if (needsTrace && (!missing || missing.trace)) {
          const { trace } = requestImports(builder, filename, OTEL_API, ['trace'], avoid);
          entries.push([keys.traceId, traceIdExpression(trace!)]);
        }
        return entries;
      };

      if (plan.kind === 'setter') {
        const setter = settings.logContext!;
        // A relative module is relative to ESLint's working directory: import it as this file already does, or by
        // this file's own relative path.
        const from =
          setter.module === undefined
            ? undefined
            : (getAnalysis(context).localModules([setter.module])[0] ?? moduleSpecifierFor(setter.module, filename, context.cwd));
        const name = from === undefined ? setter.name : requestImports(builder, filename, from, [setter.name], avoid)[setter.name]!;
        insertAtJobStart(builder, plan.anchor, [`${name}(${fieldsObject(builder, entriesFor())});`]);
        return builder.build(fixer);
      }

      // A handler-local child logger is extended in place (once, however many calls go through it).
      const extended = new Set<TSESTree.ObjectExpression>();
      const extendChild = (call: LogCall): boolean => {
        const object = localChildObject(call);
        if (!object) return false;
        if (!extended.has(object)) {
          extended.add(object);
          addFields(builder, object, entriesFor(missingFields(call, identity, undefined)));
        }
        return true;
      };

      if (plan.kind === 'fields') {
        for (const call of unbound) {
          if (extendChild(call)) continue;
          addCallFields(builder, call.call, call.logger.library?.fields ?? 'after-message', entriesFor(missingFields(call, identity, undefined)));
        }
        return builder.build(fixer);
      }

      // Child loggers: one child per receiver, bound at the start of the job, with the calls routed through it.
      const byReceiver = new Map<string, { method: string; receivers: TSESTree.Node[] }>();
      for (const call of unbound) {
        if (extendChild(call)) continue;
        const text = sourceCode.getText(call.receiver);
        const group = byReceiver.get(text) ?? { method: childMethodOf(call)!, receivers: [] };
        group.receivers.push(call.receiver);
        byReceiver.set(text, group);
      }
      const taken = new Set<string>();
      for (const [text, group] of byReceiver) {
        bindChildLogger(builder, fn, plan.anchor, text, group.method, entriesFor(), group.receivers, taken);
      }
      return builder.build(fixer);
    }
  },
});

function normalKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z]/g, '');
}

