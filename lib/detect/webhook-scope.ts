import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import path from 'node:path';

import { findProperty, getKeyName, unwrapTS } from '../ast.js';
import { resolveVariable, type HttpRequest } from './http-calls.js';

/**
 * Whether an outgoing request is a webhook or outbox delivery, judged by the words the code uses for it:
 * the URL expression (and the initialiser of a local it names), the enclosing functions' and classes' names,
 * and the file name. Words are split at camelCase and punctuation and matched one by one.
 */

/** Default word patterns (case-insensitive; matched against each word of the evidence). */
export const DEFAULT_WEBHOOK_PATTERNS: readonly string[] = [
  '^web-?hooks?$',
  '^hooks?$',
  '^outbox(es)?$',
  '^deliver(y|ies|s|ed|er|ing)?$',
  '^notify$',
  '^notifications?$',
  '^notifier$',
  '^subscribers?$',
  '^subscriptions?$',
];

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function nameOfFunction(node: TSESTree.Node): string | undefined {
  if ((node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression) && node.id) return node.id.name;
  const parent = node.parent;
  if (!parent) return undefined;
  // exports.deliverWebhook = function …, this.deliverWebhook = async () => …
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    return getKeyName(parent.left.property, parent.left.computed);
  }
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if ((parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.PropertyDefinition) && parent.value === node) {
    return getKeyName(parent.key, parent.computed);
  }
  return undefined;
}

/** The file's name and the directories between it and the project root (`cwd`), without extensions. */
function projectPathParts(filename: string, cwd: string): string[] {
  const relative = path.relative(cwd, filename);
  const inside = relative && !relative.startsWith('..') && !path.isAbsolute(relative);
  const parts = (inside ? relative : path.basename(filename)).split(/[\\/]/);
  return parts.map((part) => part.replace(/\.[^.]+$/, ''));
}

/**
 * The URL expression's text, and, for a local it is built from (`url.toString()`, `url.href`, `String(url)`,
 * `new URL(path, base)`), that local's initialiser, two steps deep.
 */
