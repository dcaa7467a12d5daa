import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { HTTP_CLIENTS, type HttpCall, type HttpClient, type RequestShape } from '../catalogue/http.js';
import { calleeName, dottedName, findProperty, getKeyName, isFunction, unwrapTS, walk } from '../ast.js';
import type { OtelSettings } from '../settings.js';
import {
  findConfiguredCalls,
  findExportReferences,
  getInstanceIndex,
  holderInitializer,
  hasLibraryType,
} from './references.js';
import { getAnalysis } from './analysis.js';
import { programIncludes } from './type-info.js';

/**
 * Finding outgoing HTTP requests: calls of the catalogued clients (global `fetch`, undici, node-fetch, axios
 * and its instances, got, ky, ofetch, `http(s).request`) and of project wrappers named in
 * `settings.otel.httpClients`, with where the request's URL and options (holding `headers`) are.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface HttpRequest {
  readonly client: Pick<HttpClient, 'id' | 'label' | 'whatwg'>;
  readonly call: TSESTree.CallExpression;
  /** The URL expression, when the call has one. */
  readonly url?: TSESTree.Node;
  /** The options/config argument holding `headers`, when present. */
  readonly options?: TSESTree.Node;
  /** Index the options argument has or would have. */
  readonly optionsIndex: number;
  /** Headers go through `.set(…)` on the returned request (superagent). */
  readonly setterChain?: boolean;
}

/** The whole chain a request is built with: `superagent.post(url).set(…).send(…)` for `superagent.post(url)`. */
export function requestChain(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  for (;;) {
    const member = current.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) return current;
    const next = member.parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== member) return current;
    current = next;
  }
}

function argument(call: TSESTree.CallExpression, index: number): TSESTree.Node | undefined {
  const arg = call.arguments[index];
  return arg && arg.type !== AST_NODE_TYPES.SpreadElement ? arg : undefined;
}

function describe(
  sourceCode: Readonly<TSESLint.SourceCode>,
  client: HttpRequest['client'],
  call: TSESTree.CallExpression,
  shape: RequestShape,
): HttpRequest {
  const first = argument(call, 0);
  if (shape.setterChain) {
    return { client, call, url: argument(call, shape.urlArg) ?? first, optionsIndex: -1, setterChain: true };
  }
  if (shape.urlArg === -1) {
    // request(config)
    const config = first && unwrapTS(first);
    const url = config?.type === AST_NODE_TYPES.ObjectExpression ? findProperty(config, 'url')?.value : undefined;
    return { client, call, url, options: first, optionsIndex: 0 };
  }
  if (shape.configFirst && first && unwrapTS(first).type === AST_NODE_TYPES.ObjectExpression) {
    const config = unwrapTS(first) as TSESTree.ObjectExpression;
    const url = findProperty(config, 'url')?.value ?? findProperty(config, 'hostname')?.value ?? findProperty(config, 'host')?.value;
    return { client, call, url, options: first, optionsIndex: 0 };
  }
  if (shape.configFirst && first && !isUrlLike(sourceCode, first)) {
    // axios(config) / http.request(options, cb) with a config built elsewhere: the options are that value.
    return { client, call, options: first, optionsIndex: 0 };
  }
  let options = argument(call, shape.optionsArg);
  // http.request(url, callback): the callback takes the options' place.
  if (options && isFunction(unwrapTS(options))) options = undefined;
  return { client, call, url: argument(call, shape.urlArg), options, optionsIndex: shape.optionsArg };
}

const HTTP_MODULES = [...new Set(HTTP_CLIENTS.flatMap((client) => client.modules ?? []))];

/**
 * Whether the file can make an HTTP request at all: it names `fetch`, imports an HTTP client, names a
 * configured wrapper, or (typed linting) belongs to a program that includes a client. When not, a rule is done.
 */
