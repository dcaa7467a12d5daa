import type { TSESLint } from '@typescript-eslint/utils';

import { buildConfigs } from './lib/configs.js';
import { rules } from './lib/rules/index.js';
import { packageMeta } from './lib/util/meta.js';

export const meta = { name: packageMeta.name, version: packageMeta.version, namespace: 'otel' };

export const configs = {} as Record<'recommended' | 'strict' | 'all', TSESLint.FlatConfig.Config>;

const plugin = { meta, rules, configs };

// The presets refer to the plugin object itself (`plugins: { otel: plugin }`).
Object.assign(configs, buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin, rules));

export { rules };
export default plugin;
