import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { declaresDependency } from '../../lib/project.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'otel-project-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, manifest: Record<string, unknown>): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  return path.join(dir, 'src', 'worker.ts');
}

describe('declaresDependency: what the project has at run time', () => {
  it('dependencies, peerDependencies and optionalDependencies count; devDependencies do not', () => {
    const api = { '@opentelemetry/api': '^1.9.0' };
    expect(declaresDependency(project('deps', { dependencies: api }), '@opentelemetry/api')).toBe(true);
    expect(declaresDependency(project('peer', { peerDependencies: api }), '@opentelemetry/api')).toBe(true);
    expect(declaresDependency(project('optional', { optionalDependencies: api }), '@opentelemetry/api')).toBe(true);
    expect(declaresDependency(project('dev', { devDependencies: api }), '@opentelemetry/api')).toBe(false);
  });

  it('sees a dependency added while the process runs (a long editor session)', async () => {
    const file = project('later', { dependencies: {} });
    expect(declaresDependency(file, '@opentelemetry/api')).toBe(false);
    const manifest = path.join(root, 'later', 'package.json');
    writeFileSync(manifest, JSON.stringify({ dependencies: { '@opentelemetry/api': '^1.9.0' } }));
    // A modification time that surely differs from the first read's.
    const later = new Date(Date.now() + 5_000);
    utimesSync(manifest, later, later);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(declaresDependency(file, '@opentelemetry/api')).toBe(true);
  });
});
