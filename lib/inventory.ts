import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * The inventory: every place a rule looked at and decided on, fine or not (a job handler that is traced, a
 * webhook delivery that already propagates, …). Reports only say what is missing; an audit's coverage
 * ("job handlers: 23, traced 8") also needs what is fine. Rules call `recordInventory` for each item they
 * decide on; nothing is kept unless a sink is installed (the `otel-audit` command installs one around its
 * in-process ESLint run), so in an editor or a plain `eslint` run this costs one branch.
 */

export interface InventoryItem {
  /** The rule's name without the plugin prefix, e.g. `require-job-span`. */
  readonly rule: string;
  readonly filename: string;
  readonly line: number;
  readonly column: number;
  /** True when the item is already fine (the rule does not report it). */
  readonly ok: boolean;
  /** What the item is, for a reader (`BullMQ job 'send-email'`, `fetch webhook delivery`). */
  readonly label: string;
}

export type InventorySink = (item: InventoryItem) => void;

let sink: InventorySink | undefined;

/** Install (or with `undefined`, remove) the sink that receives inventory items. Returns the previous one. */
export function setInventorySink(next: InventorySink | undefined): InventorySink | undefined {
  const previous = sink;
  sink = next;
  return previous;
}

/** Whether anything listens (rules may skip work done only for the inventory). */
export function inventoryEnabled(): boolean {
  return sink !== undefined;
}

export function recordInventory(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  rule: string,
  node: TSESTree.Node,
  ok: boolean,
  label: string,
): void {
  if (!sink) return;
  sink({ rule, filename: context.filename, line: node.loc.start.line, column: node.loc.start.column + 1, ok, label });
}
