/**
 * Run-time proof for `otel/require-pool-metrics` on generic-pool (no server: the pooled resources are plain
 * objects): fix, type-check, load, borrow every resource, make one more acquire wait, collect through the
 * OpenTelemetry metrics SDK — and run the fixed module through `otel/require-pool-metrics` again (idempotent).
 */
import type { Pool } from 'generic-pool';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { observedValueTypes, setupMetrics, valueOf, type MetricsSdk } from '../helpers/metrics.js';
import { fixSource, loadModule, typeCheck } from '../helpers/runtime.js';

const MAX = 3;

const SOURCE = `import { createPool } from 'generic-pool';

let created = 0;

// Workers are expensive to create: keep at most ${MAX}.
export const workers = createPool(
  {
    create: async () => ({ id: ++created }),
    destroy: async () => {},
  },
  { max: ${MAX}, min: 0 },
);
`;

let sdk: MetricsSdk;

beforeAll(() => {
  sdk = setupMetrics();
});

afterAll(async () => {
  await sdk.shutdown();
});

it('generic-pool: exported borrowed/available/pending/max equal the pool figures', async () => {
  const { output } = await fixSource(SOURCE, { filename: 'pool-generic.ts' });
  expect(output).toContain('// Workers are expensive to create');
  expect(typeCheck(output, 'pool-generic')).toEqual([]);
  expect(observedValueTypes(output)).toEqual(['number', 'number', 'number', 'number']);
  // A second run changes nothing.
  const again = await fixSource(output, { filename: 'pool-generic.ts', requireChange: false });
  expect(again.output).toBe(output);
  expect(again.messages.filter((m) => m.ruleId === 'otel/require-pool-metrics')).toEqual([]);

  const { workers } = await loadModule<{ workers: Pool<{ id: number }> }>(output, 'pool-generic');
  const held = await Promise.all(Array.from({ length: MAX }, () => workers.acquire()));
  const waiting = workers.acquire();
  expect(workers.pending).toBe(1);
  const collected = await sdk.collect();
  const pool = { 'db.client.connection.pool.name': 'workers' };
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(MAX);
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'idle' })).toBe(workers.available);
  expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBe(1);
  expect(valueOf(collected, 'db.client.connection.max', pool)).toBe(MAX);

  for (const worker of held) await workers.release(worker);
  await workers.release(await waiting);
  const after = await sdk.collect();
  expect(valueOf(after, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(0);
  expect(valueOf(after, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'idle' })).toBe(MAX);
  await workers.drain();
  await workers.clear();
});

it('converges with the other rules in one --fix run: a job handler and a pool in one file', async () => {
  const source = `import { Worker } from 'bullmq';
import { createPool } from 'generic-pool';

export const browsers = createPool({ create: async () => ({ pages: 0 }), destroy: async () => {} }, { max: 2 });

export function start(connection: { host: string; port: number }) {
  return new Worker('render', async (job) => {
    const browser = await browsers.acquire();
    try {
      return { id: job.id, pages: ++browser.pages };
    } finally {
      await browsers.release(browser);
    }
  }, { connection });
}
`;
  const { output, messages } = await fixSource(source, { filename: 'pool-and-job.ts' });
  expect(messages.filter((m) => m.ruleId?.startsWith('otel/'))).toEqual([]);
  expect(output).toContain('addBatchObservableCallback(');
  expect(output).toContain('startActiveSpan(');
  // One import of the API with both names, one meter, one tracer.
  expect(output.match(/from '@opentelemetry\/api'/g)).toHaveLength(1);
  expect(output.match(/getMeter\(/g)).toHaveLength(1);
  expect(output.match(/getTracer\(/g)).toHaveLength(1);
  expect(typeCheck(output, 'pool-and-job')).toEqual([]);
  const again = await fixSource(output, { filename: 'pool-and-job.ts', requireChange: false });
  expect(again.output).toBe(output);
});

it('a class field: the constructor the fix adds registers the pool of each instance', async () => {
  const source = `import { createPool } from 'generic-pool';

export class Renderer {
  readonly pages = createPool({ create: async () => ({ open: true }), destroy: async () => {} }, { max: 2 });
}
`;
  const { output } = await fixSource(source, { filename: 'pool-field.ts' });
  expect(output).toContain('  constructor() {\n    meter.addBatchObservableCallback(');
  expect(typeCheck(output, 'pool-field')).toEqual([]);
  const { Renderer } = await loadModule<{ Renderer: new () => { pages: Pool<{ open: boolean }> } }>(output, 'pool-field');
  const renderer = new Renderer();
  const page = await renderer.pages.acquire();
  const collected = await sdk.collect();
  const pool = { 'db.client.connection.pool.name': 'pages' };
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(1);
  expect(valueOf(collected, 'db.client.connection.max', pool)).toBe(2);
  await renderer.pages.release(page);
  await renderer.pages.drain();
  await renderer.pages.clear();
});
