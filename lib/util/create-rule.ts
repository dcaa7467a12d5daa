import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields every rule of this plugin declares; the presets are derived from them. */
export interface OtelRuleDocs {
  /** The audit's priority of the gap this rule closes. P0/P1 are errors in `recommended`, P2 warnings. */
  priority: 'P0' | 'P1' | 'P2';
  /** Whether the rule is part of the `recommended` preset. */
  recommended: boolean;
  /** Whether the rule reads type information when typed linting is on (it never requires it). */
  requiresTypeChecking?: false;
}

export const REPO_URL = 'https://github.com/eslint-plugin-otel/eslint-plugin-otel';

const baseCreateRule = ESLintUtils.RuleCreator<OtelRuleDocs>((name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`);

/**
 * typescript-eslint's `RuleCreator`, with one change: the options-with-defaults are computed once per distinct
 * options value instead of once per file. `applyDefault` deep-clones the defaults with `structuredClone` on
 * every `create()`, which alone cost more per file than a median ESLint core rule spends on it.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Parameters<typeof baseCreateRule<Options, MessageIds>>[0],
): ReturnType<typeof baseCreateRule<Options, MessageIds>> {
  const created = baseCreateRule<Options, MessageIds>(rule);
  const defaults = (rule.meta.defaultOptions ?? []) as Options;
  const applied = new Map<string, Options>();
  const optionsFor = (given: readonly unknown[]): Options => {
    const key = given.length === 0 ? '' : JSON.stringify(given);
    let options = applied.get(key);
    if (!options) {
      options = ESLintUtils.applyDefault<Options, Options>(defaults, given as Options);
      if (applied.size > 64) applied.clear();
      applied.set(key, options);
    }
    return options;
  };
  return {
    ...created,
    create(context) {
      return rule.create(context, optionsFor(context.options));
    },
  };
}
