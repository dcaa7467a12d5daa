import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { findProperty, getKeyName, isFunction, unwrapTS, walk } from '../ast.js';
import type { ProviderField } from '../catalogue/providers.js';
import { visibleObjectLiteral, type ProviderCall } from '../detect/provider-calls.js';
import type { FixBuilder } from './builder.js';
import { insertTopLevel, requestImports } from './imports.js';
import { freshName, moduleNames } from './names.js';
import { appendProperty, hasSpread, prependProperty } from './object-property.js';
import { indentUnit, stringLiteral, quoteOf, typeSyntax } from './text.js';
import { OTEL_API } from './tracer.js';

/**
 * Putting the active span's trace id into a provider call's own field (Stripe `metadata`, SendGrid
 * `customArgs`, …). The id always comes from a module-level helper that returns nothing when no valid span
 * is active, so no empty, `undefined` or all-zero id is ever sent (on Stripe updates an empty metadata value
 * DELETES the key):
 *
 *   metadata: { ...withTraceId((traceId) => ({ trace_id: traceId })), order_id: order.id }
 *   { amount, currency, ...withTraceId((traceId) => ({ metadata: { trace_id: traceId } })) }
 *
 * The spread goes first in an existing record, so a key the user wrote (or spread in) always wins; where the
 * field is missing the whole field is added conditionally, so without a span the request is as before.
 * Twilio has no such field: the only carrier is a callback URL, and changing where Twilio calls back is left
 * to the user (a suggestion wraps an existing `statusCallback` in `withTraceIdParam(…)`).
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

export type TraceIdPlan =
  /** The call already carries the id (the key, a helper call) or means something else (a cleared field). */
  | { readonly kind: 'tagged' }
  /** Not a call the rule is about after all (`@sendgrid/client` request that is not a mail send). */
  | { readonly kind: 'skip' }
  | { readonly kind: 'fix'; readonly apply: (builder: FixBuilder) => boolean }
  /** The params (or the field) are built where the rule can't see them: report without a fix. */
  | { readonly kind: 'unseen'; readonly where: string }
  /** Twilio: no field; a suggestion where a `statusCallback` exists. */
  | { readonly kind: 'callback'; readonly suggest?: (builder: FixBuilder) => boolean };

export interface PlanOptions {
  /** The key the id goes under (default `trace_id`). */
  readonly key: string;
  /** Names of project functions that add the trace id themselves. */
  readonly helpers: readonly string[];
  readonly filename: string;
}

export const HELPER_NAME = 'withTraceId';
export const URL_HELPER_NAME = 'withTraceIdParam';
export const LIST_HELPER_NAME = 'withTraceIdItems';
/** The query parameter Twilio callbacks get: Twilio's docs forbid underscores in statusCallback URLs. */
export const TWILIO_PARAM = 'traceId';