export function mayHaveHttpRequests(context: Context, settings: OtelSettings): boolean {
  const analysis = getAnalysis(context);
  return (
    // The global fetch is found by its calls (`fetch(…)`, `globalThis.fetch(…)`): a call in the text, not the word.
    analysis.matches(/\bfetch\s*\(/) ||
    analysis.importsAny(HTTP_MODULES) ||
    settings.httpClients.some((client) => analysis.mentions(client.name.split('.').at(-1) ?? client.name)) ||
    (analysis.typed && programIncludes(context, HTTP_MODULES))
  );
}

/** Every outgoing HTTP request call in the file (memoised in the file's shared analysis). */
export function findHttpRequests(context: Context, settings: OtelSettings): HttpRequest[] {
  const analysis = getAnalysis(context);
  return analysis.memo('httpRequests', () => {
    const sourceCode = context.sourceCode;
    const out: HttpRequest[] = [];
    const seen = new Set<TSESTree.Node>();
    const push = (request: HttpRequest): void => {
      if (seen.has(request.call)) return;
      seen.add(request.call);
      out.push(request);
    };

    for (const client of HTTP_CLIENTS) {
      if (!client.modules) {
        if (!analysis.mentions('fetch')) continue;
      } else if (!analysis.importsAny(client.modules)) {
        // With type information, clients created in other modules are recognised by type.
        if (!(analysis.typed && client.instance && programIncludes(context, client.modules))) continue;
      }
      if (client.calls.length > 0) {
        const references = findExportReferences(context, client.modules, client.calls.map((c) => ({ path: c.path, invoke: c.invoke })));
        for (const reference of references) {
          if (reference.node.type !== AST_NODE_TYPES.CallExpression) continue;
          const spec = client.calls.find((c) => c.path.length === reference.path.length && c.path.every((p, i) => p === reference.path[i]));
          if (spec) push(describe(sourceCode, client, reference.node, spec.shape));
        }
      }
      if (client.instance && client.instanceMethods && client.modules) {
        collectInstanceCalls(context, client, client.instanceMethods, push);
      }
    }

    for (const { entry, call } of findConfiguredCalls(context, settings.httpClients)) {
      const client = { id: entry.name, label: entry.name, whatwg: false };
      push(describe(sourceCode, client, call, { urlArg: entry.urlArg, optionsArg: entry.optionsArg }));
    }
    return out;
  });
}

function collectInstanceCalls(
  context: Context,
  client: HttpClient,
  methods: readonly HttpCall[],
  push: (request: HttpRequest) => void,
): void {
  const sourceCode = context.sourceCode;
  const index = getInstanceIndex(context, `http:${client.id}`, client.modules!, client.instance!);
  const analysis = getAnalysis(context);
  const typed = analysis.typed;
  if (index.isEmpty && !typed) return;
  const isInstance = (node: TSESTree.Node): boolean => {
    if (index.has(node) || (typed && hasLibraryType(context, node, client.modules!, index.typeNames))) return true;
    const inner = unwrapTS(node);
    return (
      inner.type === AST_NODE_TYPES.MemberExpression &&
      (client.instanceAccessors ?? []).includes(getKeyName(inner.property, inner.computed) ?? '') &&
      isInstance(inner.object)
    );
  };
  for (const node of analysis.calls) {
    if (node.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = unwrapTS(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = methods.find((m) => m.path.length === 1 && m.path[0] === calleeName(callee));
      if (method && isInstance(callee.object)) push(describe(sourceCode, client, node, method.shape));
    } else {
      const direct = methods.find((m) => m.path.length === 0);
      if (direct && isInstance(callee)) push(describe(sourceCode, client, node, direct.shape));
    }
  }
}

/** Whether the value is surely a URL string (not a `Request` whose headers an init would replace). */
export function isUrlLike(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const inner = unwrapTS(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
      return typeof inner.value === 'string';
    case AST_NODE_TYPES.TemplateLiteral:
      return true;
    case AST_NODE_TYPES.BinaryExpression:
      return inner.operator === '+';
    case AST_NODE_TYPES.NewExpression:
      return inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === 'URL';
    case AST_NODE_TYPES.CallExpression:
      return inner.callee.type === AST_NODE_TYPES.MemberExpression && !inner.callee.computed &&
        inner.callee.property.type === AST_NODE_TYPES.Identifier && inner.callee.property.name === 'toString';
    case AST_NODE_TYPES.MemberExpression:
      return !inner.computed && inner.property.type === AST_NODE_TYPES.Identifier && /url|uri|href|endpoint|target|address/i.test(inner.property.name);
    case AST_NODE_TYPES.Identifier: {
      if (/url|uri|href|endpoint|address|target/i.test(inner.name)) return true;
      const definition = resolveVariable(sourceCode, inner)?.defs[0]?.node as TSESTree.Node | undefined;
      if (definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init) return isUrlLike(sourceCode, definition.init);
      // A parameter typed `string` or `URL`.
      const param = resolveVariable(sourceCode, inner)?.defs[0]?.name as TSESTree.Node | undefined;
      const type = param?.type === AST_NODE_TYPES.Identifier ? param.typeAnnotation?.typeAnnotation : undefined;
      return (
        type?.type === AST_NODE_TYPES.TSStringKeyword ||
        (type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier && type.typeName.name === 'URL')
      );
    }
    default:
      return false;
  }
}

/** The nearest enclosing function (or the Program). */
export function enclosingFunctionOrProgram(node: TSESTree.Node): TSESTree.Node {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && !isFunction(current) && current.type !== AST_NODE_TYPES.Program) current = current.parent;
  return current ?? node;
}

/** A call of a helper named in `settings.otel.propagationHelpers` (`withTraceHeaders`, `http.withTrace`). */
function isPropagationHelperCall(call: TSESTree.CallExpression, settings: OtelSettings): boolean {
  return settings.propagationHelpers.some((helper) => calleeName(call.callee) === helper || dottedName(call.callee) === helper);
}

/** Whether `node`'s subtree calls `propagation.inject` or a configured propagation helper. */
function containsInjection(context: Context, node: TSESTree.Node, settings: OtelSettings): boolean {
  let found = false;
  walk(
    node,
    (child) => {
      if (found) return false;
      if (child.type !== AST_NODE_TYPES.CallExpression) return true;
      const helper = isPropagationHelperCall(child, settings);
      if (helper || isInjectCall(context, child)) found = true;
      return !found;
    },
    context.sourceCode.visitorKeys,
    { intoFunctions: true },
  );
  return found;
}

/**
 * A client set up to inject context itself: an axios `X.interceptors.request.use(fn)` (on the instance, or on
 * the default export for every call) or got/ky `hooks` in the options the instance was created with, whose
 * code injects.
 */
function clientInjectsItself(context: Context, request: HttpRequest, settings: OtelSettings): boolean {
  const sourceCode = context.sourceCode;
  const callee = unwrapTS(request.call.callee);
  const client = callee.type === AST_NODE_TYPES.MemberExpression ? unwrapTS(callee.object) : callee;
  const clientText = sourceCode.getText(client);
  // The instance's creation: `const x = axios.create({ … })` / `this.x = got.extend({ hooks })`.
  const creation = holderInitializer(sourceCode, client);
  if (creation && containsInjection(context, creation, settings)) return true;
  return injectingInterceptors(context, settings).has(clientText);
}

const interceptorsCache = new WeakMap<object, ReadonlySet<string>>();

/** The clients (by source text) on which an `X.interceptors.request.use(…)` that injects is installed. */
function injectingInterceptors(context: Context, settings: OtelSettings): ReadonlySet<string> {
  const sourceCode = context.sourceCode;
  let targets = interceptorsCache.get(sourceCode.ast);
  if (targets) return targets;
  const found = new Set<string>();
  if (sourceCode.text.includes('interceptors')) {
    walk(
      sourceCode.ast,
      (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression || calleeName(node.callee) !== 'use') return;
        const use = unwrapTS(node.callee);
        // X.interceptors.request.use(…)
        if (use.type !== AST_NODE_TYPES.MemberExpression) return;
        const requestMember = unwrapTS(use.object);
        if (requestMember.type !== AST_NODE_TYPES.MemberExpression || calleeName(requestMember) !== 'request') return;
        const interceptors = unwrapTS(requestMember.object);
        if (interceptors.type !== AST_NODE_TYPES.MemberExpression || calleeName(interceptors) !== 'interceptors') return;
        if (node.arguments.some((argument) => containsInjection(context, argument, settings))) {
          found.add(sourceCode.getText(unwrapTS(interceptors.object)));
        }
      },
      sourceCode.visitorKeys,
      { intoFunctions: true },
    );
  }
  targets = found;
  interceptorsCache.set(sourceCode.ast, targets);
  return targets;
}

