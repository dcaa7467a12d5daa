import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, dottedName, getKeyName, outerValue, unwrapTS, type FunctionNode } from '../ast.js';
import { JOB_LIBRARIES, type JobLibrary } from '../catalogue/jobs.js';
import type { JobHandler } from '../detect/job-handlers.js';
import { holderInitializer } from '../detect/references.js';
import { staticStringValue } from '../detect/values.js';
import type { OtelSettings } from '../settings.js';
import { quoteOf, stringLiteral } from './text.js';

/**
 * What a job's span is called and carries. Every span gets a `job.name` attribute (the key follows
 * `settings.otel.attributes`) and a name that says which job it is:
 *
 * - Queue jobs (BullMQ, Bull, Bee-Queue, pg-boss and their NestJS modules) under the default
 *   `settings.otel.conventions: 'messaging'` follow the OpenTelemetry messaging conventions: the span is named
 *   `process <queue>` (the queue as the code states it, else as the job carries it at run time),
 *   `SpanKind.CONSUMER`, with `messaging.system`, `messaging.operation.type: 'process'`,
 *   `messaging.destination.name` and `messaging.message.id` beside `job.name` / `job.id`.
 * - Every other job, and every job under `conventions: 'job'`, is named after the job: the name the code
 *   states (`@Cron(expr, { name })`, the Inngest function id, `new Worker('emails')`), else the job's name at
 *   run time (`job.name`), else the name the registration is bound to (`const rollupJob = new CronJob(…)`,
 *   `this.rollup = cron.schedule(…)`), else the handler's own name (the decorated method, `function rollup`),
 *   else the file's name (`retention.cron`) — never a generic "cron job".
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface JobSpanPlan {
  /** The span name as a JS expression (`'process emails'`, `` `process ${job.queueName}` ``). */
  readonly spanName: string;
  /** Attribute key → JS expression. */
  readonly attributes: readonly (readonly [string, string])[];
  /** The span is a message consumer (`SpanKind.CONSUMER`). */
  readonly consumer: boolean;
}

export function planJobSpan(
  sourceCode: SourceCode,
  filename: string,
  job: JobHandler,
  fn: FunctionNode,
  settings: OtelSettings,
): JobSpanPlan {
  const quote = quoteOf(sourceCode);
  const library = job.library;
  const runtimeName = runtimeExpression(library.runtime?.name, fn, library.batch);
  const runtimeId = runtimeExpression(library.runtime?.id, fn, library.batch);
  const staticName = job.jobName === undefined ? undefined : stringLiteral(job.jobName, quote);
  const ownName = boundName(job.registration) ?? functionName(fn) ?? soleCallName(fn) ?? fileStem(filename);
  const jobName = runtimeName ?? staticName ?? stringLiteral(ownName, quote);
  const jobSpanName = staticName ?? runtimeName ?? stringLiteral(ownName, quote);

  const jobAttributes: [string, string][] = [[settings.attributes.jobName, jobName]];
  if (runtimeId) jobAttributes.push([settings.attributes.jobId, runtimeId]);

  const messaging = settings.conventions === 'messaging' ? JOB_LIBRARIES.find((entry) => entry.id === library.id)?.messaging : undefined;
  if (messaging) {
    const queue = staticQueue(sourceCode, job, messaging);
    const runtimeQueue = runtimeExpression(messaging.queue, fn, library.batch);
    const destination = queue === undefined ? runtimeQueue : stringLiteral(queue, quote);
    if (destination) {
      const spanName = queue === undefined ? `\`process \${${runtimeQueue!}}\`` : stringLiteral(`process ${queue}`, quote);
      const attributes: [string, string][] = [
        ['messaging.system', stringLiteral(messaging.system, quote)],
        ['messaging.operation.type', stringLiteral('process', quote)],
        ['messaging.destination.name', destination],
      ];
      if (runtimeId) attributes.push(['messaging.message.id', runtimeId]);
      // The queue's name is not the job's: a job named after its queue only when nothing names the job.
      const name = runtimeName ?? (messaging.staticQueue === 'jobName' ? undefined : staticName) ?? destination;
      // Keys configured in settings.otel.attributes that are messaging keys already are not written twice.
      for (const entry of [[settings.attributes.jobName, name] as [string, string], ...jobAttributes.slice(1)]) {
        if (!attributes.some(([key]) => key === entry[0])) attributes.push(entry);
      }
      return { spanName, attributes, consumer: true };
    }
  }
  return { spanName: jobSpanName, attributes: jobAttributes, consumer: false };
}