export function planTraceId(sourceCode: SourceCode, found: ProviderCall, options: PlanOptions): TraceIdPlan {
  const { call, method } = found;
  const args = call.arguments;
  const spreadBefore = args.slice(0, method.paramsArg + 1).some((arg) => arg.type === AST_NODE_TYPES.SpreadElement);
  if (spreadBefore) return { kind: 'unseen', where: 'its arguments are spread from an array' };
  const argument = args[method.paramsArg] as TSESTree.Expression | undefined;

  // The params literal, in the call or in a same-scope variable.
  let params: TSESTree.ObjectExpression | undefined;
  if (argument) {
    const inner = unwrapTS(argument);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) params = inner;
    else if (inner.type === AST_NODE_TYPES.Identifier) params = visibleObjectLiteral(sourceCode, inner, call);
    if (method.when) {
      const value = params && findProperty(params, method.when.property);
      if (!params || getStaticStringValue(value?.value) !== method.when.value) return { kind: 'skip' };
    }
    if (params && mentionsHelper(sourceCode, params, options)) return { kind: 'tagged' };
    if (mentionsHelper(sourceCode, argument, options)) return { kind: 'tagged' };
    // `sgMail.send([message, message])`: each message literal gets the id.
    if (!params && inner.type === AST_NODE_TYPES.ArrayExpression && found.field.kind === 'record') {
      const elements = inner.elements.map((element) => (element ? unwrapTS(element) : undefined));
      if (elements.length > 0 && elements.every((element) => element?.type === AST_NODE_TYPES.ObjectExpression)) {
        return combine(elements.map((element) => planRecord(sourceCode, found, element as TSESTree.ObjectExpression, options)));
      }
    }
    // Twilio: whatever the params hold, there is no field to fix; the report says where the id could go.
    if (!params && found.field.kind === 'callbackUrl') return { kind: 'callback' };
    if (!params) return { kind: 'unseen', where: describeUnseen('its params', inner) };
  } else if (method.when) {
    return { kind: 'skip' };
  }

  const field = found.field;
  if (field.kind === 'callbackUrl') {
    if (!params) return { kind: 'callback' };
    for (const name of field.properties) {
      const property = findProperty(params, name);
      if (property && carriesTraceId(sourceCode, property.value, options)) return { kind: 'tagged' };
    }
    const callback = findProperty(params, field.suggestOn);
    if (!callback || callback.value.type === AST_NODE_TYPES.AssignmentPattern) return { kind: 'callback' };
    const value = callback.value as TSESTree.Expression;
    return {
      kind: 'callback',
      suggest: (builder) => {
        const helper = ensureHelper(builder, options.filename, 'url');
        const text = sourceCode.getText(value);
        builder.replace(callback, callback.shorthand ? `${text}: ${helper}(${text})` : `${sourceCode.getText(callback.key)}: ${helper}(${text})`);
        return true;
      },
    };
  }

  if (!params) {
    // No params argument: add one holding only the field (`stripe.customers.create()`).
    if (args.length < method.paramsArg) return { kind: 'unseen', where: 'arguments before its params are missing' };
    const leaf = leafOf(sourceCode, field, options);
    return {
      kind: 'fix',
      apply: (builder) => {
        const helper = ensureHelper(builder, options.filename, 'record');
        const text = `${helper}(${ENTRY(leaf.whole(field.path))})`;
        const last = args.at(-1);
        const closing = sourceCode.getLastToken(call)!;
        if (!last) builder.insertBefore(closing, text);
        else {
          const after = sourceCode.getTokenAfter(last)!;
          builder.insertAfter(after.value === ',' ? after : last, after.value === ',' ? ` ${text}` : `, ${text}`);
        }
        return true;
      },
    };
  }

  return planRecord(sourceCode, found, params, options);
}

/** `(traceId) => ({ … })`; an array body needs no parentheses. */
const ENTRY = (inner: string): string => (inner.startsWith('[') ? `(traceId) => ${inner}` : `(traceId) => (${inner})`);

/** All messages tagged → tagged; any unseen → unseen; else one fix that tags every untagged one. */
function combine(plans: readonly TraceIdPlan[]): TraceIdPlan {
  const unseen = plans.find((plan) => plan.kind === 'unseen');
  if (unseen) return unseen;
  const fixes = plans.filter((plan) => plan.kind === 'fix');
  if (fixes.length === 0) return { kind: 'tagged' };
  return { kind: 'fix', apply: (builder) => fixes.every((plan) => plan.apply(builder)) };
}

interface Leaf {
  /** The key (record) or tag name (list) the id goes under. */
  readonly key: string;
  /** Whether a record/list already holds the id. */
  holds(container: TSESTree.Node): boolean;
  /** The whole field at `path` with the id in it: `{ metadata: { trace_id: traceId } }`. */
  whole(path: readonly string[]): string;
}

function leafOf(sourceCode: SourceCode, field: ProviderField, options: PlanOptions): Leaf {
  if (field.kind === 'list') {
    const key = options.key;
    const element = `{ ${field.nameKey}: ${stringLiteral(key, quoteOf(sourceCode))}, ${field.valueKey}: traceId }`;
    return {
      key,
      holds: (container) => hasTagAnywhere(sourceCode, container, field.nameKey, key),
      whole: (path) => nested(sourceCode, path.slice(0, -1), `${propertyKey(sourceCode, path.at(-1)!)}: [${element}]`),
    };
  }
  const key = field.kind === 'record' ? (field.fixedKey ?? `${field.keyPrefix ?? ''}${options.key}`) : options.key;
  const keyText = propertyKey(sourceCode, key);
  const keys = new Set([key.toLowerCase(), options.key.toLowerCase()]);
  return {
    key,
    holds: (container) => hasKeyAnywhere(sourceCode, container, keys),
    whole: (path) => nested(sourceCode, path, `${keyText}: traceId`),
  };
}

