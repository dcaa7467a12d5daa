/**
 * Which database/queue servers the run-time tests can start on this machine.
 *
 * A run-time test file asks `hasServer(REDIS)` once at module level and wraps its suites in
 * `describe.skipIf(!available)`. Where the server is not installed, a plain `npm test` skips those suites
 * and prints ONE line naming what is missing and how to install it; under CI (`CI` set, as `.ci/run` does)
 * or with `OTEL_REQUIRE_SERVERS=1` a missing server is an error instead, so CI never passes on a skip.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

export interface ServerSpec {
  /** What the reader is told is missing. */
  readonly label: string;
  /** Executables that must all be found (on PATH or in one of `dirs`). */
  readonly binaries: readonly string[];
  /** Extra folders to search (globs are not supported; a function may list them). */
  readonly dirs?: () => readonly string[];
  /** The command that installs it. */
  readonly install: string;
}

export const REDIS: ServerSpec = {
  label: 'redis-server',
  binaries: ['redis-server'],
  install: 'apt-get install redis-server',
};

/** Debian keeps initdb/pg_ctl out of PATH, under /usr/lib/postgresql/<major>/bin. */
export function postgresDirs(): string[] {
  const root = '/usr/lib/postgresql';
  try {
    return readdirSync(root)
      .sort((a, b) => Number(b) - Number(a))
      .map((major) => path.join(root, major, 'bin'));
  } catch {
    return [];
  }
}

export const POSTGRES: ServerSpec = {
  label: 'PostgreSQL server (initdb, postgres)',
  binaries: ['initdb', 'postgres'],
  dirs: postgresDirs,
  install: 'apt-get install postgresql',
};

export const MARIADB: ServerSpec = {
  label: 'MariaDB server (mariadbd, mariadb-install-db)',
  binaries: ['mariadbd', 'mariadb-install-db'],
  dirs: () => ['/usr/sbin', '/usr/bin'],
  install: 'apt-get install mariadb-server',
};

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of `binary` for this spec, or undefined. */
export function findBinary(spec: ServerSpec, binary: string): string | undefined {
  const dirs = [...(spec.dirs?.() ?? []), ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const file = path.join(dir, binary);
    if (executable(file)) return file;
  }
  return undefined;
}

/** Whether strict mode is on: a missing server fails instead of skipping. */
export function serversRequired(): boolean {
  return !!process.env.CI || process.env.OTEL_REQUIRE_SERVERS === '1';
}

/**
 * Whether the server is installed. When it is not: throws under CI / OTEL_REQUIRE_SERVERS=1, otherwise prints
 * one line saying what is skipped, what is missing and how to install it, and returns false.
 */
export function hasServer(spec: ServerSpec, what: string): boolean {
  const missing = spec.binaries.filter((binary) => findBinary(spec, binary) === undefined);
  if (missing.length === 0) return true;
  const line = `${what}: ${spec.label} is not installed (${missing.join(', ')} not found); install it with \`${spec.install}\``;
  if (serversRequired()) throw new Error(`Required server missing (CI): ${line}`);
  console.warn(`SKIPPED ${line}`);
  return false;
}
