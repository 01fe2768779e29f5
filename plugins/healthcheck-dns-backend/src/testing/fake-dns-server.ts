import { createSocket } from "node:dgram";

/** Records served, by lower-case name. TXT records are lists of character-strings. */
export interface FakeZone {
  a?: Record<string, string[]>;
  txt?: Record<string, string[][]>;
}

export interface FakeDnsServer {
  readonly address: string;
  /** Queries received, answered or not. */
  readonly queries: number;
  /** While true, queries are read and silently dropped, as a dead or firewalled server would. */
  dropping: boolean;
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_TXT = 16;
const CLASS_IN = 1;
const RCODE_NXDOMAIN = 3;
const HEADER_BYTES = 12;

/** A UDP DNS server on 127.0.0.1 speaking just enough of RFC 1035 for A and TXT lookups. */
export async function startFakeDnsServer(zone: FakeZone): Promise<FakeDnsServer> {
  const socket = createSocket("udp4");
  const state = { queries: 0, dropping: false };
  socket.on("message", (message, peer) => {
    state.queries++;
    if (state.dropping) return;
    const reply = answer(message, zone);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    get queries() {
      return state.queries;
    },
    get dropping() {
      return state.dropping;
    },
    set dropping(value: boolean) {
      state.dropping = value;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answer(query: Buffer, zone: FakeZone): Buffer | undefined {
  const question = readQuestion(query);
  if (!question) return undefined;
  const known = question.name in (zone.a ?? {}) || question.name in (zone.txt ?? {});
  const records = question.class === CLASS_IN ? rdataFor(question.name, question.type, zone) : [];
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR=1, keep opcode and RD from the query, AA=1, RA=1, and the response code.
  const flags = 0x8000 | (query.readUInt16BE(2) & 0x7900) | 0x0400 | 0x0080 | (known ? 0 : RCODE_NXDOMAIN);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((rdata) => {
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // a pointer to the name in the question
    fixed.writeUInt16BE(question.type, 2);
    fixed.writeUInt16BE(CLASS_IN, 4);
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([fixed, rdata]);
  });
  return Buffer.concat([header, query.subarray(HEADER_BYTES, question.end), ...answers]);
}

function readQuestion(query: Buffer): { name: string; type: number; class: number; end: number } | undefined {
  if (query.length < HEADER_BYTES || query.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let offset = HEADER_BYTES;
  while (offset < query.length) {
    const length = query.readUInt8(offset);
    offset++;
    if (length === 0) break;
    labels.push(query.toString("ascii", offset, offset + length));
    offset += length;
  }
  if (offset + 4 > query.length) return undefined;
  return { name: labels.join(".").toLowerCase(), type: query.readUInt16BE(offset), class: query.readUInt16BE(offset + 2), end: offset + 4 };
}

function rdataFor(name: string, type: number, zone: FakeZone): Buffer[] {
  if (type === TYPE_A) return (zone.a?.[name] ?? []).map((address) => Buffer.from(address.split(".").map(Number)));
  if (type === TYPE_TXT) {
    return (zone.txt?.[name] ?? []).map((strings) =>
      Buffer.concat(strings.map((text) => Buffer.concat([Buffer.from([Buffer.byteLength(text)]), Buffer.from(text)]))),
    );
  }
  return [];
}