/** The plan for a params object literal and a record or list field. */
function planRecord(sourceCode: SourceCode, found: ProviderCall, params: TSESTree.ObjectExpression, options: PlanOptions): TraceIdPlan {
  const { call } = found;
  const field = found.field;
  if (field.kind === 'callbackUrl') return { kind: 'skip' };
  const leaf = leafOf(sourceCode, field, options);
  if (mentionsHelper(sourceCode, params, options) || leaf.holds(params)) return { kind: 'tagged' };

  // Walk down the field's path (`body.custom_args`), through literals and same-scope variables.
  let record: TSESTree.ObjectExpression = params;
  const depthOfContainer = field.kind === 'list' ? field.path.length - 1 : field.path.length;
  for (let depth = 0; depth < field.path.length; depth++) {
    const name = field.path[depth]!;
    const property = findProperty(record, name);
    if (!property) {
      // A spread may carry the field; an added one would replace it.
      if (hasSpread(record)) return { kind: 'unseen', where: `a spread in its params may hold \`${name}\`` };
      if (record.properties.some((p) => p.type === AST_NODE_TYPES.Property && p.computed && getKeyName(p.key, true) === undefined)) {
        return { kind: 'unseen', where: `a computed key in its params may be \`${name}\`` };
      }
      const target = record;
      const rest = field.path.slice(depth);
      return {
        kind: 'fix',
        apply: (builder) => {
          const helper = ensureHelper(builder, options.filename, 'record');
          appendProperty(builder, target, `...${helper}(${ENTRY(leaf.whole(rest))})`);
          return true;
        },
      };
    }
    const value = unwrapTS(property.value);
    // `metadata: ''` / `metadata: null` clears a Stripe object's metadata on purpose.
    if ((value.type === AST_NODE_TYPES.Literal && (value.value === '' || value.value === null)) || isUndefined(value)) {
      return { kind: 'tagged' };
    }
    if (depth === depthOfContainer) {
      // The tag list itself: `tags: [{ name: 'category', value: 'receipt' }]`.
      if (value.type !== AST_NODE_TYPES.ArrayExpression) return { kind: 'unseen', where: describeUnseen(`\`${name}\``, value) };
      if (field.kind !== 'list' || leaf.holds(value) || mentionsHelper(sourceCode, value, options)) return { kind: 'tagged' };
      const list = value;
      const element = `{ ${field.nameKey}: ${stringLiteral(leaf.key, quoteOf(sourceCode))}, ${field.valueKey}: traceId }`;
      return {
        kind: 'fix',
        apply: (builder) => {
          const helper = ensureHelper(builder, options.filename, 'list');
          const text = `...${helper}(${ENTRY(`[${element}]`)})`;
          const first = list.elements[0];
          if (first) builder.insertBefore(first, `${text}, `);
          else builder.replace(list, `[${text}]`);
          return true;
        },
      };
    }
    let next: TSESTree.ObjectExpression | undefined;
    if (value.type === AST_NODE_TYPES.ObjectExpression) next = value;
    else if (value.type === AST_NODE_TYPES.Identifier) next = visibleObjectLiteral(sourceCode, value, call);
    if (!next) return { kind: 'unseen', where: describeUnseen(`\`${name}\``, value) };
    if (mentionsHelper(sourceCode, next, options) || leaf.holds(next)) return { kind: 'tagged' };
    record = next;
  }

  const target = record;
  return {
    kind: 'fix',
    apply: (builder) => {
      const helper = ensureHelper(builder, options.filename, 'record');
      const text = `...${helper}(${ENTRY(`{ ${propertyKey(sourceCode, leaf.key)}: traceId }`)})`;
      // At the top level (Mailgun's `v:` keys) the params' own keys come first; in a record ours goes first
      // so that a key the user spreads in still wins.
      if (field.path.length === 0) appendProperty(builder, target, text);
      else prependProperty(builder, target, text);
      return true;
    },
  };
}

/** A tag `{ name: '<key>', … }` anywhere in `node`. */
function hasTagAnywhere(sourceCode: SourceCode, node: TSESTree.Node, nameKey: string, key: string): boolean {
  if (!sourceCode.getText(node).includes(key)) return false;
  let found = false;
  walk(
    node,
    (child) => {
      if (found) return false;
      if (child.type === AST_NODE_TYPES.Property && getKeyName(child.key, child.computed) === nameKey && getStaticStringValue(child.value) === key) {
        found = true;
      }
      return !found;
    },
    sourceCode.visitorKeys,
  );
  return found;
}

