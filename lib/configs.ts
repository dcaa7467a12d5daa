import type { ESLint, Linter } from 'eslint';

import type { OtelRuleDocs } from './util/create-rule.js';

export type PresetName = 'recommended' | 'strict' | 'all';
type Severity = 'error' | 'warn';

interface RuleWithDocs {
  readonly meta: { readonly docs?: Partial<OtelRuleDocs> };
}

/**
 * Presets derived from each rule's `meta.docs` (never kept by hand):
 * - `recommended`: rules with `recommended: true`; P0/P1 as errors, P2 as warnings.
 * - `strict`: the same rules, all as errors.
 * - `all`: every rule, as errors.
 */
export function presetRules(rules: Readonly<Record<string, RuleWithDocs>>, preset: PresetName): Record<string, Severity> {
  const result: Record<string, Severity> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (preset !== 'all' && !docs?.recommended) continue;
    const severity: Severity = preset === 'recommended' && docs?.priority === 'P2' ? 'warn' : 'error';
    result[`otel/${name}`] = severity;
  }
  return result;
}

export function buildConfigs(plugin: ESLint.Plugin, rules: Readonly<Record<string, RuleWithDocs>>): Record<PresetName, Linter.Config> {
  const make = (preset: PresetName): Linter.Config => ({
    name: `otel/${preset}`,
    plugins: { otel: plugin },
    rules: presetRules(rules, preset),
  });
  return { recommended: make('recommended'), strict: make('strict'), all: make('all') };
}
