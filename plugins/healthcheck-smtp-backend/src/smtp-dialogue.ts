import { hostname } from "node:os";
import type { SmtpCheckConfig } from "./config";
import type { SmtpConnection } from "./smtp-connection";
import { authMechanisms, capabilitiesOf, hasCapability, replyText, type SmtpReply } from "./smtp-reply";
import { tlsOptions } from "./tls-options";

/** The step of the conversation, named in messages. */
export type SmtpStage = "connect" | "greeting" | "EHLO" | "STARTTLS" | "AUTH" | "capabilities";

/** What the conversation learnt so far; it becomes the result's metadata, also on failure and timeout. */
export interface SmtpProgress {
  stage: SmtpStage;
  connectMs?: number;
  banner?: string;
  capabilities: string[];
  tls: boolean;
  tlsProtocol: string | null;
  authenticated: boolean;
  authMechanism?: string;
}

/** The server answered, but not as a healthy one would. */
export class SmtpCheckFailure extends Error {}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

function expectCode(reply: SmtpReply, code: number, what: string): void {
  if (reply.code !== code) throw new SmtpCheckFailure(`${what}: ${replyText(reply)}`);
}

/** EHLO, falling back to HELO (no extensions) for a server that does not know EHLO (RFC 5321 3.2). */
async function hello(connection: SmtpConnection, name: string): Promise<string[]> {
  const ehlo = await connection.command(`EHLO ${name}`);
  if (ehlo.code === 250) return capabilitiesOf(ehlo);
  if (ehlo.code < 500) throw new SmtpCheckFailure(`EHLO was refused: ${replyText(ehlo)}`);
  expectCode(await connection.command(`HELO ${name}`), 250, "EHLO and HELO were refused");
  return [];
}

async function authenticate(connection: SmtpConnection, progress: SmtpProgress, username: string, password: string): Promise<void> {
  const offered = authMechanisms(progress.capabilities);
  if (offered.includes("PLAIN")) {
    progress.authMechanism = "PLAIN";
    expectCode(await connection.command(`AUTH PLAIN ${base64(`\0${username}\0${password}`)}`), 235, "authentication failed");
  } else if (offered.includes("LOGIN")) {
    progress.authMechanism = "LOGIN";
    expectCode(await connection.command("AUTH LOGIN"), 334, "AUTH LOGIN was refused");
    expectCode(await connection.command(base64(username)), 334, "AUTH LOGIN refused the username");
    expectCode(await connection.command(base64(password)), 235, "authentication failed");
  } else {
    throw new SmtpCheckFailure(`server offers neither AUTH PLAIN nor LOGIN (offers: ${offered.join(", ") || "no AUTH"})`);
  }
  progress.authenticated = true;
}

/** Runs the check's conversation after the connection is open; throws SmtpCheckFailure for what is unhealthy. */
export async function converse(connection: SmtpConnection, config: SmtpCheckConfig, progress: SmtpProgress): Promise<void> {
  progress.stage = "greeting";
  const greeting = await connection.read();
  progress.banner = replyText(greeting);
  expectCode(greeting, 220, "server did not greet with 220");
  if (config.expectedBanner !== undefined && !greeting.lines.join("\n").includes(config.expectedBanner)) {
    throw new SmtpCheckFailure(`banner does not contain ${JSON.stringify(config.expectedBanner)}`);
  }
  const name = config.heloName ?? hostname();
  progress.stage = "EHLO";
  progress.capabilities = await hello(connection, name);
  if (config.tlsMode === "starttls" || config.tlsMode === "starttls-optional") {
    progress.stage = "STARTTLS";
    if (hasCapability(progress.capabilities, "STARTTLS")) {
      expectCode(await connection.command("STARTTLS"), 220, "STARTTLS was refused");
      await connection.startTls(tlsOptions(config));
      // RFC 3207: everything learnt before the upgrade is forgotten; ask again.
      progress.stage = "EHLO";
      progress.capabilities = await hello(connection, name);
    } else if (config.tlsMode === "starttls") {
      throw new SmtpCheckFailure("server does not offer STARTTLS");
    }
  }
  progress.tls = connection.secure;
  progress.tlsProtocol = connection.tlsProtocol;
  if (config.username !== undefined && config.password !== undefined) {
    progress.stage = "AUTH";
    if (!connection.secure && !config.allowInsecureAuth) {
      throw new SmtpCheckFailure("refusing to send the password over an unencrypted connection (use TLS, or set allowInsecureAuth)");
    }
    await authenticate(connection, progress, config.username, config.password);
  }
  progress.stage = "capabilities";
  const missing = config.expectedCapabilities.filter((keyword) => !hasCapability(progress.capabilities, keyword));
  if (missing.length > 0) throw new SmtpCheckFailure(`server does not advertise ${missing.join(", ")}`);
}
