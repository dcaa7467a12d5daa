import { afterEach, describe, expect, it, vi } from 'vitest';

import { findBinary, hasServer, type ServerSpec } from '../helpers/servers.js';

const MISSING: ServerSpec = { label: 'Imaginary DB', binaries: ['otel-no-such-server-binary'], install: 'apt-get install imaginary-db' };
const PRESENT: ServerSpec = { label: 'node itself', binaries: ['node'], install: '(already there)' };

describe('run-time test servers: skip with one line, or fail under CI', () => {
  const saved = { CI: process.env.CI, require: process.env.OTEL_REQUIRE_SERVERS };
  afterEach(() => {
    vi.restoreAllMocks();
    process.env.CI = saved.CI;
    process.env.OTEL_REQUIRE_SERVERS = saved.require;
    if (saved.CI === undefined) delete process.env.CI;
    if (saved.require === undefined) delete process.env.OTEL_REQUIRE_SERVERS;
  });

  it('finds an installed binary on PATH', () => {
    expect(findBinary(PRESENT, 'node')).toMatch(/node$/);
    expect(hasServer(PRESENT, 'x')).toBe(true);
  });

  it('outside CI a missing server skips with one line naming it and the install command', () => {
    delete process.env.CI;
    delete process.env.OTEL_REQUIRE_SERVERS;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(hasServer(MISSING, 'Imaginary run-time tests')).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe(
      'SKIPPED Imaginary run-time tests: Imaginary DB is not installed (otel-no-such-server-binary not found); install it with `apt-get install imaginary-db`',
    );
  });

  it('under CI (or OTEL_REQUIRE_SERVERS=1) a missing server is an error', () => {
    process.env.CI = 'true';
    expect(() => hasServer(MISSING, 'Imaginary run-time tests')).toThrow(/Required server missing \(CI\).*apt-get install imaginary-db/);
    delete process.env.CI;
    process.env.OTEL_REQUIRE_SERVERS = '1';
    expect(() => hasServer(MISSING, 'Imaginary run-time tests')).toThrow(/Required server missing/);
  });
});
