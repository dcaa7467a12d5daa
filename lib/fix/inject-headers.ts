import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isMemberWrite, findProperty, unwrapTS } from '../ast.js';
import { enclosingFunctionOrProgram, isUrlLike, resolveVariable, type HttpRequest } from '../detect/http-calls.js';
import type { FixBuilder } from './builder.js';
import { requestImports } from './imports.js';
import { freshName, namesWithin, shadowingNames, visibleNames } from './names.js';
import { appendProperty, hasSpread, prependProperty } from './object-property.js';
import { insertStatementsBefore } from './statements.js';
import { typedConst, typeSyntax } from './text.js';
import { OTEL_API } from './tracer.js';

/**
 * Making an outgoing request carry W3C trace context with `propagation.inject(context.active(), carrier)`.
 * No user expression is moved or evaluated twice: a fresh carrier object is filled just before the statement
 * that makes the request and spread *first* into the request's headers literal (so headers the code sets
 * itself still win), or added as `headers` where the request has none; a plain headers object declared in
 * the same function is injected into directly, a `Headers` instance through a setter.
 * Each plan is a fix (safe) or a suggestion (the edit is right only if a value has the shape we assume).
 */

export type InjectionPlan =
  | { readonly kind: 'fix' | 'suggest'; readonly apply: (builder: FixBuilder) => boolean }
  | { readonly kind: 'none' };

type SourceCode = Readonly<TSESLint.SourceCode>;

const NONE: InjectionPlan = { kind: 'none' };

interface Names {
  readonly propagation: string;
  readonly context: string;
}

function otelNames(builder: FixBuilder, filename: string, at: TSESTree.Node): Names {
  // Locals between the request and the module scope (a Koa `context`, say) would shadow the imports.
  const avoid = shadowingNames(builder.sourceCode, at);
  const names = requestImports(builder, filename, OTEL_API, ['propagation', 'context'], avoid);
  return { propagation: names.propagation!, context: names.context! };
}

/** Declares and fills a fresh carrier before the request's statement; returns its name, or undefined. */
function addCarrier(builder: FixBuilder, filename: string, request: HttpRequest, anchor: TSESTree.Node = request.call): string | undefined {
  const sourceCode = builder.sourceCode;
  const { propagation, context } = otelNames(builder, filename, request.call);
  const carrier = freshName('traceHeaders', visibleNames(sourceCode, request.call), namesWithin(sourceCode, enclosingStatementOrSelf(anchor)));
  builder.cover(enclosingFunctionOrProgram(request.call));
  const ok = insertStatementsBefore(builder, anchor, [
    ...typedConst(typeSyntax(sourceCode, filename), carrier, 'Record<string, string>', '{}'),
    `${propagation}.inject(${context}.active(), ${carrier});`,
  ]);
  return ok ? carrier : undefined;
}

function injectInto(builder: FixBuilder, filename: string, request: HttpRequest, target: string, whatwg: boolean): boolean {
  const { propagation, context } = otelNames(builder, filename, request.call);
  const setter = whatwg ? ', { set: (carrier, key, value) => carrier.set(key, value) }' : '';
  return insertStatementsBefore(builder, request.call, [`${propagation}.inject(${context}.active(), ${target}${setter});`]);
}

function enclosingStatementOrSelf(node: TSESTree.Node): TSESTree.Node {
  let current: TSESTree.Node = node;
  while (current.parent && !/Statement$|Declaration$/.test(current.type)) current = current.parent;
  return current;
}

/**
 * A variable's initialiser when it is declared in the same function as `use` (never shared state). With
 * `unchanged`, also only when no code writes to its members later (`init.headers = …`, `Object.assign(init, …)`),
 * so that an edit of the literal is what the request sends.
 */
