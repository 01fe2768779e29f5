import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timingSafeEqual } from "node:crypto";
import { $ } from "bun";
import { Server, utils, type Connection, type ServerChannel } from "ssh2";
import { withDeadline } from "@checkstack/test-utils";
import { sshCheckConfigSchema } from "./config";
import { runSshCheck, sshStrategy } from "./ssh-strategy";

const hostKey = utils.generateKeyPairSync("ed25519");
const clientKey = utils.generateKeyPairSync("ed25519");
const lockedClientKey = utils.generateKeyPairSync("ed25519", { passphrase: "open sesame", cipher: "aes256-ctr", rounds: 4 });
const authorizedKeys = [clientKey.public, lockedClientKey.public].map((key) => {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw parsed;
  return parsed;
});

/** The commands the test server's "shell" knows; each behaves as a real command would over an exec channel. */
function runCommand(command: string, channel: ServerChannel): void {
  if (command === "echo hello") {
    channel.write("hello\n");
    channel.exit(0);
    channel.end();
  } else if (command === "fail") {
    channel.stderr.write("boom: disk full\n");
    channel.exit(3);
    channel.end();
  } else if (command === "crash") {
    channel.exit("SEGV", true, "core dumped");
    channel.end();
  } else if (command === "hang") {
    // Never ends: only the check's timeout can stop it.
  } else {
    channel.stderr.write(`${command}: command not found\n`);
    channel.exit(127);
    channel.end();
  }
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

let sshPort = 0;
let silentPort = 0;
let fingerprint = "";
const openClients = new Set<Connection>();
let serverSawClose = 0;
const ssh = new Server({ hostKeys: [hostKey.private] }, (client) => {
  openClients.add(client);
  client.on("close", () => {
    openClients.delete(client);
    serverSawClose++;
  });
  client.on("error", () => undefined);
  client.on("authentication", (ctx) => {
    if (ctx.username !== "checker") return ctx.reject(["password", "publickey"]);
    if (ctx.method === "password") return sameText(ctx.password, "s3cret") ? ctx.accept() : ctx.reject(["password", "publickey"]);
    if (ctx.method === "publickey") {
      const key = authorizedKeys.find((candidate) => candidate.type === ctx.key.algo && candidate.getPublicSSH().equals(ctx.key.data));
      if (!key) return ctx.reject(["password", "publickey"]);
      // Without a signature the client only asks whether the key would do.
      if (!ctx.signature || !ctx.blob) return ctx.accept();
      return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) ? ctx.accept() : ctx.reject(["password", "publickey"]);
    }
    ctx.reject(["password", "publickey"]);
  });
  client.on("ready", () => {
    client.on("session", (accept) => {
      accept().on("exec", (acceptExec, _reject, info) => runCommand(info.command, acceptExec()));
    });
  });
});

const rawServers: NetServer[] = [];
const rawSockets = new Set<Socket>();
let silentClosed: Promise<void>;
let tempDir = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => ssh.listen(0, "127.0.0.1", resolve));
  sshPort = (ssh.address() as AddressInfo).port;
  // The fingerprint as OpenSSH prints it, to compare with what the strategy computes.
  tempDir = await mkdtemp(join(tmpdir(), "checkstack-ssh-"));
  await writeFile(join(tempDir, "host.pub"), `${hostKey.public}\n`);
  const printed = await $`ssh-keygen -l -E sha256 -f ${join(tempDir, "host.pub")}`.text();
  fingerprint = printed.split(" ")[1] ?? "";
  let markClosed: () => void = () => undefined;
  silentClosed = new Promise((resolve) => (markClosed = resolve));
  const silent = createServer((socket) => {
    rawSockets.add(socket);
    socket.on("error", () => undefined);
    // Accepts and never sends an SSH identification line.
    socket.resume().once("close", markClosed);
  });
  rawServers.push(silent);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const client of openClients) client.end();
  for (const socket of rawSockets) socket.destroy();
  await new Promise<void>((resolve) => ssh.close(() => resolve()));
  await Promise.all(rawServers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  await rm(tempDir, { recursive: true, force: true });
});

