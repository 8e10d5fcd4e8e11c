/**
 * A minimal Language Server Protocol client over stdio (JSON-RPC with Content-Length framing), enough to drive
 * vscode-eslint-language-server the way VS Code's ESLint extension does: initialize, answer the server's
 * `workspace/configuration` requests with the extension's settings, open and edit documents, pull diagnostics.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

interface Message {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  message: string;
  source?: string;
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Server log lines (window/logMessage, stderr): shown when a test fails. */
  readonly log: string[] = [];

  constructor(
    command: string,
    args: string[],
    private readonly answerRequest: (method: string, params: unknown) => unknown,
    cwd: string,
  ) {
    this.child = spawn(command, args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on("data", (chunk: Buffer) => this.log.push(`stderr: ${chunk.toString()}`));
    this.child.on("exit", (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`language server exited (${code})\n${this.log.join("\n")}`));
      this.pending.clear();
    });
  }

  request<T>(method: string, params: unknown, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: "2.0", id, method, params });
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms\n${this.log.join("\n")}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  async shutdown(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    try {
      await this.request("shutdown", null, 5_000);
      this.notify("exit", null);
    } catch {
      // it is going away either way
    }
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method === undefined) {
      const waiter = this.pending.get(message.id as number);
      this.pending.delete(message.id as number);
      if (message.error) waiter?.reject(new Error(`${message.error.message}\n${this.log.join("\n")}`));
      else waiter?.resolve(message.result);
    } else if (message.id !== undefined) {
      // A request from the server: configuration, capability registration, progress, eslint/* custom requests.
      let result: unknown = null;
      try {
        result = this.answerRequest(message.method, message.params) ?? null;
      } catch (error) {
        this.log.push(`answering ${message.method}: ${String(error)}`);
      }
      this.send({ jsonrpc: "2.0", id: message.id, result });
    } else if (message.method === "window/logMessage" || message.method === "window/showMessage") {
      this.log.push(`${message.method}: ${(message.params as { message: string }).message}`);
    } else {
      this.log.push(`notification ${message.method}: ${JSON.stringify(message.params).slice(0, 300)}`);
    }
  }
}
