import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { calleeName } from '../ast.js';
import { declaresDependency, nearestPackageName } from '../project.js';
import type { OtelSettings } from '../settings.js';
import type { FixBuilder } from './builder.js';
import { insertTopLevel, requestImports } from './imports.js';
import { moduleSpecifierFor } from './module-path.js';
import { freshName, moduleNames } from './names.js';
import { quoteOf, stringLiteral } from './text.js';

/**
 * Finding or creating the tracer a fix uses: the project's tracer named in `settings.otel.tracer` (imported),
 * a module-level `x = …getTracer(…)` or an imported binding named `tracer` already in the file, or else a new
 * module-level `const tracer = trace.getTracer('<package name>')` after the imports.
 */

export const OTEL_API = '@opentelemetry/api';

/**
 * Modules whose `tracer` export is an OpenTelemetry tracer we may call `startActiveSpan` on: the project's own
 * (relative paths, path aliases, scoped workspace packages) and OpenTelemetry's; not an APM vendor's
 * (`import tracer from 'dd-trace'` has no `startActiveSpan`).
 */
export function isProjectModule(source: string): boolean {
  if (/^(?:\.{1,2}\/|[~#@]\/|\/)/.test(source)) return true;
  if (source.startsWith('@opentelemetry/')) return true;
  if (/^@(?:sentry|datadog|newrelic|elastic|google-cloud|splunk|honeycombio|dynatrace|instana|appsignal)\//.test(source)) return false;
  return source.startsWith('@');
}

const tracerCache = new WeakMap<object, { name: string | undefined }>();

/** A module-level variable initialised from `getTracer(…)`, or an imported `tracer` (once per file). */
export function findExistingTracer(program: TSESTree.Program): string | undefined {
  let cached = tracerCache.get(program);
  if (!cached) {
    cached = { name: computeExistingTracer(program) };
    tracerCache.set(program, cached);
  }
  return cached.name;
}

function computeExistingTracer(program: TSESTree.Program): string | undefined {
  for (const statement of program.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of declaration.declarations) {
        if (
          declarator.id.type === AST_NODE_TYPES.Identifier &&
          declarator.init?.type === AST_NODE_TYPES.CallExpression &&
          calleeName(declarator.init.callee) === 'getTracer'
        ) {
          return declarator.id.name;
        }
        // const { tracer } = require('./telemetry')
        const init = declarator.init;
        if (
          declarator.id.type === AST_NODE_TYPES.ObjectPattern &&
          init?.type === AST_NODE_TYPES.CallExpression &&
          init.callee.type === AST_NODE_TYPES.Identifier &&
          init.callee.name === 'require' &&
          init.arguments[0]?.type === AST_NODE_TYPES.Literal &&
          typeof init.arguments[0].value === 'string' &&
          isProjectModule(init.arguments[0].value)
        ) {
          for (const property of declarator.id.properties) {
            if (
              property.type === AST_NODE_TYPES.Property &&
              property.key.type === AST_NODE_TYPES.Identifier &&
              property.key.name === 'tracer' &&
              property.value.type === AST_NODE_TYPES.Identifier
            ) {
              return property.value.name;
            }
          }
        }
      }
    }
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== 'type' && isProjectModule(statement.source.value)) {
      for (const specifier of statement.specifiers) {
        if (specifier.local.name === 'tracer' && specifier.type !== AST_NODE_TYPES.ImportNamespaceSpecifier) return 'tracer';
      }
    }
  }
  return undefined;
}

/**
 * The tracer expression to use where `avoid` names are bound locally (they would shadow a module-level
 * tracer or import, so those get fresh names instead).
 */
export function ensureTracer(
  builder: FixBuilder,
  filename: string,
  settings: OtelSettings,
  avoid: ReadonlySet<string> = new Set(),
  /** ESLint's working directory: a relative `settings.otel.tracer.from` is relative to it. */
  cwd: string = process.cwd(),
): string {
  const memo = builder.memo.get('tracer') as string | undefined;
  if (memo) return memo;
  let tracer: string;
  if (settings.tracer) {
    const from = moduleSpecifierFor(settings.tracer.from, filename, cwd);
    tracer = requestImports(builder, filename, from, [settings.tracer.name], avoid)[settings.tracer.name]!;
  } else {
    const existing = findExistingTracer(builder.sourceCode.ast);
    if (existing && !avoid.has(existing)) {
      tracer = existing;
    } else {
      const { trace } = requestImports(builder, filename, OTEL_API, ['trace']);
      tracer = freshName('tracer', moduleNames(builder.sourceCode), avoid);
      const scope = settings.tracerName ?? nearestPackageName(filename);
      const statement = `const ${tracer} = ${trace}.getTracer(${stringLiteral(scope, quoteOf(builder.sourceCode))});`;
      // After the imports written by requestImports (registered before this finalizer).
      builder.onBuild(() => insertTopLevel(builder, statement, true));
    }
  }
  builder.memo.set('tracer', tracer);
  return tracer;
}

/**
 * Whether fixes that import `@opentelemetry/api` may be applied automatically here: the file imports it
 * already, the project lists it, or `settings.otel.checkApiDependency` is off.
 */
export function apiAvailable(sourceCode: FixBuilder['sourceCode'], filename: string, settings: OtelSettings): boolean {
  if (!settings.checkApiDependency) return true;
  if (sourceCode.text.includes(OTEL_API)) return true;
  return declaresDependency(filename, OTEL_API);
}
