import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';

/**
 * A `SourceCode` for unit tests of the fix/text helpers, from a real lint (so nodes have parents and scopes),
 * parsed like the rules' files are.
 */
export function sourceOf(text: string, options: { sourceType?: 'module' | 'script' } = {}): TSESLint.SourceCode {
  const sourceType = options.sourceType === 'script' ? 'commonjs' : 'module';
  return withContext(text, (context) => context.sourceCode as TSESLint.SourceCode, {
    filename: sourceType === 'commonjs' ? 'file.cjs' : 'file.ts',
    sourceType,
  });
}

/** The first node of `type` in depth-first order (parents before children). */
export function findNode<T extends TSESTree.Node['type']>(
  sourceCode: TSESLint.SourceCode,
  type: T,
  predicate: (node: Extract<TSESTree.Node, { type: T }>) => boolean = () => true,
): Extract<TSESTree.Node, { type: T }> {
  let found: Extract<TSESTree.Node, { type: T }> | undefined;
  const visit = (node: TSESTree.Node): void => {
    if (found) return;
    if (node.type === type && predicate(node as Extract<TSESTree.Node, { type: T }>)) {
      found = node as Extract<TSESTree.Node, { type: T }>;
      return;
    }
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node);
      }
    }
  };
  visit(sourceCode.ast);
  if (!found) throw new Error(`no ${type} in the source`);
  return found;
}

/**
 * Run `probe` inside a real lint (as a rule's `Program:exit`), with `settings`, and return what it returns.
 * For helpers that need a rule context (reference tracking, scopes).
 */
export function withContext<T>(
  code: string,
  probe: (context: TSESLint.RuleContext<string, readonly unknown[]>) => T,
  { filename = 'file.ts', sourceType = 'module' }: { filename?: string; sourceType?: 'module' | 'commonjs' } = {},
): T {
  let result: { value: T } | undefined;
  const probeRule = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: TSESLint.RuleContext<string, readonly unknown[]>) {
      return {
        'Program:exit'() {
          result = { value: probe(context) };
        },
      };
    },
  };
  const linter = new Linter();
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.js', '**/*.cjs'],
        languageOptions: { parser: tsParser as never, sourceType },
        plugins: { probe: { rules: { probe: probeRule as never } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    filename,
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!result) throw new Error('the probe did not run');
  return result.value;
}
