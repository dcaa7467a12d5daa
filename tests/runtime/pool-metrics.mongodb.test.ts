/**
 * `otel/require-pool-metrics` on a MongoClient: the fixed module type-checks against the real mongodb types
 * and, loaded with the real driver, counts connections from the client's CMAP events. No MongoDB server can
 * be installed here (not in Debian, no downloads), so the events are emitted on the real client object the
 * way its pools relay them — the counting and export are real; the server is not.
 */
import type { EventEmitter } from 'node:events';

import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { observedValueTypes, pointOf, setupMetrics, valueOf, type MetricsSdk } from '../helpers/metrics.js';
import { fixSource, loadModule, typeCheck } from '../helpers/runtime.js';

const SOURCE = `import { MongoClient } from 'mongodb';

export const client = new MongoClient('mongodb://127.0.0.1:1/app', { maxPoolSize: 3 });
`;

let sdk: MetricsSdk;

beforeAll(() => {
  sdk = setupMetrics();
});

afterAll(async () => {
  await sdk.shutdown();
});

it('MongoClient: counts from CMAP events, wait time from durationMS, limit from options.maxPoolSize', async () => {
  const { output } = await fixSource(SOURCE, { filename: 'pool-mongodb.ts' });
  expect(output).toContain("client.on('connectionCheckedOut', (event) => {");
  expect(typeCheck(output, 'pool-mongodb')).toEqual([]);
  expect(new Set(observedValueTypes(output))).toEqual(new Set(['number']));
  const { client } = await loadModule<{ client: MongoClient }>(output, 'pool-mongodb');

  const emitter = client as unknown as EventEmitter;
  const emit = (name: string, event: object = {}): boolean => emitter.emit(name, { address: '127.0.0.1:1', time: new Date(), ...event });
  // Three connections opened and checked out, one more request waiting.
  for (let i = 0; i < 3; i++) {
    emit('connectionCheckOutStarted');
    emit('connectionCreated');
    emit('connectionCheckedOut', { durationMS: 5 });
  }
  emit('connectionCheckOutStarted');
  const pool = { 'db.client.connection.pool.name': 'client' };
  const collected = await sdk.collect();
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(3);
  expect(valueOf(collected, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'idle' })).toBe(0);
  expect(valueOf(collected, 'db.client.connection.pending_requests', pool)).toBe(1);
  expect(valueOf(collected, 'db.client.connection.max', pool)).toBe(3);

  // One is checked in and handed to the waiter after 250 ms; the rest are checked in.
  emit('connectionCheckedIn');
  emit('connectionCheckedOut', { durationMS: 250 });
  for (let i = 0; i < 3; i++) emit('connectionCheckedIn');
  const after = await sdk.collect();
  expect(valueOf(after, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'used' })).toBe(0);
  expect(valueOf(after, 'db.client.connection.count', { ...pool, 'db.client.connection.state': 'idle' })).toBe(3);
  expect(valueOf(after, 'db.client.connection.pending_requests', pool)).toBe(0);
  const wait = pointOf(after, 'db.client.connection.wait_time', pool);
  expect(wait?.count).toBe(4);
  expect(wait?.max).toBe(0.25);
  await client.close();
});