const context = (timeoutMs = 10_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => sshCheckConfigSchema.parse({ host: "127.0.0.1", port: sshPort, ...input });
const login = { username: "checker", password: "s3cret" };

describe("ssh strategy against an ssh2 server on 127.0.0.1", () => {
  test("without credentials: connect and report the host key as ssh-keygen prints it", async () => {
    expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const result = await sshStrategy.execute({ host: "127.0.0.1", port: sshPort }, context());
    expect(result).toMatchObject({ healthy: true, message: `connected to 127.0.0.1:${sshPort}`, metadata: { hostKeyFingerprint: fingerprint, hostKeyType: "ssh-ed25519" } });
  });

  test("the pinned fingerprint is accepted; any other is refused", async () => {
    expect((await runSshCheck(config({ hostKeyFingerprint: fingerprint, ...login }), context())).healthy).toBe(true);
    const wrong = `SHA256:${"A".repeat(43)}`;
    const result = await runSshCheck(config({ hostKeyFingerprint: wrong, ...login }), context());
    expect(result).toMatchObject({
      healthy: false,
      message: `ssh handshake with 127.0.0.1:${sshPort} failed: host key ${fingerprint} does not match the pinned ${wrong}`,
      metadata: { hostKeyFingerprint: fingerprint },
    });
  });

  test("password authentication: right and wrong", async () => {
    expect(await runSshCheck(config(login), context())).toMatchObject({ healthy: true, message: `connected to 127.0.0.1:${sshPort} as checker` });
    const result = await runSshCheck(config({ username: "checker", password: "guess" }), context());
    expect(result).toMatchObject({ healthy: false, message: `ssh authentication with 127.0.0.1:${sshPort} failed: All configured authentication methods failed` });
  });

  test("private key authentication, also with a passphrase", async () => {
    expect((await runSshCheck(config({ username: "checker", privateKey: clientKey.private }), context())).healthy).toBe(true);
    expect((await runSshCheck(config({ username: "checker", privateKey: lockedClientKey.private, passphrase: "open sesame" }), context())).healthy).toBe(true);
    const stranger = utils.generateKeyPairSync("ed25519");
    const refused = await runSshCheck(config({ username: "checker", privateKey: stranger.private }), context());
    expect(refused.message).toBe(`ssh authentication with 127.0.0.1:${sshPort} failed: All configured authentication methods failed`);
    const locked = await runSshCheck(config({ username: "checker", privateKey: lockedClientKey.private, passphrase: "wrong" }), context());
    expect(locked.healthy).toBe(false);
    expect(locked.message).toStartWith(`ssh session with 127.0.0.1:${sshPort} failed: Cannot parse privateKey`);
  }, 30_000);

  test("a command with the expected exit code and output", async () => {
    const result = await runSshCheck(config({ ...login, command: "echo hello", expectedOutput: "hello" }), context());
    expect(result).toMatchObject({
      healthy: true,
      message: `connected to 127.0.0.1:${sshPort} as checker; command exited with 0`,
      metadata: { exitCode: 0, stdout: "hello\n", stderr: "" },
    });
    expect((await runSshCheck(config({ ...login, command: "echo hello", expectedOutput: "bye" }), context())).message).toBe('command output does not contain "bye"');
  });

  test("exit codes other than the expected one, and signals", async () => {
    const failed = await runSshCheck(config({ ...login, command: "fail" }), context());
    expect(failed).toMatchObject({ healthy: false, message: "command exited with 3, expected 0 (stderr: boom: disk full)", metadata: { exitCode: 3 } });
    expect((await runSshCheck(config({ ...login, command: "fail", expectedExitCode: 3 }), context())).healthy).toBe(true);
    expect((await runSshCheck(config({ ...login, command: "no-such-tool" }), context())).message).toBe("command exited with 127, expected 0 (stderr: no-such-tool: command not found)");
    expect(await runSshCheck(config({ ...login, command: "crash" }), context())).toMatchObject({ healthy: false, message: "command ended by signal SIGSEGV", metadata: { exitCode: null, signal: "SIGSEGV" } });
  });

  test("a command that never ends is stopped by the timeout and the connection closed", async () => {
    const closedBefore = serverSawClose;
    const started = performance.now();
    const result = await runSshCheck(config({ ...login, command: "hang" }), context(1_000));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({ healthy: false, message: "timed out after 1000 ms", metadata: { hostKeyFingerprint: fingerprint } });
    await withDeadline(
      (async () => {
        while (serverSawClose === closedBefore) await Bun.sleep(10);
      })(),
      3_000,
      "the ssh server never saw the connection close",
    );
  });

  test("a server that never speaks SSH times out and the socket is closed", async () => {
    const result = await runSshCheck(config({ port: silentPort }), context(300));
    expect(result).toMatchObject({ healthy: false, message: "timed out after 300 ms", metadata: { connectMs: expect.any(Number) } });
    await withDeadline(silentClosed, 3_000, "the silent server never saw the connection close");
  });

  test("a closed port fails at connect", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await runSshCheck(config({ port }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith(`connect to 127.0.0.1:${port} failed: `);
    expect(result.message).toContain("ECONNREFUSED");
  });
});