/** HTTP header names are case-insensitive. */
function isTraceparent(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'traceparent';
}

/** The leftmost identifier of a member chain (`init` for `init.headers`). */
function rootIdentifier(node: TSESTree.Node): string | undefined {
  let current = unwrapTS(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = unwrapTS(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current.name : current.type === AST_NODE_TYPES.ThisExpression ? 'this' : undefined;
}

const injectCallsCache = new WeakMap<object, ReadonlySet<TSESTree.Node>>();

/** `propagation.inject(…)` of `@opentelemetry/api` under any import style or alias, or by its usual name. */
function isInjectCall(context: Context, node: TSESTree.CallExpression): boolean {
  const name = dottedName(unwrapTS(node.callee));
  if (name !== undefined && /(?:^|\.)propagation\.inject$/.test(name)) return true;
  let calls = injectCallsCache.get(context.sourceCode.ast);
  if (!calls) {
    const references = findExportReferences(context, ['@opentelemetry/api'], [{ path: ['propagation', 'inject'], invoke: 'call' }]);
    calls = new Set(references.map((reference) => reference.node));
    injectCallsCache.set(context.sourceCode.ast, calls);
  }
  return calls.has(node);
}

/**
 * Whether the request already carries trace context: a `traceparent` header written out, a
 * `propagation.inject(…, carrier)` in the same function whose carrier the call uses, or a configured
 * propagation helper called in the arguments or on a carrier the call uses.
 */
export function propagatesContext(context: Context, request: HttpRequest, settings: OtelSettings): boolean {
  const sourceCode = context.sourceCode;
  const used = new Set<string>();
  let found = false;
  const root = request.setterChain ? requestChain(request.call) : request.call;
  walk(
    root,
    (node) => {
      if (found) return false;
      if (node === request.call && !request.setterChain) return true;
      // superagent: .set('traceparent', …)
      if (
        node.type === AST_NODE_TYPES.Literal &&
        request.setterChain &&
        isTraceparent(node.value) &&
        node.parent?.type === AST_NODE_TYPES.CallExpression &&
        node.parent.arguments[0] === node &&
        calleeName(node.parent.callee) === 'set'
      ) {
        found = true;
      }
      if (node.type === AST_NODE_TYPES.Identifier) used.add(node.name);
      if (node.type === AST_NODE_TYPES.ThisExpression) used.add('this');
      if (node.type === AST_NODE_TYPES.Property && isTraceparent(getKeyName(node.key, node.computed))) found = true;
      if (node.type === AST_NODE_TYPES.CallExpression && isPropagationHelperCall(node, settings)) found = true;
      return true;
    },
    sourceCode.visitorKeys,
    { intoFunctions: true },
  );
  if (found) return true;
  // Options or headers held in locals of the same function: what their initialisers use counts too.
  for (const argument of request.call.arguments) {
    const inner = unwrapTS(argument);
    if (inner.type !== AST_NODE_TYPES.Identifier) continue;
    const definition = resolveVariable(sourceCode, inner)?.defs[0]?.node as TSESTree.Node | undefined;
    if (definition?.type !== AST_NODE_TYPES.VariableDeclarator || !definition.init) continue;
    walk(
      definition.init,
      (node) => {
        if (node.type === AST_NODE_TYPES.Identifier) used.add(node.name);
        if (node.type === AST_NODE_TYPES.Property && isTraceparent(getKeyName(node.key, node.computed))) found = true;
      },
      sourceCode.visitorKeys,
    );
  }
  if (found) return true;
  if (clientInjectsItself(context, request, settings)) return true;
  // Carriers filled in the same function (or, at the top level, the same file).
  const carriers = carriersIn(context, enclosingFunctionOrProgram(request.call), settings);
  return [...used].some((name) => carriers.has(name));
}

const carriersCache = new WeakMap<object, ReadonlySet<string>>();

/** Root names of the carriers that `propagation.inject` or a configured helper fills in a function's own body. */
function carriersIn(context: Context, scope: TSESTree.Node, settings: OtelSettings): ReadonlySet<string> {
  let carriers = carriersCache.get(scope);
  if (carriers) return carriers;
  const found = new Set<string>();
  walk(
    scope,
    (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const helper = isPropagationHelperCall(node, settings);
      const carrier = isInjectCall(context, node) ? node.arguments[1] : helper ? node.arguments[0] : undefined;
      const root = carrier && rootIdentifier(carrier);
      if (root) found.add(root);
    },
    context.sourceCode.visitorKeys,
  );
  carriers = found;
  carriersCache.set(scope, carriers);
  return carriers;
}

/** The variable an identifier resolves to, if any. */
export function resolveVariable(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
  return ASTUtils.findVariable(sourceCode.getScope(identifier) as never, identifier) as TSESLint.Scope.Variable | null;
}
