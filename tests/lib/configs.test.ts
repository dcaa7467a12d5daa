import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { buildConfigs, presetRules } from '../../lib/configs.js';

type AnyRules = Parameters<typeof presetRules>[0];
const rules = plugin.rules as unknown as AnyRules;

describe('presets derived from rule metadata', () => {
  it('recommended: every recommended rule, P0/P1 as errors and P2 as warnings', () => {
    const expected: Record<string, string> = {};
    for (const [name, rule] of Object.entries(rules)) {
      const docs = rule.meta.docs!;
      if (docs.recommended) expected[`otel/${name}`] = docs.priority === 'P2' ? 'warn' : 'error';
    }
    expect(presetRules(rules, 'recommended')).toEqual(expected);
    expect(plugin.configs.recommended.rules).toEqual(expected);
  });

  it('strict: the recommended rules, all errors', () => {
    const expected = Object.fromEntries(
      Object.entries(rules)
        .filter(([, rule]) => rule.meta.docs!.recommended)
        .map(([name]) => [`otel/${name}`, 'error']),
    );
    expect(presetRules(rules, 'strict')).toEqual(expected);
    expect(plugin.configs.strict.rules).toEqual(expected);
  });

  it('all: every rule, as errors', () => {
    const expected = Object.fromEntries(Object.keys(rules).map((name) => [`otel/${name}`, 'error']));
    expect(presetRules(rules, 'all')).toEqual(expected);
    expect(plugin.configs.all.rules).toEqual(expected);
  });

  it('require-job-span is a recommended error', () => {
    expect(plugin.configs.recommended.rules?.['otel/require-job-span']).toBe('error');
  });

  it('each config is named and registers the plugin under otel', () => {
    for (const preset of ['recommended', 'strict', 'all'] as const) {
      expect(plugin.configs[preset].name).toBe(`otel/${preset}`);
      expect(plugin.configs[preset].plugins?.otel).toBe(plugin);
    }
  });

  it('handles priorities and non-recommended rules on made-up rules', () => {
    const make = (priority: 'P0' | 'P1' | 'P2', recommended: boolean) => ({ meta: { docs: { priority, recommended } } });
    const fake = { a: make('P0', true), b: make('P1', true), c: make('P2', true), d: make('P0', false) } as unknown as AnyRules;
    expect(presetRules(fake, 'recommended')).toEqual({ 'otel/a': 'error', 'otel/b': 'error', 'otel/c': 'warn' });
    expect(presetRules(fake, 'strict')).toEqual({ 'otel/a': 'error', 'otel/b': 'error', 'otel/c': 'error' });
    expect(presetRules(fake, 'all')).toEqual({ 'otel/a': 'error', 'otel/b': 'error', 'otel/c': 'error', 'otel/d': 'error' });
    const configs = buildConfigs({} as never, fake);
    expect(configs.recommended.rules).toEqual(presetRules(fake, 'recommended'));
  });
});
