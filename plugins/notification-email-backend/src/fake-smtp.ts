import { waitUntil } from "@checkstack/notification-kit/testing";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

/** One message the server accepted, parsed as a mail client would. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
  /** Whether the session was encrypted (implicit TLS, or upgraded by STARTTLS) when the message came. */
  secure: boolean;
  /** The user the session authenticated as. */
  user?: string;
}

export interface FakeSmtpOptions {
  /** TLS from the first byte (port 465 style); otherwise plain with STARTTLS offered. */
  implicitTls?: boolean;
  /** Require AUTH (only over TLS) with these credentials. */
  credentials?: { username: string; password: string };
  /** No STARTTLS at all (not advertised, and the command refused), as some relays are. */
  noStartTls?: boolean;
}

/** A real SMTP server (smtp-server) on 127.0.0.1 that parses what it receives (mailparser). */
export interface FakeSmtp {
  readonly port: number;
  readonly received: ReadonlyArray<ReceivedMail>;
  readonly closedSessions: number;
  /** Messages read in full and left unanswered (see holdNextData). */
  readonly heldMessages: number;
  /** The next RCPT TO is answered with this SMTP reply (e.g. 451 or 550). */
  rejectNextRecipient(responseCode: number, message: string): void;
  /** The next DATA is read but never answered: the client has to give up. */
  holdNextData(): void;
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

export async function startFakeSmtp(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  let closedSessions = 0;
  let heldMessages = 0;
  let rejection: { responseCode: number; message: string } | undefined;
  let hold = false;

  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) => {
    const chunks: Buffer[] = [];
    const held = hold;
    hold = false;
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      if (held) {
        heldMessages++; // never answered: the client's signal or timeout has to end it
        return;
      }
      simpleParser(Buffer.concat(chunks))
        .then((mail) => {
          received.push({
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
            mail,
            secure: session.secure,
            ...(typeof session.user === "string" ? { user: session.user } : {}),
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    });
  };

  const server = new SMTPServer({
    secure: options.implicitTls ?? false,
    hideSTARTTLS: options.noStartTls ?? false,
    authOptional: !options.credentials,
    allowInsecureAuth: false,
    disabledCommands: [...(options.credentials ? [] : ["AUTH"]), ...(options.noStartTls ? ["STARTTLS"] : [])],
    // smtp-server's built-in test certificate; `logger: false` also silences its warning about it.
    logger: false,
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      const expected = options.credentials;
      if (expected && auth.username === expected.username && auth.password === expected.password) return callback(null, { user: auth.username });
      return callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
    },
    onRcptTo(_address, _session, callback) {
      const scripted = rejection;
      rejection = undefined;
      callback(scripted ? smtpError(scripted.responseCode, scripted.message) : null);
    },
    onData,
    onClose() {
      closedSessions++;
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    received,
    get closedSessions() {
      return closedSessions;
    },
    get heldMessages() {
      return heldMessages;
    },
    rejectNextRecipient: (responseCode, message) => void (rejection = { responseCode, message }),
    holdNextData: () => void (hold = true),
    waitFor: waitUntil,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