function localInitializer(
  sourceCode: SourceCode,
  identifier: TSESTree.Identifier,
  use: TSESTree.Node,
  unchanged = false,
): TSESTree.Node | undefined {
  const variable = resolveVariable(sourceCode, identifier);
  const definition = variable?.defs.length === 1 ? (variable.defs[0]!.node as TSESTree.Node) : undefined;
  if (definition?.type !== AST_NODE_TYPES.VariableDeclarator || !definition.init) return undefined;
  if (variable!.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  if (unchanged && variable!.references.some((reference) => isMemberWrite(reference.identifier as TSESTree.Node))) return undefined;
  if (variable!.scope.variableScope !== sourceCode.getScope(use).variableScope) return undefined;
  return unwrapTS(definition.init);
}

/** The name of a local `const req = new Request(…)` that a fetch-family call sends, if it is one. */
function localRequestVariable(sourceCode: SourceCode, request: HttpRequest): string | undefined {
  const target = request.url ? unwrapTS(request.url) : undefined;
  if (!request.client.whatwg || target?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const init = localInitializer(sourceCode, target, request.call);
  return init && isRequestConstruction(init) ? target.name : undefined;
}

function isRequestConstruction(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Request';
}

function isHeadersConstruction(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Headers';
}

/** Plan for the `headers` value of an options object literal. */
function planForOptionsObject(
  sourceCode: SourceCode,
  filename: string,
  request: HttpRequest,
  options: TSESTree.ObjectExpression,
  anchor: TSESTree.Node,
): InjectionPlan {
  const headers = findProperty(options, 'headers');
  if (!headers) {
    // A spread may carry headers that an added `headers` key would replace.
    if (hasSpread(options)) return NONE;
    // fetch(request, init): headers in the init replace the Request's own. A local `new Request(…)` keeps
    // them when the init has none: inject into its Headers instead.
    const localRequest = localRequestVariable(sourceCode, request);
    if (localRequest) {
      return { kind: 'fix', apply: (builder) => injectInto(builder, filename, request, `${localRequest}.headers`, true) };
    }
    const mayBeRequest = request.client.whatwg && !isUrlLike(sourceCode, request.url);
    return {
      kind: mayBeRequest ? 'suggest' : 'fix',
      apply: (builder) => {
        const carrier = addCarrier(builder, filename, request, anchor);
        if (!carrier) return false;
        appendProperty(builder, options, `headers: ${carrier}`);
        return true;
      },
    };
  }
  const value = unwrapTS(headers.value);
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    return {
      kind: 'fix',
      apply: (builder) => {
        const carrier = addCarrier(builder, filename, request, anchor);
        if (!carrier) return false;
        prependProperty(builder, value, `...${carrier}`);
        return true;
      },
    };
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = localInitializer(sourceCode, value, request.call);
    if (init?.type === AST_NODE_TYPES.ObjectExpression) {
      return { kind: 'fix', apply: (builder) => injectInto(builder, filename, request, value.name, false) };
    }
    if (init && isHeadersConstruction(init)) {
      return { kind: 'fix', apply: (builder) => injectInto(builder, filename, request, value.name, true) };
    }
  }
  // A Headers object or an array of pairs: spreading either into an object literal would lose them.
  if (isHeadersConstruction(value) || value.type === AST_NODE_TYPES.ArrayExpression) return NONE;
  // Unknown shape (a parameter, a call, a member): right only if it is a plain object.
  return {
    kind: 'suggest',
    apply: (builder) => {
      const carrier = addCarrier(builder, filename, request, anchor);
      if (!carrier) return false;
      const text = sourceCode.getText(headers.value);
      builder.replace(headers, headers.shorthand ? `headers: { ...${carrier}, ...${text} }` : `${sourceCode.getText(headers.key)}: { ...${carrier}, ...${text} }`);
      return true;
    },
  };
}

export function planInjection(sourceCode: SourceCode, filename: string, request: HttpRequest): InjectionPlan {
  const call = request.call;
  const options = request.options ? unwrapTS(request.options) : undefined;

  if (request.setterChain) {
    // superagent.post(url) → superagent.post(url).set(traceHeaders)
    return {
      kind: 'fix',
      apply: (builder) => {
        const carrier = addCarrier(builder, filename, request);
        if (!carrier) return false;
        builder.insertAfter(call, `.set(${carrier})`);
        return true;
      },
    };
  }

  if (options?.type === AST_NODE_TYPES.ObjectExpression) {
    return planForOptionsObject(sourceCode, filename, request, options, call);
  }
  if (options?.type === AST_NODE_TYPES.Identifier) {
    const init = localInitializer(sourceCode, options, call, true);
    if (init?.type === AST_NODE_TYPES.ObjectExpression) {
      // Edit the literal where it is declared; the carrier goes before that declaration.
      return planForOptionsObject(sourceCode, filename, request, init, init);
    }
    return NONE;
  }
  if (options) return NONE;

  // fetch(request) with a `new Request(…)` of the same function: inject into its Headers.
  const localRequest = localRequestVariable(sourceCode, request);
  if (localRequest) {
    return { kind: 'fix', apply: (builder) => injectInto(builder, filename, request, `${localRequest}.headers`, true) };
  }
  const target = request.url ? unwrapTS(request.url) : undefined;

  // fetch(new Request(…)): an added init would replace the Request's headers.
  if (target && isRequestConstruction(target)) return NONE;

  // No options argument: add one (with placeholders for skipped arguments, e.g. axios.post(url)).
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return NONE;
  const whatwgUnknownTarget = request.client.whatwg && !isUrlLike(sourceCode, request.url);
  const plan: InjectionPlan = {
    kind: whatwgUnknownTarget ? 'suggest' : 'fix',
    apply: (builder) => {
      const carrier = addCarrier(builder, filename, request);
      if (!carrier) return false;
      addOptionsArgument(builder, call, request.optionsIndex, `{ headers: ${carrier} }`);
      return true;
    },
  };
  return plan;
}

function addOptionsArgument(builder: FixBuilder, call: TSESTree.CallExpression, index: number, text: string): void {
  const sourceCode = builder.sourceCode;
  const args = call.arguments;
  if (index < args.length) {
    // The argument at `index` is a callback (http.request(url, cb)): the options go before it.
    builder.insertBefore(args[index]!, `${text}, `);
    return;
  }
  const placeholders = Array.from({ length: index - args.length }, () => 'undefined');
  const parts = [...placeholders, text].join(', ');
  const last = args.at(-1);
  if (last) {
    const after = sourceCode.getTokenAfter(last)!;
    if (after.value === ',') builder.insertAfter(after, ` ${parts}`);
    else builder.insertAfter(last, `, ${parts}`);
  } else {
    const closing = sourceCode.getLastToken(call)!;
    builder.insertBefore(closing, parts);
  }
}
