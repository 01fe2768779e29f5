import { describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { LiveStream } from "./live-stream";
import { eventFrame } from "./sse-frames";

describe("LiveStream: a client that stops reading is cut off, not buffered without bound", () => {
  test("writes stop being accepted once the queued bytes pass the bound, and the stream ends as too slow", () => {
    const stream = new LiveStream(64 * 1024);
    const reasons: string[] = [];
    stream.onEnd((reason) => reasons.push(reason));
    const frame = eventFrame("healthcheck.run", { padding: "x".repeat(1_000) }, 1);
    let accepted = 0;
    // Nobody reads the body: a stalled browser tab.
    while (stream.write(frame)) accepted++;
    expect(accepted).toBe(Math.floor((64 * 1024) / frame.byteLength));
    expect(stream.open).toBe(false);
    expect(reasons).toEqual(["client too slow: its buffer is full"]);
    expect(stream.write(frame)).toBe(false);
  });

  test("a reader that keeps up receives every frame, in order", async () => {
    const stream = new LiveStream(4 * 1024);
    const reader = stream.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (let n = 0; n < 200; n++) {
      expect(stream.write(eventFrame("tick", { n }, n))).toBe(true);
      const chunk = await reader.read();
      text += decoder.decode(chunk.value);
    }
    stream.end("done");
    expect((await reader.read()).done).toBe(true);
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    expect(ids).toEqual(Array.from({ length: 200 }, (_, n) => n));
  });
});

describe("LiveStream over a real socket", () => {
  test("a client that stops reading fills the socket, then the bound, and is cut off: memory stays bounded", async () => {
    let stream: LiveStream | undefined;
    const server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () => {
        stream = new LiveStream(1024 * 1024);
        return new Response(stream.body, { headers: { "content-type": "text/event-stream" } });
      },
    });
    const socket = connect(server.port ?? 0, "127.0.0.1");
    try {
      socket.on("connect", () => socket.write("GET /api/live HTTP/1.1\r\nhost: localhost\r\n\r\n"));
      // Reads the response head, then stops reading: a stalled browser tab behind a full TCP window.
      socket.once("data", () => socket.pause());
      const frame = eventFrame("healthcheck.run", { padding: "x".repeat(10_000) }, 1);
      const deadline = Date.now() + 30_000;
      while (!stream && Date.now() < deadline) await Bun.sleep(10);
      let accepted = 0;
      while (stream?.write(frame) && Date.now() < deadline) {
        accepted += frame.byteLength;
        // Lets the server move what the socket takes (the kernel buffers, then nothing more).
        if (accepted % (50 * frame.byteLength) === 0) await Bun.sleep(5);
      }
      expect(stream?.open).toBe(false);
      // The 1 MiB bound plus what the kernel's socket buffers took: far below what was offered.
      expect(accepted).toBeLessThan(64 * 1024 * 1024);
    } finally {
      socket.destroy();
      void server.stop(true);
    }
  });
});
