/**
 * A module resolve hook (registered by `bin/otel-audit.js` with `module.register`): an `import
 * 'eslint-plugin-otel'` in the project's eslint.config.* resolves to the plugin running the audit. The audit's
 * coverage comes from that very module instance (its inventory sink), a project run through `npx` may not
 * have the plugin installed at all, and ESLint refuses two different objects under one plugin name.
 * ESM `import` only: a CommonJS config's `require` resolves as usual.
 */

let pluginUrl: string | undefined;

export function initialize(data: { pluginUrl: string }): void {
  pluginUrl = data.pluginUrl;
}

type Next = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<{ url: string; shortCircuit?: boolean }> {
  if (specifier === 'eslint-plugin-otel' && pluginUrl) return { url: pluginUrl, shortCircuit: true };
  return next(specifier, context);
}
