import { describe, expect, test } from "bun:test";
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
