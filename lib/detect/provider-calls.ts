import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { PROVIDERS, SES_V1_FIELD, SES_V1_MODULE, type Provider, type ProviderField, type ProviderMethod } from '../catalogue/providers.js';
import { isMemberWrite, getStaticString, unwrapTS, walk } from '../ast.js';
import {
  findExportReferences,
  getInstanceIndex,
  hasLibraryType,
  InstanceIndex,
  type ExportReference,
} from './references.js';
import { getAnalysis } from './analysis.js';
import { programIncludes } from './type-info.js';

/**
 * Finding calls to provider SDKs (Stripe, SendGrid, Twilio, …) that create or change something at the
 * provider: a catalogued method path (`paymentIntents.create`, `messages.create`) called on a client instance
 * (a variable, a class member or an injected typed member holding one; with typed linting, any expression the
 * checker types as the SDK's client) or on the module's own singleton (`sgMail.send`). Member chains are
 * walked from the call back to the instance, so any depth works (`this.stripe.checkout.sessions.create`).
 * Look-alikes stay out: a `messages.create` of another library or a local object named `stripe` is no client.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ProviderCall {
  readonly provider: Provider;
  readonly method: ProviderMethod;
  /** The call, or for command-style SDKs the command construction (`new SendEmailCommand(input)`). */
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  /** Where the trace id goes for this call, and its name in messages. */
  readonly field: ProviderField;
  readonly fieldLabel: string;
  /** The method path as written after the client, e.g. `paymentIntents.create`. */
  readonly methodLabel: string;
}

const MAX_DEPTH = 5;

const cache = new WeakMap<object, Map<string, ProviderCall[]>>();

/** Provider calls of the file for the given providers (cached per file). */
export function findProviderCalls(context: Context, providers: readonly Provider[] = PROVIDERS): ProviderCall[] {
  const sourceCode = context.sourceCode;
  const key = providers.map((provider) => provider.id).join(',');
  let perFile = cache.get(sourceCode.ast);
  if (!perFile) {
    perFile = new Map();
    cache.set(sourceCode.ast, perFile);
  }
  let calls = perFile.get(key);
  if (!calls) {
    calls = compute(context, providers);
    perFile.set(key, calls);
  }
  return calls;
}

/** Whether the file can call one of these providers at all (shared analysis; no tree walk). */
const modulesBySelection = new Map<string, readonly string[]>();

/** The modules of a selection of providers, as one list (kept per selection: the same list every file). */
function modulesOf(all: readonly Provider[]): readonly string[] {
  const key = all.map((provider) => provider.id).join(',');
  let modules = modulesBySelection.get(key);
  if (!modules) {
    modules = all.flatMap((provider) => provider.modules);
    modulesBySelection.set(key, modules);
  }
  return modules;
}

export function mayCallProviders(context: Context, all: readonly Provider[]): boolean {
  const analysis = getAnalysis(context);
  const modules = modulesOf(all);
  return analysis.importsAny(modules) || (analysis.typed && programIncludes(context, modules));
}

