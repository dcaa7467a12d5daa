/**
 * A minimal Language Server Protocol client for tests: spawns a server over stdio and speaks JSON-RPC 2.0
 * with `Content-Length` framing. It answers the server's requests through handlers (unknown ones get `null`,
 * as VS Code does for requests it does not care about) and records every notification it receives.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface Diagnostic {
  range: Range;
  message: string;
  severity?: number;
  source?: string;
  code?: string | number;
  codeDescription?: { href: string };
  data?: unknown;
}
export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Diagnostic[];
  edit?: WorkspaceEdit;
  command?: Command;
}
export interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

type RequestHandler = (params: unknown) => unknown;

export class LspClient {
  readonly notifications: { method: string; params: unknown; at: number }[] = [];
  readonly serverRequests: { method: string; params: unknown }[] = [];
  stderr = '';
  exitCode: number | null | undefined;

  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private readonly handlers = new Map<string, RequestHandler>();
  private readonly waiters = new Set<() => void>();

  constructor(command: string, args: string[], cwd: string) {
    this.child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.child.on('exit', (code) => {
      this.exitCode = code;
      for (const { reject, method } of this.pending.values()) reject(new Error(`server exited (${code}) before answering ${method}\n${this.stderr}`));
      this.pending.clear();
      this.wake();
    });
  }

  /** Answers requests the server sends to the client (`workspace/configuration`, `workspace/applyEdit`, …). */
  onRequest(method: string, handler: RequestHandler): void {
    this.handlers.set(method, handler);
  }

  request<T>(method: string, params: unknown, timeoutMs = 20_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms\n${this.log()}`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first recorded notification (from index `from` on) that matches. */
  waitForNotification<T>(method: string, predicate: (params: T) => boolean = () => true, from = 0, timeoutMs = 20_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.notifications.slice(from).find((n) => n.method === method && predicate(n.params as T));
        if (hit) {
          resolve(hit.params as T);
          return true;
        }
        if (this.exitCode !== undefined) {
          reject(new Error(`server exited (${this.exitCode}) while waiting for ${method}\n${this.log()}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${method} within ${timeoutMs} ms\n${this.log()}`));
      }, timeoutMs);
      const waiter = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.waiters.delete(waiter);
        }
      };
      this.waiters.add(waiter);
    });
  }

  /** The server's log messages and stderr, for failure messages. */
  log(): string {
    const logs = this.notifications
      .filter((n) => n.method === 'window/logMessage' || n.method === 'window/showMessage')
      .map((n) => (n.params as { message: string }).message);
    return [...logs, this.stderr].join('\n');
  }

  /** `shutdown` + `exit`, then SIGKILL if the process is still alive after a grace period. */
  async close(): Promise<void> {
    if (this.exitCode !== undefined) return;
    try {
      await this.request('shutdown', null, 3_000);
      this.notify('exit', null);
    } catch {
      // fall through to kill
    }
    await new Promise<void>((resolve) => {
      if (this.exitCode !== undefined) return resolve();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 2_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length: *(\d+)/i.exec(header);
      if (!match) throw new Error(`bad LSP header: ${header}`);
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined && message.id !== null) {
      // A request from the server.
      this.serverRequests.push({ method: message.method, params: message.params });
      const handler = this.handlers.get(message.method);
      Promise.resolve()
        .then(() => (handler ? handler(message.params) : null))
        .then(
          (result) => this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null }),
          (error: unknown) => this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: String(error) } }),
        );
    } else if (message.method !== undefined) {
      this.notifications.push({ method: message.method, params: message.params, at: performance.now() });
      this.wake();
    } else if (typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(`${pending.method} failed: ${message.error.message}\n${this.log()}`));
      else pending.resolve(message.result);
    }
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Applies LSP text edits (non-overlapping, as a server sends them) to a text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position): number => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}

/** The edits a workspace edit makes to one document, whichever of the two shapes the server used. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  if (edit.documentChanges) return edit.documentChanges.filter((c) => c.textDocument.uri === uri).flatMap((c) => c.edits);
  return edit.changes?.[uri] ?? [];
}
