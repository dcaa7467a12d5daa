import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, getStaticString } from '../ast.js';
import { nearestPackageName } from '../project.js';
import type { OtelSettings } from '../settings.js';
import type { FixBuilder } from './builder.js';
import { insertTopLevel, requestImports, topInsertionPoint } from './imports.js';
import { freshName, moduleNames, type NameSet } from './names.js';
import { insertStatementsAfter } from './statements.js';
import { indentUnit, quoteOf, stringLiteral } from './text.js';
import { isProjectModule, OTEL_API } from './tracer.js';

/**
 * Finding or creating the module-level meter a fix uses (like the tracer): a module-level
 * `x = …getMeter(…)`, an imported `meter` of the project's, or a new `const meter = metrics.getMeter('<scope>')`
 * after the imports; and module-level instruments created from it, found by their metric name.
 */

export interface ExistingMeter {
  readonly name: string;
  /** The declaring statement (undefined for an import). */
  readonly statement?: TSESTree.Node;
}

/** Module-level statements, with `export` declarations unwrapped. */
function* moduleDeclarators(program: TSESTree.Program): Generator<{ declarator: TSESTree.VariableDeclarator; statement: TSESTree.Node }> {
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of declaration.declarations) yield { declarator, statement };
  }
}

export function findExistingMeter(program: TSESTree.Program): ExistingMeter | undefined {
  for (const { declarator, statement } of moduleDeclarators(program)) {
    if (
      declarator.id.type === AST_NODE_TYPES.Identifier &&
      declarator.init?.type === AST_NODE_TYPES.CallExpression &&
      calleeName(declarator.init.callee) === 'getMeter'
    ) {
      return { name: declarator.id.name, statement };
    }
  }
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== 'type' && isProjectModule(statement.source.value)) {
      for (const specifier of statement.specifiers) {
        if (specifier.local.name === 'meter' && specifier.type === AST_NODE_TYPES.ImportSpecifier) return { name: 'meter' };
      }
    }
  }
  return undefined;
}

/** A module-level instrument: `const x = meter.createObservableUpDownCounter('<metric>', …)`. */
export function findExistingInstrument(program: TSESTree.Program, metric: string): ExistingMeter | undefined {
  for (const { declarator, statement } of moduleDeclarators(program)) {
    const init = declarator.init;
    if (
      declarator.id.type === AST_NODE_TYPES.Identifier &&
      init?.type === AST_NODE_TYPES.CallExpression &&
      /^create(?:Observable(?:UpDownCounter|Gauge|Counter)|Histogram)$/.test(calleeName(init.callee) ?? '') &&
      getStaticString(init.arguments[0]) === metric
    ) {
      return { name: declarator.id.name, statement };
    }
  }
  return undefined;
}

export interface InstrumentSpec {
  /** Metric name. */
  readonly metric: string;
  /** Preferred variable name. */
  readonly variable: string;
  readonly description: string;
  readonly unit: string;
  /** Default: an observable up-down counter. */
  readonly histogram?: boolean;
}

export interface Instruments {
  readonly meter: string;
  /** Variable per metric name. */
  readonly names: ReadonlyMap<string, string>;
  /** Offset from which module-level code may use them (they are declared before it). */
  readonly readyAt: number;
}

/**
 * The instruments (found or created) and the meter they come from. `avoid`: names that would shadow
 * module-level ones where they are used. Returns undefined where an existing meter or instrument is shadowed.
 */
export function ensureInstruments(
  builder: FixBuilder,
  filename: string,
  settings: OtelSettings,
  specs: readonly InstrumentSpec[],
  avoid: NameSet,
): Instruments | undefined {
  const memo = builder.memo.get('pool-instruments') as Instruments | undefined;
  // One plan per fix (each fix has its own builder).
  if (memo) return memo;
  const sourceCode = builder.sourceCode;
  const program = sourceCode.ast;
  const quote = quoteOf(sourceCode);
  const unit = indentUnit(sourceCode);
  const names = new Map<string, string>();
  let readyAt = 0;
  const missing: InstrumentSpec[] = [];
  for (const spec of specs) {
    const existing = findExistingInstrument(program, spec.metric);
    if (existing && avoid.has(existing.name)) return undefined;
    if (existing) {
      names.set(spec.metric, existing.name);
      readyAt = Math.max(readyAt, existing.statement!.range[1]);
    } else {
      missing.push(spec);
    }
  }
  const existingMeter = findExistingMeter(program);
  if (existingMeter && avoid.has(existingMeter.name)) return undefined;
  let meter = existingMeter?.name;
  const lines: string[] = [];
  if (!meter) {
    const { metrics } = requestImports(builder, filename, OTEL_API, ['metrics']);
    meter = freshName('meter', moduleNames(sourceCode), avoid);
    const scope = settings.tracerName ?? nearestPackageName(filename);
    lines.push(`const ${meter} = ${metrics}.getMeter(${stringLiteral(scope, quote)});`);
  }
  const chosen = new Set<string>([meter]);
  const taken = { has: (name: string) => chosen.has(name) };
  for (const spec of missing) {
    const name = freshName(spec.variable, moduleNames(sourceCode), avoid, taken);
    chosen.add(name);
    names.set(spec.metric, name);
    lines.push(
      [
        `const ${name} = ${meter}.${spec.histogram ? 'createHistogram' : 'createObservableUpDownCounter'}(${stringLiteral(spec.metric, quote)}, {`,
        `${unit}description: ${stringLiteral(spec.description, quote)},`,
        `${unit}unit: ${stringLiteral(spec.unit, quote)},`,
        '});',
      ].join('\n'),
    );
  }
  if (lines.length > 0) {
    if (existingMeter?.statement) {
      insertStatementsAfter(builder, existingMeter.statement, lines);
      readyAt = Math.max(readyAt, existingMeter.statement.range[1]);
    } else {
      const text = lines.join('\n');
      // After the imports written by requestImports (registered before this finalizer).
      builder.onBuild(() => insertTopLevel(builder, text, true));
      readyAt = Math.max(readyAt, topInsertionPoint(sourceCode).offset);
    }
  }
  const instruments = { meter, names, readyAt };
  builder.memo.set('pool-instruments', instruments);
  return instruments;
}
