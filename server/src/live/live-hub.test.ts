import { describe, expect, test } from "bun:test";
import { createRecordingLogger, type Principal } from "@checkstack/backend-api";
import { LiveAccessFilter } from "./live-access";
import { LiveHub } from "./live-hub";
import { LivePublications } from "./live-publications";
import { LiveStream } from "./live-stream";
import { LiveSubscriber } from "./live-subscriber";

const viewer: Principal = { type: "user", id: "u1", roles: ["users"] };

async function readUntil(reader: { read(): Promise<{ done: boolean; value?: Uint8Array }> }, pattern: RegExp, timeoutMs: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(text)) {
    if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms: ${pattern}; got ${JSON.stringify(text)}`);
    const chunk = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => undefined)]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  return text;
}

describe("LiveHub", () => {
  test("heartbeat comments keep idle connections alive; an access change seen on a heartbeat re-authenticates", async () => {
    let epoch = 1;
    let signedOut = false;
    const logger = createRecordingLogger();
    const hub = new LiveHub({ publications: new LivePublications(logger), readEpoch: async () => epoch, logger, heartbeatMs: 50 });
    const stream = new LiveStream(64 * 1024);
    const subscriber = new LiveSubscriber({
      stream,
      access: new LiveAccessFilter(viewer, async () => new Set()),
      epoch,
      reauthenticate: async () => (signedOut ? undefined : viewer),
      resumedAfter: 0,
      maxPendingItems: 10,
      logger,
    });
    stream.onEnd(() => hub.remove(subscriber));
    hub.add(subscriber);
    const reader = stream.body.getReader();
    try {
      expect(await readUntil(reader, /: heartbeat\n\n/, 5_000)).toContain(": heartbeat");
      // Signed out elsewhere: the epoch moves, the next heartbeat notices, the stream says so and ends.
      signedOut = true;
      epoch = 2;
      const text = await readUntil(reader, /event: live\.unauthorized/, 5_000);
      expect(text).toContain("event: live.unauthorized");
      expect((await reader.read()).done).toBe(true);
      expect(hub.size).toBe(0);
    } finally {
      hub.close();
    }
  });

  test("close ends every stream and accepts none after", async () => {
    const logger = createRecordingLogger();
    const hub = new LiveHub({ publications: new LivePublications(logger), readEpoch: async () => 1, logger, heartbeatMs: 60_000 });
    const streams = [new LiveStream(1024), new LiveStream(1024)];
    for (const stream of streams) {
      hub.add(new LiveSubscriber({ stream, access: new LiveAccessFilter(viewer, async () => new Set()), epoch: 1, reauthenticate: async () => viewer, resumedAfter: 0, maxPendingItems: 10, logger }));
    }
    hub.close();
    expect(streams.every((stream) => !stream.open)).toBe(true);
    expect(hub.isClosed).toBe(true);
  });
});
