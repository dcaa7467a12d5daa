import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { moduleSpecifierFor } from '../../lib/fix/module-path.js';

describe('moduleSpecifierFor: a relative module named in settings, per fixed file', () => {
  const cwd = path.resolve('/repo/service');
  const at = (relative: string) => path.join(cwd, relative);

  it('is rewritten relative to each file, at every folder depth', () => {
    expect(moduleSpecifierFor('./src/telemetry', at('src/worker.ts'), cwd)).toBe('./telemetry');
    expect(moduleSpecifierFor('./src/telemetry', at('src/jobs/email.ts'), cwd)).toBe('../telemetry');
    expect(moduleSpecifierFor('./src/telemetry', at('src/jobs/deep/er/cron.ts'), cwd)).toBe('../../../telemetry');
    expect(moduleSpecifierFor('./src/telemetry.js', at('main.ts'), cwd)).toBe('./src/telemetry.js');
    expect(moduleSpecifierFor('../shared/telemetry', at('src/a.ts'), cwd)).toBe('../../shared/telemetry');
  });

  it('keeps a folder specifier a folder', () => {
    expect(moduleSpecifierFor('./src/telemetry/', at('src/jobs/a.ts'), cwd)).toBe('../telemetry/');
  });

  it('leaves aliases, package names and relative filenames alone', () => {
    for (const from of ['~/telemetry', '#telemetry', '@/telemetry', '@acme/telemetry', 'telemetry', '/abs/telemetry']) {
      expect(moduleSpecifierFor(from, at('src/jobs/a.ts'), cwd)).toBe(from);
    }
    // A relative file name is read against the working directory, as ESLint does.
    expect(moduleSpecifierFor('./telemetry', 'file.ts', cwd)).toBe('./telemetry');
    expect(moduleSpecifierFor('./src/telemetry', 'src/jobs/a.ts', cwd)).toBe('../telemetry');
  });
});
