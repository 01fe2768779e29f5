import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { ACK_LINK_TTL_SECONDS, AckLinkSigner } from "./ack-links";

const alertId = "5b0c2f8e-1d2a-4c3b-9e4f-0a1b2c3d4e5f";
const now = Date.UTC(2026, 0, 1);

describe("acknowledge link tokens", () => {
  const signer = new AckLinkSigner(randomBytes(32));

  test("a token verifies for its alert until it expires, then is refused as expired", () => {
    const token = signer.token(alertId, now);
    expect(signer.verify(token, now + 1000)).toEqual({ ok: true, alertId });
    expect(signer.verify(token, now + (ACK_LINK_TTL_SECONDS + 1) * 1000)).toEqual({ ok: false, reason: "expired" });
  });

  test("another key, a changed alert id or a pushed-out expiry is forged; junk is malformed", () => {
    const token = signer.token(alertId, now);
    expect(new AckLinkSigner(randomBytes(32)).verify(token, now)).toEqual({ ok: false, reason: "forged" });
    const [, expires, mac] = token.split(".");
    expect(signer.verify(`6b0c2f8e-1d2a-4c3b-9e4f-0a1b2c3d4e5f.${expires}.${mac}`, now)).toEqual({ ok: false, reason: "forged" });
    expect(signer.verify(`${alertId}.${Number(expires) + 86_400}.${mac}`, now)).toEqual({ ok: false, reason: "forged" });
    for (const junk of ["", "x", `${alertId}.${expires}`, `${alertId}.soon.${mac}`, `${token}.extra`, `not-a-uuid.${expires}.${mac}`]) {
      expect(signer.verify(junk, now)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  test("a link needs a public URL", () => {
    expect(signer.link(null, alertId, now)).toBeNull();
    expect(signer.link("https://status.example.com/", alertId, now)).toStartWith(`https://status.example.com/alerting/ack/${alertId}.`);
  });
});
