import { connect as tcpConnect, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { REPLY_LIMIT_BYTES, SmtpProtocolError, takeReplies, type SmtpReply } from "./smtp-reply";

/**
 * One SMTP conversation: send a command, wait for its reply. Every wait also
 * ends on error, close and abort, so no step can outlive the run. All
 * sockets it ever used are destroyed by close().
 */
export class SmtpConnection {
  private socket: Socket;
  private readonly sockets: Socket[] = [];
  private buffer = "";
  private replies: SmtpReply[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  private constructor(
    socket: Socket,
    private readonly signal: AbortSignal,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  /** Opens the connection (TLS from the first byte when `tls` is given) and waits until it is up. */
  static async open(host: string, port: number, tls: ConnectionOptions | undefined, signal: AbortSignal): Promise<SmtpConnection> {
    const socket = tls ? tlsConnect({ ...tls, host, port }) : tcpConnect({ host, port });
    const connection = new SmtpConnection(socket, signal);
    try {
      await connection.until(tls ? "secureConnect" : "connect");
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  get secure(): boolean {
    return "encrypted" in this.socket;
  }

  get tlsProtocol(): string | null {
    return this.secure ? ((this.socket as TLSSocket).getProtocol() ?? null) : null;
  }

  /** Waits for the next complete reply. */
  async read(): Promise<SmtpReply> {
    for (;;) {
      const reply = this.replies.shift();
      if (reply) return reply;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Sends one command line and waits for its reply. */
  async command(line: string): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  /** Upgrades the connection after a 220 to STARTTLS (RFC 3207); earlier buffered input is discarded, as the RFC asks. */
  async startTls(options: ConnectionOptions): Promise<void> {
    this.detach(this.socket);
    this.buffer = "";
    this.replies = [];
    const secured = tlsConnect({ ...options, socket: this.socket });
    this.socket = secured;
    this.attach(secured);
    await this.until("secureConnect");
  }

  /** Says QUIT without waiting for the answer, and destroys every socket. */
  close(): void {
    this.signal.removeEventListener("abort", this.onAbort);
    if (!this.socket.destroyed && this.failure === undefined) this.socket.end("QUIT\r\n");
    for (const socket of this.sockets) socket.destroy();
  }

  private attach(socket: Socket): void {
    this.sockets.push(socket);
    socket.on("data", this.onData);
    socket.on("error", this.onError);
    socket.on("close", this.onClose);
    this.signal.addEventListener("abort", this.onAbort, { once: true });
  }

  private detach(socket: Socket): void {
    socket.off("data", this.onData);
    socket.off("error", this.onError);
    socket.off("close", this.onClose);
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString("latin1");
    try {
      const { replies, rest } = takeReplies(this.buffer);
      this.replies.push(...replies);
      this.buffer = rest;
      if (this.buffer.length > REPLY_LIMIT_BYTES) throw new SmtpProtocolError(`reply longer than ${REPLY_LIMIT_BYTES} bytes`);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.notify();
  };

  private readonly onError = (error: Error) => this.fail(error);
  private readonly onClose = () => this.fail(new Error("connection closed by the server"));
  private readonly onAbort = () => {
    this.fail(new Error("aborted"));
    for (const socket of this.sockets) socket.destroy();
  };

  private fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits for a one-time socket event (connect, secureConnect), or the first failure. */
  private async until(event: "connect" | "secureConnect"): Promise<void> {
    let happened = false;
    const socket = this.socket;
    const onEvent = () => {
      happened = true;
      this.notify();
    };
    socket.once(event, onEvent);
    try {
      while (!happened) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      socket.off(event, onEvent);
    }
  }
}
