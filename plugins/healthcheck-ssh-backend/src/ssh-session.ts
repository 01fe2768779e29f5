import type { Socket } from "node:net";
import { Client, type ClientChannel, type ConnectConfig } from "ssh2";
import { OUTPUT_LIMIT_BYTES, type SshCheckConfig } from "./config";
import { hostKeyType, sshFingerprint } from "./host-key";

/** What the server showed of itself during the key exchange. */
export interface HostKeySeen {
  fingerprint: string;
  type?: string;
}

/** How far the session got: the check's message names the step that failed. */
export type SshStage = "handshake" | "authentication" | "command";

export class SshStageError extends Error {
  constructor(
    readonly stage: SshStage,
    message: string,
  ) {
    super(message);
  }
}

export interface CommandOutcome {
  /** null when the command ended by a signal (then `signal` names it) or without an exit status. */
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

/**
 * One SSH session over a socket the caller opened (and destroys). Records the
 * host key and refuses it when a fingerprint is pinned; settles `ready` after
 * the key exchange (no credentials) or after authentication.
 */
export class SshSession {
  readonly client = new Client();
  hostKey: HostKeySeen | undefined;
  private pinRefused = false;

  constructor(private readonly config: SshCheckConfig) {}

  /** Resolves once the session is as far as the config asks (key exchange, or logged in). */
  open(socket: Socket): Promise<void> {
    const loginWanted = this.config.username !== undefined;
    return new Promise<void>((resolve, reject) => {
      let stage: SshStage = "handshake";
      this.client.once("handshake", () => {
        stage = "authentication";
        if (!loginWanted) resolve();
      });
      this.client.once("ready", () => resolve());
      this.client.on("error", (error: Error & { level?: string }) => {
        if (this.pinRefused) return reject(new SshStageError("handshake", this.pinMessage()));
        const failedStage = error.level === "client-authentication" ? "authentication" : stage;
        reject(new SshStageError(failedStage, error.message));
      });
      this.client.once("close", () => reject(new SshStageError(stage, "connection closed")));
      this.client.connect(this.connectConfig(socket));
    });
  }

  private connectConfig(socket: Socket): ConnectConfig {
    const config = this.config;
    return {
      sock: socket,
      // Without credentials the session ends after the key exchange; ssh2 insists on a name regardless.
      username: config.username ?? "checkstack",
      ...(config.password !== undefined ? { password: config.password } : {}),
      ...(config.privateKey !== undefined ? { privateKey: config.privateKey } : {}),
      ...(config.passphrase !== undefined ? { passphrase: config.passphrase } : {}),
      // Offered methods only: no agent, no keyboard-interactive prompts nobody can answer.
      tryKeyboard: false,
      // The run's AbortSignal is the one timeout.
      readyTimeout: 2_147_483_647,
      hostVerifier: (key: Buffer) => {
        const type = hostKeyType(key);
        this.hostKey = { fingerprint: sshFingerprint(key), ...(type ? { type } : {}) };
        if (config.hostKeyFingerprint !== undefined && this.hostKey.fingerprint !== config.hostKeyFingerprint) {
          this.pinRefused = true;
          return false;
        }
        return true;
      },
    };
  }

  private pinMessage(): string {
    return `host key ${this.hostKey?.fingerprint ?? "(none)"} does not match the pinned ${this.config.hostKeyFingerprint ?? ""}`;
  }

  /** Runs the command and collects its exit status and (bounded) output. */
  exec(command: string): Promise<CommandOutcome> {
    return new Promise<CommandOutcome>((resolve, reject) => {
      // A connection lost mid-command would otherwise leave the channel waiting until the timeout.
      this.client.once("close", () => reject(new SshStageError("command", "connection closed before the command ended")));
      this.client.exec(command, (error: Error | undefined, channel: ClientChannel) => {
        if (error) return reject(new SshStageError("command", error.message));
        let stdout = "";
        let stderr = "";
        let exitCode: number | null = null;
        let signal: string | undefined;
        const append = (current: string, chunk: Buffer) => (current.length >= OUTPUT_LIMIT_BYTES ? current : (current + chunk.toString("utf8")).slice(0, OUTPUT_LIMIT_BYTES));
        channel.on("data", (chunk: Buffer) => (stdout = append(stdout, chunk)));
        channel.stderr.on("data", (chunk: Buffer) => (stderr = append(stderr, chunk)));
        channel.on("exit", (code: number | null, signalName?: string) => {
          exitCode = typeof code === "number" ? code : null;
          if (signalName) signal = signalName;
        });
        channel.once("close", () => resolve({ exitCode, ...(signal ? { signal } : {}), stdout, stderr }));
      });
    });
  }
}
