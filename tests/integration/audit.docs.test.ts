/**
 * docs/audit.md shows the audit of examples/backend: it must be what the built `otel-audit` prints today.
 * When a rule is added or changed (the P2 rules), regenerate it with `npm run audit:docs`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { root } from './audit-helpers.js';

describe('docs/audit.md', () => {
  it('holds the current example report (else: npm run audit:docs)', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/audit-docs.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