function getStaticStringValue(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrapTS(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return inner.value;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) return inner.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function isUndefined(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined';
}

/** Why the rule can't see a value: `its params are a function result`, `` `metadata` is a conditional expression``. */
function describeUnseen(subject: string, node: TSESTree.Node): string {
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.AwaitExpression:
      return `${subject} are a function result`.replace(/^(`[^`]*`) are/, '$1 is');
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return `${subject} are a conditional expression`.replace(/^(`[^`]*`) are/, '$1 is');
    case AST_NODE_TYPES.Identifier:
      return `${subject} come from \`${node.name}\`, built outside this function or changed after it is declared`.replace(/^(`[^`]*`) come/, '$1 comes');
    case AST_NODE_TYPES.ArrayExpression:
      return `${subject} are a list whose messages are built elsewhere`;
    case AST_NODE_TYPES.MemberExpression:
      return `${subject} are read from another object`.replace(/^(`[^`]*`) are/, '$1 is');
    default:
      return `${subject} are an expression`.replace(/^(`[^`]*`) are/, '$1 is');
  }
}

/** `{ metadata: { trace_id: traceId } }` for the path `['metadata']` and the entry `trace_id: traceId`. */
function nested(sourceCode: SourceCode, path: readonly string[], entry: string): string {
  let text = `{ ${entry} }`;
  for (let i = path.length - 1; i >= 0; i--) text = `{ ${propertyKey(sourceCode, path[i]!)}: ${text} }`;
  return text;
}

function propertyKey(sourceCode: SourceCode, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : stringLiteral(key, quoteOf(sourceCode));
}

/** A property named like the key (any case: header names) anywhere in `node`: `...(valid ? { metadata: { trace_id: id } } : {})`. */
function hasKeyAnywhere(sourceCode: SourceCode, node: TSESTree.Node, keys: ReadonlySet<string>): boolean {
  const text = sourceCode.getText(node).toLowerCase();
  if (![...keys].some((key) => text.includes(key))) return false;
  let found = false;
  walk(
    node,
    (child) => {
      if (found) return false;
      if (child.type === AST_NODE_TYPES.Property && keys.has(getKeyName(child.key, child.computed)?.toLowerCase() ?? '')) found = true;
      return !found;
    },
    sourceCode.visitorKeys,
  );
  return found;
}

/** A call of the rule's helper or a configured one anywhere in `node`. */
function mentionsHelper(sourceCode: SourceCode, node: TSESTree.Node, options: PlanOptions): boolean {
  const names = [HELPER_NAME, ...options.helpers];
  const text = sourceCode.getText(node);
  if (!names.some((name) => text.includes(name))) return false;
  let found = false;
  walk(
    node,
    (child) => {
      if (found) return false;
      if (child.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrapTS(child.callee);
        const name =
          callee.type === AST_NODE_TYPES.Identifier
            ? callee.name
            : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
              ? callee.property.name
              : undefined;
        if (name && (/^withTraceId(?:Items)?\d*$/.test(name) || options.helpers.includes(name))) found = true;
      }
      return !found;
    },
    sourceCode.visitorKeys,
  );
  return found;
}

/** A callback URL that already carries the id: a query parameter naming it, or a helper that adds it. */
function carriesTraceId(sourceCode: SourceCode, node: TSESTree.Node, options: PlanOptions): boolean {
  const text = sourceCode.getText(node);
  if (new RegExp(`[?&]${TWILIO_PARAM}=|[?&]${escapeRegExp(options.key)}=|traceparent`, 'i').test(text)) return true;
  if (text.includes(URL_HELPER_NAME)) return true;
  return mentionsHelper(sourceCode, node, options);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether the call sits inside a function named in `helpers` (a project wrapper that adds the id). */
export function insideHelper(node: TSESTree.Node, helpers: readonly string[]): boolean {
  if (helpers.length === 0) return false;
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    const name = functionName(current);
    if (name && helpers.includes(name)) return true;
  }
  return false;
}

function functionName(fn: TSESTree.Node): string | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if ((parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.PropertyDefinition) && parent.key) {
    return getKeyName(parent.key, parent.computed);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The module-level helpers
// ---------------------------------------------------------------------------------------------------------

const HELPER_MARK = 'isSpanContextValid';

/**
 * The name of the file's helper (`withTraceId` for records, `withTraceIdParam` for URLs): an existing
 * module-level function of that name that checks `isSpanContextValid` is reused, else one is added after
 * the imports (with a fresh name if the plain one is taken).
 */
export function ensureHelper(builder: FixBuilder, filename: string, kind: 'record' | 'list' | 'url'): string {
  const memoKey = `provider-helper:${kind}`;
  const memo = builder.memo.get(memoKey) as string | undefined;
  if (memo) return memo;
  const sourceCode = builder.sourceCode;
  const base = kind === 'record' ? HELPER_NAME : kind === 'list' ? LIST_HELPER_NAME : URL_HELPER_NAME;
  const existing = existingHelper(sourceCode, base);
  if (existing) {
    builder.memo.set(memoKey, existing);
    return existing;
  }
  const { trace, isSpanContextValid } = requestImports(builder, filename, OTEL_API, ['trace', 'isSpanContextValid']);
  const taken = moduleNames(sourceCode);
  const name = freshName(base, taken, { has: (candidate: string) => [...builder.memo.values()].includes(candidate) });
  const syntax = typeSyntax(sourceCode, filename);
  const i = indentUnit(sourceCode);
  // One doc comment: the description, and in checked JavaScript the JSDoc types under it.
  const doc = (summary: string, jsdoc: readonly string[]): string =>
    syntax === 'jsdoc' ? ['/**', ` * ${summary}`, ...jsdoc.map((line) => ` * ${line}`), ' */'].join('\n') : `/** ${summary} */`;
  const lines =
    kind === 'record'
      ? [
          doc("What `fields` makes of the active span's trace id, or nothing without a valid active span (never an empty id).", [
            '@template {object} T',
            '@param {(traceId: string) => T} fields',
            '@returns {T | Record<never, never>}',
          ]),
          syntax === 'ts'
            ? `function ${name}<T extends object>(fields: (traceId: string) => T): T | Record<never, never> {`
            : `function ${name}(fields) {`,
          `${i}const spanContext = ${trace}.getActiveSpan()?.spanContext();`,
          `${i}return spanContext && ${isSpanContextValid}(spanContext) ? fields(spanContext.traceId) : {};`,
          '}',
        ]
      : kind === 'list'
        ? [
            doc("What `items` makes of the active span's trace id, or no items without a valid active span (never an empty id).", [
              '@template T',
              '@param {(traceId: string) => T[]} items',
              '@returns {T[]}',
            ]),
            syntax === 'ts' ? `function ${name}<T>(items: (traceId: string) => T[]): T[] {` : `function ${name}(items) {`,
            `${i}const spanContext = ${trace}.getActiveSpan()?.spanContext();`,
            `${i}return spanContext && ${isSpanContextValid}(spanContext) ? items(spanContext.traceId) : [];`,
            '}',
          ]
        : [
            doc(`\`url\` with the active span's trace id as its \`${TWILIO_PARAM}\` query parameter; unchanged without a valid active span.`, [
              '@param {string} url',
              '@returns {string}',
            ]),
            syntax === 'ts' ? `function ${name}(url: string): string {` : `function ${name}(url) {`,
            `${i}const spanContext = ${trace}.getActiveSpan()?.spanContext();`,
            `${i}if (!spanContext || !${isSpanContextValid}(spanContext)) return url;`,
            `${i}const tagged = new URL(url);`,
            `${i}tagged.searchParams.set(${stringLiteral(TWILIO_PARAM, quoteOf(sourceCode))}, spanContext.traceId);`,
            `${i}return tagged.toString();`,
            '}',
          ];
  const text = lines.join('\n');
  // After the imports written by requestImports (registered before this finalizer).
  builder.onBuild(() => insertTopLevel(builder, text, true));
  builder.memo.set(memoKey, name);
  return name;
}

function existingHelper(sourceCode: SourceCode, base: string): string | undefined {
  for (const statement of sourceCode.ast.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration ? statement.declaration : statement;
    if (
      declaration.type === AST_NODE_TYPES.FunctionDeclaration &&
      declaration.id &&
      new RegExp(`^${base}\\d*$`).test(declaration.id.name) &&
      sourceCode.getText(declaration).includes(HELPER_MARK)
    ) {
      return declaration.id.name;
    }
  }
  return undefined;
}
