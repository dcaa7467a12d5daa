import type { TSESLint } from '@typescript-eslint/utils';

import type { OtelRuleDocs } from './util/create-rule.js';

type AnyRule = TSESLint.RuleModule<string, readonly unknown[], OtelRuleDocs>;
type Severity = 'error' | 'warn';

/**
 * Presets derived from each rule's `meta.docs` (never kept by hand):
 * - `recommended`: rules with `recommended: true`; P0/P1 as errors, P2 as warnings.
 * - `strict`: the same rules, all as errors.
 * - `all`: every rule, as errors.
 */
export function presetRules(
  rules: Record<string, AnyRule>,
  preset: 'recommended' | 'strict' | 'all',
): Record<string, Severity> {
  const result: Record<string, Severity> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (preset !== 'all' && !docs?.recommended) continue;
    const severity: Severity = preset === 'recommended' && docs?.priority === 'P2' ? 'warn' : 'error';
    result[`otel/${name}`] = severity;
  }
  return result;
}

export function buildConfigs(
  plugin: TSESLint.FlatConfig.Plugin,
  rules: Record<string, AnyRule>,
): Record<'recommended' | 'strict' | 'all', TSESLint.FlatConfig.Config> {
  const make = (preset: 'recommended' | 'strict' | 'all'): TSESLint.FlatConfig.Config => ({
    name: `otel/${preset}`,
    plugins: { otel: plugin },
    rules: presetRules(rules, preset),
  });
  return { recommended: make('recommended'), strict: make('strict'), all: make('all') };
}
