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

export const createRule = ESLintUtils.RuleCreator<OtelRuleDocs>(
  (name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`,
);
