import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterEach, describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { setInventorySink, type InventoryItem } from '../../lib/inventory.js';

const CODE = `
import { Worker } from 'bullmq';
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('svc');
new Worker('send-email', async (job) => { await job.updateProgress(1); });
new Worker('traced', async (job) => tracer.startActiveSpan('traced', async (span) => { span.end(); }));
export async function deliverWebhook(url: string, body: string) {
  await fetch(url, { method: 'POST', body });
}
`;

function lint(): { items: InventoryItem[]; messages: Linter.LintMessage[] } {
  const items: InventoryItem[] = [];
  setInventorySink((item) => items.push(item));
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    CODE,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { otel: plugin }, rules: { 'otel/require-job-span': 'error', 'otel/require-trace-propagation': 'error' } }],
    'worker.ts',
  );
  return { items, messages };
}

describe('inventory: what the rules looked at, fine or not', () => {
  afterEach(() => setInventorySink(undefined));

  it('records every job handler and webhook delivery with whether it is fine', () => {
    const { items, messages } = lint();
    expect(messages.map((m) => m.ruleId)).toEqual(['otel/require-job-span', 'otel/require-trace-propagation']);
    expect(items.map(({ rule, ok, label, line }) => ({ rule, ok, label, line }))).toEqual([
      { rule: 'require-job-span', ok: false, label: "BullMQ job 'send-email'", line: 5 },
      { rule: 'require-job-span', ok: true, label: "BullMQ job 'traced'", line: 6 },
      { rule: 'require-trace-propagation', ok: false, label: 'fetch webhook delivery', line: 8 },
    ]);
    expect(items.every((item) => item.filename.endsWith('worker.ts'))).toBe(true);
  });
});
