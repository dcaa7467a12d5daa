/**
 * A throw-away `redis-server` on a free loopback port, for run-time tests (BullMQ).
 * No persistence (`--save ''`, `--appendonly no`), bounded start and stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface RedisServer {
  host: string;
  port: number;
  /** Kill the server (SIGTERM, then SIGKILL) and wait for it to exit. */
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('no port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** One `PING` over a raw socket; resolves true on `+PONG`. */
function ping(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Wait for a child process to exit; false when it has not within `timeoutMs`. */
export function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startRedis(timeoutMs = 10_000): Promise<RedisServer> {
  const host = '127.0.0.1';
  let lastError = '';
  // The port may be taken between freePort() and redis binding it: retry a few times.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort(host);
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    let spawnError: Error | undefined;
    child.on('error', (err) => (spawnError = err));

    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await waitExit(child, 3_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 2_000);
      }
    };

    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (spawnError) throw new Error(`could not start redis-server: ${spawnError.message}`);
      if (child.exitCode !== null) break;
      if (await ping(host, port)) return { host, port, stop };
      await new Promise((r) => setTimeout(r, 50));
    }
    lastError = output;
    await stop();
  }
  throw new Error(`redis-server did not become ready:\n${lastError}`);
}