/** The queue's name as the code states it. */
function staticQueue(sourceCode: SourceCode, job: JobHandler, messaging: NonNullable<JobLibrary['messaging']>): string | undefined {
  if (messaging.staticQueue === 'jobName') return job.jobName;
  const registration = job.registration;
  // queue.process(…) on `const queue = new Queue('media')` / `this.queue` of a class property
  if (registration.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapTS(registration.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const creation = holderInitializer(sourceCode, unwrapTS(callee.object));
    const inner = creation && unwrapTS(creation.type === AST_NODE_TYPES.AwaitExpression ? creation.argument : creation);
    return inner && (inner.type === AST_NODE_TYPES.NewExpression || inner.type === AST_NODE_TYPES.CallExpression)
      ? staticStringValue(sourceCode, inner.arguments[0])
      : undefined;
  }
  // @Processor('media') class … { @Process() handle(job) }
  for (let node: TSESTree.Node | undefined = registration; node; node = node.parent) {
    if (node.type !== AST_NODE_TYPES.ClassDeclaration && node.type !== AST_NODE_TYPES.ClassExpression) continue;
    for (const decorator of node.decorators) {
      const call = decorator.expression;
      if (call.type !== AST_NODE_TYPES.CallExpression || calleeName(call.callee) !== 'Processor') continue;
      const argument = call.arguments[0];
      const direct = staticStringValue(sourceCode, argument);
      if (direct !== undefined) return direct;
      if (argument?.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of argument.properties) {
          if (property.type === AST_NODE_TYPES.Property && getKeyName(property.key, property.computed) === 'name') {
            return staticStringValue(sourceCode, property.value);
          }
        }
      }
    }
    return undefined;
  }
  return undefined;
}

/** The name the registration's result is bound to: `const rollupJob = new CronJob(…)`, `this.rollup = …`. */
function boundName(registration: TSESTree.Node): string | undefined {
  if (registration.type !== AST_NODE_TYPES.CallExpression && registration.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const node = outerValue(registration);
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === node) return getKeyName(parent.key, parent.computed);
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === node) return getKeyName(parent.key, parent.computed);
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) {
    const left = parent.left;
    if (left.type === AST_NODE_TYPES.Identifier) return left.name;
    if (left.type === AST_NODE_TYPES.MemberExpression) return getKeyName(left.property, left.computed);
  }
  return undefined;
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

/** `() => heartbeat()`, `async () => { await reports.rollup(); }`: the one function the handler calls. */
function soleCallName(fn: FunctionNode): string | undefined {
  let expression: TSESTree.Node | undefined = fn.body;
  if (expression.type === AST_NODE_TYPES.BlockStatement) {
    const only = expression.body.length === 1 ? expression.body[0] : undefined;
    expression =
      only?.type === AST_NODE_TYPES.ExpressionStatement ? only.expression : only?.type === AST_NODE_TYPES.ReturnStatement ? (only.argument ?? undefined) : undefined;
  }
  if (expression?.type === AST_NODE_TYPES.AwaitExpression) expression = expression.argument;
  if (expression?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  return dottedName(expression.callee)?.replace(/^this\./, '');
}

/** `src/jobs/retention.cron.ts` → `retention.cron`. */
function fileStem(filename: string): string {
  const base = path.basename(filename).replace(/\.[cm]?[jt]sx?$/i, '');
  return base && base !== '<input>' && base !== '<text>' ? base : 'job';
}

/** A library's run-time expression (`$.name`) over the handler's parameters, when they are identifiers. */
export function runtimeExpression(template: string | undefined, fn: FunctionNode, batch?: boolean): string | undefined {
  if (!template || batch) return undefined;
  const names = fn.params.map((param) => {
    const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    return target.type === AST_NODE_TYPES.Identifier ? target.name : undefined;
  });
  if (template.includes('$1') && !names[1]) return undefined;
  if (/\$(?!1)/.test(template) && !names[0]) return undefined;
  return template.replaceAll('$1', names[1] ?? '').replace(/\$/g, names[0] ?? '');
}
