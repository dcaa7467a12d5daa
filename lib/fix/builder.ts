import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * Collects the edits of one fix so that helpers (imports, tracer, body wrap, properties) can each add theirs
 * and the rule yields them together: ESLint applies them atomically. Insertions at the same offset keep the
 * order in which they were added.
 */
export class FixBuilder {
  private readonly edits: { range: [number, number]; text: string; order: number }[] = [];
  private order = 0;
  /** Per-fix memo for helpers (e.g. the import already planned for a module). */
  readonly memo = new Map<string, unknown>();

  private readonly finalizers: (() => void)[] = [];

  constructor(readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /** Run `finalize` once, just before the edits are built (e.g. to write the imports gathered so far). */
  onBuild(finalize: () => void): void {
    this.finalizers.push(finalize);
  }

  insertAt(offset: number, text: string): void {
    this.edits.push({ range: [offset, offset], text, order: this.order++ });
  }

  insertBefore(nodeOrToken: TSESTree.Node | TSESTree.Token, text: string): void {
    this.insertAt(nodeOrToken.range[0], text);
  }

  insertAfter(nodeOrToken: TSESTree.Node | TSESTree.Token, text: string): void {
    this.insertAt(nodeOrToken.range[1], text);
  }

  replace(nodeOrRange: TSESTree.Node | TSESTree.Token | readonly [number, number], text: string): void {
    const range = 'range' in nodeOrRange ? nodeOrRange.range : nodeOrRange;
    this.edits.push({ range: [range[0], range[1]], text, order: this.order++ });
  }

  /**
   * Make this fix's range cover `node` without changing it, so that ESLint applies no other fix touching
   * `node` in the same pass: fixes that pick fresh names in one scope must see each other's results.
   */
  cover(node: TSESTree.Node): void {
    this.insertAt(node.range[0], '');
    this.insertAt(node.range[1], '');
  }

  /**
   * The edits as ESLint fixes; same-offset insertions merged in the order they were added. `null` when this
   * fix would span far (from a new import at the top down to its finding) and the file has already spent its
   * budget for such wide fixes (see `chargeSpan`): the finding is then reported without a fix in this pass.
   */
  buildWithinBudget(fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] | null {
    const fixes = this.build(fixer);
    if (fixes.length === 0) return fixes;
    const start = Math.min(...fixes.map((fix) => fix.range[0]));
    const end = Math.max(...fixes.map((fix) => fix.range[1]));
    return chargeSpan(this.sourceCode, end - start) ? fixes : null;
  }

  /** The edits as ESLint fixes; same-offset insertions merged in the order they were added. */
  build(fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] {
    for (const finalize of this.finalizers.splice(0)) finalize();
    const sorted = [...this.edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.order - b.order);
    const merged: { range: [number, number]; text: string }[] = [];
    for (const edit of sorted) {
      const last = merged.at(-1);
      if (last && last.range[0] === edit.range[0] && last.range[1] === last.range[0] && edit.range[0] <= edit.range[1]) {
        last.text += edit.text;
        last.range = [last.range[0], edit.range[1]];
        continue;
      }
      merged.push({ range: edit.range, text: edit.text });
    }
    // Generated line breaks follow the file's own (CRLF files stay CRLF).
    const crlf = this.sourceCode.text.includes('\r\n');
    return merged.map((edit) => fixer.replaceTextRange(edit.range, crlf ? edit.text.replace(/(?<!\r)\n/g, '\r\n') : edit.text));
  }
}

/**
 * Each ESLint fix is one contiguous replacement, so a fix that adds an import at the top and wraps a handler
 * far below carries a copy of everything between. A generated module with thousands of findings would hold
 * thousands of copies of most of the file (quadratic memory). So a file gets a budget for the total span
 * of its fixes: four times its own size plus 1 MiB, far more than any hand-written file uses. Past it, fixes
 * that span far are dropped for this pass; once an earlier fix has added the import and the tracer, the
 * next pass's fixes reuse them and are local again, so `eslint --fix` still converges in a few passes and
 * memory per finding no longer grows with the file.
 */
const LOCAL_SPAN = 4096;
const spent = new WeakMap<object, { used: number }>();

function chargeSpan(sourceCode: Readonly<TSESLint.SourceCode>, span: number): boolean {
  if (span <= LOCAL_SPAN) return true;
  let budget = spent.get(sourceCode.ast);
  if (!budget) {
    budget = { used: 0 };
    spent.set(sourceCode.ast, budget);
  }
  const limit = 4 * sourceCode.text.length + (1 << 20);
  if (budget.used + span > limit) return false;
  budget.used += span;
  return true;
}