function urlEvidence(sourceCode: Readonly<TSESLint.SourceCode>, expression: TSESTree.Node, depth = 2): string[] {
  const texts = [sourceCode.getText(expression)];
  if (depth === 0) return texts;
  let root = unwrapTS(expression);
  for (;;) {
    if (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapTS(root.object);
    else if (root.type === AST_NODE_TYPES.CallExpression && root.callee.type === AST_NODE_TYPES.MemberExpression) root = unwrapTS(root.callee.object);
    else if ((root.type === AST_NODE_TYPES.CallExpression || root.type === AST_NODE_TYPES.NewExpression) && root.arguments[0]) {
      root = unwrapTS(root.arguments[0]);
    } else break;
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return texts;
  const definition = resolveVariable(sourceCode, root)?.defs[0]?.node as TSESTree.Node | undefined;
  if (definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init) texts.push(...urlEvidence(sourceCode, definition.init, depth - 1));
  return texts;
}

/**
 * Words that count in directory and file names: only the unambiguous ones (a `src/hooks/` folder holds React
 * hooks, a `notification-service` package makes more than deliveries).
 */
export const DEFAULT_PATH_PATTERNS: readonly string[] = ['^web-?hooks?$', '^outbox(es)?$'];

/** Words that mark a webhook only in the URL expression (`callbackUrl`), not in function names (OAuth `callback()`). */
export const DEFAULT_URL_PATTERNS: readonly string[] = ['^callbacks?$'];

/**
 * Evidence, strongest first: a read (GET/HEAD/OPTIONS) is never a delivery; the URL's own words; where the URL
 * states a fixed host, nothing else (a vendor's notification API is not a webhook); the enclosing functions'
 * names; the enclosing classes' names and the file's path within the project.
 */
export function isWebhookDelivery(
  sourceCode: Readonly<TSESLint.SourceCode>,
  filename: string,
  cwd: string,
  request: HttpRequest,
  patterns: { readonly anywhere: readonly RegExp[]; readonly urlOnly: readonly RegExp[]; readonly path: readonly RegExp[] },
  /** Names of the jobs whose handlers contain the request (`new Worker('webhooks', …)`). */
  jobNames: readonly string[] = [],
): boolean {
  // An explicit read (axios.get, method: 'GET') is never a delivery; fetch(url) without a method is
  // judged by its words like anything else.
  const method = requestMethod(sourceCode, request, { explicitOnly: true });
  if (method !== undefined && READ_VERBS.has(method.toLowerCase())) return false;
  const matchesAny = (list: readonly RegExp[]) => (text: string): boolean =>
    words(text).some((word) => list.some((pattern) => pattern.test(word)));

  const urlTexts = request.url ? urlEvidence(sourceCode, request.url) : [];
  // http(s).request({ hostname, path }): the path is part of the URL.
  const options = request.options ? unwrapTS(request.options) : undefined;
  const path = options?.type === AST_NODE_TYPES.ObjectExpression ? findProperty(options, 'path')?.value : undefined;
  if (path) urlTexts.push(sourceCode.getText(path));
  if (urlTexts.some(matchesAny([...patterns.anywhere, ...patterns.urlOnly]))) return true;
  // A literal URL with a host, or a same-origin path ('/api/orders'): a fixed endpoint, not a subscriber's.
  if (literalUrlHost(request) || literalSameOriginPath(request)) return false;

  const functionNames: string[] = [];
  const classNames: string[] = [];
  for (let node: TSESTree.Node | undefined = request.call.parent; node; node = node.parent) {
    if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) {
      if (node.id) classNames.push(node.id.name);
    } else {
      const name = nameOfFunction(node);
      if (name && node.type.includes('Function')) functionNames.push(name);
    }
  }
  const matches = matchesAny(patterns.anywhere);
  return (
    [...functionNames, ...jobNames, ...classNames].some(matches) || projectPathParts(filename, cwd).some(matchesAny(patterns.path))
  );
}

const READ_VERBS = new Set(['get', 'head', 'options']);

/** The request's HTTP method when the code states it (a verb method, `method: 'POST'`), GET by default. */
export function requestMethod(
  sourceCode: Readonly<TSESLint.SourceCode>,
  request: HttpRequest,
  { explicitOnly = false }: { explicitOnly?: boolean } = {},
): string | undefined {
  const callee = unwrapTS(request.call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
    const verb = callee.property.name.replace(/Form$/, '');
    if (READ_VERBS.has(verb)) return verb.toUpperCase();
    if (['post', 'put', 'patch', 'delete'].includes(verb)) return verb.toUpperCase();
  }
  const options = request.options ? unwrapTS(request.options) : undefined;
  if (!options) return explicitOnly ? undefined : 'GET';
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const method = findProperty(options, 'method');
  if (!method) return explicitOnly || options.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement) ? undefined : 'GET';
  const value = unwrapTS(method.value);
  return value.type === AST_NODE_TYPES.Literal && typeof value.value === 'string' ? value.value.toUpperCase() : undefined;
}

/** The URL's leading text when the code states it: a string literal, or a template literal's first part. */
function leadingUrlText(request: HttpRequest): string | undefined {
  const inner = request.url ? unwrapTS(request.url) : undefined;
  if (inner?.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return inner.value;
  if (inner?.type === AST_NODE_TYPES.TemplateLiteral) return inner.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

const SCHEME_AND_HOST = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#$]+)/i;

/** The host of a URL literal with a scheme (`'https://api.telegram.org/…'`, `` `https://x.com/${id}` ``). */
function literalUrlHost(request: HttpRequest): string | undefined {
  return SCHEME_AND_HOST.exec(leadingUrlText(request) ?? '')?.[1]?.toLowerCase();
}

/** A same-origin path literal (`'/api/orders'`). */
function literalSameOriginPath(request: HttpRequest): boolean {
  const text = leadingUrlText(request);
  return text !== undefined && text.startsWith('/') && !text.startsWith('//');
}

/**
 * The host of the request's URL when the code states it (a literal, a template literal's first part, or the
 * `hostname`/`host` of http(s).request options), for the host lists.
 */
export function staticHost(request: HttpRequest): string | undefined {
  const text = leadingUrlText(request);
  if (!text) return undefined;
  const host = literalUrlHost(request);
  if (host) return host;
  // http(s).request({ hostname: 'hooks.example.com' }): a bare host name.
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(text) ? text.toLowerCase() : undefined;
}

/** `api.stripe.com` matches `stripe.com` and `api.stripe.com`. */
export function hostMatches(host: string, listed: string): boolean {
  const entry = listed.toLowerCase();
  return host === entry || host.endsWith(`.${entry}`);
}
