import type { ESLint, Linter, Rule } from 'eslint';

import { buildConfigs, type PresetName } from './lib/configs.js';
import { rules as ruleModules } from './lib/rules/index.js';
import { packageMeta } from './lib/util/meta.js';

export type RuleName = keyof typeof ruleModules;

export const meta = { name: packageMeta.name, version: packageMeta.version, namespace: 'otel' };

/**
 * The rules, typed as ESLint's own rule modules so that the plugin and its presets fit `defineConfig()` and
 * `Linter.Config[]` in an `eslint.config.ts` (the typed rule modules are in `lib/rules/`).
 */
export const rules = ruleModules as unknown as Record<RuleName, Rule.RuleModule>;

export const configs = {} as Record<PresetName, Linter.Config>;

const plugin: ESLint.Plugin & { meta: typeof meta; rules: typeof rules; configs: typeof configs } = { meta, rules, configs };

// The presets refer to the plugin object itself (`plugins: { otel: plugin }`).
Object.assign(configs, buildConfigs(plugin, ruleModules));

export default plugin;
