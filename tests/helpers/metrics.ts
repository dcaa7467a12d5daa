/**
 * An OpenTelemetry metrics SDK registered globally for run-time tests: MeterProvider →
 * PeriodicExportingMetricReader (long interval; the test exports with `collect()`) → InMemoryMetricExporter.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { metrics, type Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import ts from 'typescript';

import { FIXED_DIR, REPO_ROOT } from './runtime.js';

export interface Point {
  /** A gauge's or counter's value; a histogram's sum. */
  readonly value: number;
  /** Histograms: how many values were recorded, and the largest. */
  readonly count?: number;
  readonly max?: number;
  readonly attributes: Attributes;
}

export interface MetricsSdk {
  /** Export once and return each metric's data points by metric name. */
  collect(): Promise<Map<string, Point[]>>;
  shutdown(): Promise<void>;
}

/** Register globally; call BEFORE loading fixed modules (their `metrics.getMeter()` binds at load). */
export function setupMetrics(): MetricsSdk {
  metrics.disable();
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  if (!metrics.setGlobalMeterProvider(provider)) throw new Error('could not register the meter provider');
  return {
    async collect() {
      exporter.reset();
      await reader.forceFlush();
      const out = new Map<string, Point[]>();
      for (const resourceMetrics of exporter.getMetrics()) {
        for (const scope of resourceMetrics.scopeMetrics) {
          for (const metric of scope.metrics) {
            const points = out.get(metric.descriptor.name) ?? [];
            for (const point of metric.dataPoints) {
              const value: unknown = point.value;
              if (typeof value === 'number') points.push({ value, attributes: point.attributes });
              else if (value && typeof value === 'object' && 'sum' in value && 'count' in value) {
                const histogram = value as { sum: number; count: number; max?: number };
                points.push({ value: histogram.sum, count: histogram.count, max: histogram.max, attributes: point.attributes });
              }
            }
            out.set(metric.descriptor.name, points);
          }
        }
      }
      return out;
    },
    async shutdown() {
      await provider.shutdown();
      metrics.disable();
    },
  };
}

/** The one point of `metric` whose attributes include `match`. */
export function pointOf(collected: Map<string, Point[]>, metric: string, match: Attributes): Point | undefined {
  const points = (collected.get(metric) ?? []).filter((point) =>
    Object.entries(match).every(([key, value]) => point.attributes[key] === value),
  );
  if (points.length > 1) throw new Error(`${points.length} points of ${metric} match ${JSON.stringify(match)}`);
  return points[0];
}

/** The value of the one point of `metric` whose attributes include `match`. */
export function valueOf(collected: Map<string, Point[]>, metric: string, match: Attributes): number | undefined {
  const points = (collected.get(metric) ?? []).filter((point) =>
    Object.entries(match).every(([key, value]) => point.attributes[key] === value),
  );
  if (points.length > 1) throw new Error(`${points.length} points of ${metric} match ${JSON.stringify(match)}`);
  return points[0]?.value;
}

/**
 * The checker's type of every value a fixed module observes, sets or records (`result.observe(instrument,
 * VALUE, …)`, `this.set(labels, VALUE)`, `histogram.record(VALUE, …)`), type-checked as strict TypeScript: proves no `any` from an untyped accessor
 * reaches a metric.
 */
export function observedValueTypes(code: string): string[] {
  mkdirSync(FIXED_DIR, { recursive: true });
  const dir = mkdtempSync(path.join(FIXED_DIR, 'types-'));
  const file = path.join(dir, 'observed.ts');
  writeFileSync(file, code);
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      esModuleInterop: true,
      skipLibCheck: true,
      typeRoots: [path.join(REPO_ROOT, 'node_modules/@types')],
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    const out: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        const value = method === 'observe' || method === 'set' ? node.arguments[1] : method === 'record' ? node.arguments[0] : undefined;
        if (value) out.push(checker.typeToString(checker.getTypeAtLocation(value)));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
