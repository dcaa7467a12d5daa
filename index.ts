import type { TSESLint } from '@typescript-eslint/utils';

import { buildConfigs } from './lib/configs.js';
import { rules } from './lib/rules/index.js';
import { packageMeta } from './lib/util/meta.js';

const plugin = {
  meta: { name: packageMeta.name, version: packageMeta.version, namespace: 'otel' },
  rules,
  configs: {} as Record<'recommended' | 'strict' | 'all', TSESLint.FlatConfig.Config>,
};

Object.assign(plugin.configs, buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin, rules));

export default plugin;
export { rules };
