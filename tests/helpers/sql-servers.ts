/**
 * Throw-away PostgreSQL and MariaDB servers on a free 127.0.0.1 port, in a temporary data directory, for
 * run-time tests. PostgreSQL refuses to run as root: as root, the data directory is handed to `nobody` and the
 * server runs as that user. MariaDB runs with `--skip-grant-tables` (any user, no password: a test server).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { freePort, waitExit } from './redis.js';
import { findBinary, MARIADB, POSTGRES } from './servers.js';

export interface SqlServer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

const NOBODY = 65534;

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => done(true));
  });
}

async function startServer(
  command: string,
  args: string[],
  port: number,
  dir: string,
  options: { uid?: number; gid?: number },
  timeoutMs: number,
): Promise<SqlServer> {
  const host = '127.0.0.1';
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let spawnError: Error | undefined;
  child.on('error', (err) => (spawnError = err));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 3_000);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) break;
    if (child.exitCode !== null) break;
    if (await accepts(host, port)) return { host, port, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${path.basename(command)} did not become ready: ${spawnError?.message ?? ''}\n${output}`);
}

/** `initdb` + `postgres` (trust authentication, user `postgres`, database `postgres`). */
export async function startPostgres(timeoutMs = 60_000): Promise<SqlServer> {
  const initdb = findBinary(POSTGRES, 'initdb')!;
  const postgres = findBinary(POSTGRES, 'postgres')!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'otel-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  if (asRoot) {
    chownSync(dir, NOBODY, NOBODY);
    chmodSync(dir, 0o700);
  }
  const init = spawnSync(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], {
    encoding: 'utf8',
    cwd: dir,
    ...ids,
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.error?.message ?? ''}\n${init.stdout}\n${init.stderr}`);
  }
  const port = await freePort();
  return startServer(
    postgres,
    ['-D', data, '-k', dir, '-p', String(port), '-h', '127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=50'],
    port,
    dir,
    { ...ids },
    timeoutMs,
  );
}

/** `mariadb-install-db` + `mariadbd --skip-grant-tables` on 127.0.0.1. */
export async function startMariadb(timeoutMs = 60_000): Promise<SqlServer> {
  const install = findBinary(MARIADB, 'mariadb-install-db')!;
  const mariadbd = findBinary(MARIADB, 'mariadbd')!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'otel-maria-'));
  const data = path.join(dir, 'data');
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];
  const init = spawnSync(install, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user], {
    encoding: 'utf8',
    cwd: dir,
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${init.error?.message ?? ''}\n${init.stdout}\n${init.stderr}`);
  }
  const port = await freePort();
  return startServer(
    mariadbd,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${path.join(dir, 'mariadb.sock')}`,
      `--pid-file=${path.join(dir, 'mariadb.pid')}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      '--skip-grant-tables',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=16M',
      ...user,
    ],
    port,
    dir,
    {},
    timeoutMs,
  );
}