function compute(context: Context, all: readonly Provider[]): ProviderCall[] {
  const sourceCode = context.sourceCode;
  // Cheap gate: a file that names none of the modules costs one text search per module. With typed linting
  // a client imported from another module of the project (`import { billing } from './clients'`) is still
  // found by its type, so every provider's methods stay candidates there.
  const analysis = getAnalysis(context);
  const typed = analysis.typed && programIncludes(context, modulesOf(all));
  const providers = all.filter((provider) => analysis.importsAny(provider.modules));
  if (providers.length === 0 && !typed) return [];

  const out: ProviderCall[] = [];
  const seen = new Set<TSESTree.Node>();
  const add = (provider: Provider, method: ProviderMethod, call: TSESTree.CallExpression | TSESTree.NewExpression, module?: string | null): void => {
    if (seen.has(call)) return;
    seen.add(call);
    // `SendEmailCommand` of SES v1 has `Tags`, of SES v2 `EmailTags`.
    const v1 = module === SES_V1_MODULE && method.path[0] === 'SendEmailCommand';
    const field = v1 ? SES_V1_FIELD : (method.field ?? provider.field);
    const fieldLabel = v1 ? 'Tags' : (method.fieldLabel ?? provider.fieldLabel);
    out.push({ provider, method, call, field, fieldLabel, methodLabel: method.path.join('.') });
  };

  // Calls on the module's own export (`sgMail.send(…)`) and command constructions (`new SendEmailCommand(…)`).
  for (const provider of providers) {
    if (!provider.moduleMethods) continue;
    const specs = provider.moduleMethods.map((method) => ({ path: method.path, invoke: method.construct ? ('construct' as const) : ('call' as const) }));
    for (const reference of findExportReferences(context, provider.modules, specs)) {
      const method = provider.moduleMethods.find((candidate) => samePath(candidate.path, reference.path));
      const node = reference.node;
      if (method && (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression)) {
        add(provider, method, node, reference.module);
      }
    }
  }

  const mentioned = new Set(providers);
  const indexes = (typed ? all : providers)
    .filter((provider) => provider.methods.length > 0)
    .map((provider) => ({ provider, index: mentioned.has(provider) ? instanceIndex(context, provider) : undefined, types: new Set(provider.typeNames) }));
  walk(
    sourceCode.ast,
    (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || seen.has(node)) return;
      // Walk the callee's member chain back towards its object: `a.b.c(…)` tries `a.b` + [c], `a` + [b, c].
      const path: string[] = [];
      let current: TSESTree.Node = unwrapTS(node.callee);
      while (current.type === AST_NODE_TYPES.MemberExpression && path.length < MAX_DEPTH) {
        const name = current.computed ? getStaticString(current.property) : current.property.type === AST_NODE_TYPES.Identifier ? current.property.name : undefined;
        if (name === undefined) return;
        path.unshift(name);
        const object = unwrapTS(current.object);
        for (const { provider, index, types } of indexes) {
          const method = provider.methods.find((candidate) => samePath(candidate.path, path));
          if (!method) continue;
          if (index?.has(object) || (typed && hasLibraryType(context, object, provider.modules, types))) {
            add(provider, method, node);
            return;
          }
        }
        current = object;
      }
    },
    sourceCode.visitorKeys,
    { intoFunctions: true },
  );
  return out;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * The provider's client instances. Mailgun's client is made in two steps (`new Mailgun(FormData).client({…})`):
 * the `client(…)` calls on a Mailgun instance are the creations.
 */
function instanceIndex(context: Context, provider: Provider): InstanceIndex {
  if (provider.id !== 'mailgun') return getInstanceIndex(context, `provider:${provider.id}`, provider.modules, provider.instance);
  const sourceCode = context.sourceCode;
  const factories = getInstanceIndex(context, 'provider:mailgun-factory', provider.modules, {
    createdBy: [{ path: [], invoke: 'construct' }],
    types: [],
  });
  const creations: ExportReference[] = [];
  if (!factories.isEmpty) {
    walk(
      sourceCode.ast,
      (node) => {
        if (
          node.type === AST_NODE_TYPES.CallExpression &&
          node.callee.type === AST_NODE_TYPES.MemberExpression &&
          !node.callee.computed &&
          node.callee.property.type === AST_NODE_TYPES.Identifier &&
          node.callee.property.name === 'client' &&
          factories.has(node.callee.object)
        ) {
          creations.push({ node, module: provider.modules[0]!, path: ['client'], invoke: 'call' });
        }
      },
      sourceCode.visitorKeys,
      { intoFunctions: true },
    );
  }
  return new InstanceIndex(sourceCode, provider.modules, provider.instance, creations);
}

/**
 * The object literal a same-scope variable was initialised with, when the rule can see all of it: declared
 * once in the same function as `use`, never reassigned, and no member of it written later (`p.metadata = …`,
 * `Object.assign(p, …)`): then editing the literal is editing what the call sends.
 */
export function visibleObjectLiteral(sourceCode: SourceCode, identifier: TSESTree.Identifier, use: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier) as never, identifier) as TSESLint.Scope.Variable | null;
  const definition = variable?.defs.length === 1 ? (variable.defs[0]!.node as TSESTree.Node) : undefined;
  if (definition?.type !== AST_NODE_TYPES.VariableDeclarator || !definition.init || definition.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (definition.range[1] > use.range[0]) return undefined;
  if (variable!.scope.variableScope !== sourceCode.getScope(use).variableScope) return undefined;
  for (const reference of variable!.references) {
    if (reference.init) continue;
    if (reference.isWrite() || isMemberWrite(reference.identifier as TSESTree.Node)) return undefined;
  }
  const init = unwrapTS(definition.init);
  return init.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
}

