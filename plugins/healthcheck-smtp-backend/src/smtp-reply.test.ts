import { describe, expect, test } from "bun:test";
import { authMechanisms, capabilitiesOf, hasCapability, replyText, SmtpProtocolError, takeReplies } from "./smtp-reply";

describe("smtp replies", () => {
  test("multi-line replies end at the line with a space after the code", () => {
    const { replies, rest } = takeReplies("250-mx.example Hello\r\n250-PIPELINING\r\n250-AUTH=LOGIN PLAIN\r\n250 SIZE 1000\r\n354 go");
    expect(replies).toEqual([{ code: 250, lines: ["mx.example Hello", "PIPELINING", "AUTH=LOGIN PLAIN", "SIZE 1000"] }]);
    expect(rest).toBe("354 go");
  });

  test("a reply split across chunks waits for its last line", () => {
    expect(takeReplies("220-first\r\n220-sec")).toEqual({ replies: [], rest: "220-first\r\n220-sec" });
    expect(takeReplies("220 ready\n221 bye\r\n").replies.map((reply) => reply.code)).toEqual([220, 221]);
    expect(takeReplies("250\r\n").replies).toEqual([{ code: 250, lines: [""] }]);
  });

  test("anything else is a protocol error", () => {
    expect(() => takeReplies("HTTP/1.1 400 Bad Request\r\n")).toThrow(SmtpProtocolError);
  });

  test("capabilities, keywords and AUTH mechanisms", () => {
    const capabilities = capabilitiesOf({ code: 250, lines: ["mx Hello", "PIPELINING", "AUTH=LOGIN", "auth plain cram-md5", "SIZE 1000"] });
    expect(capabilities).toEqual(["PIPELINING", "AUTH=LOGIN", "auth plain cram-md5", "SIZE 1000"]);
    expect(hasCapability(capabilities, "size")).toBe(true);
    expect(hasCapability(capabilities, "AUTH")).toBe(true);
    expect(hasCapability(capabilities, "STARTTLS")).toBe(false);
    expect(authMechanisms(capabilities)).toEqual(["LOGIN", "PLAIN", "CRAM-MD5"]);
    expect(replyText({ code: 535, lines: ["5.7.8 bad", "credentials"] })).toBe("535 5.7.8 bad / credentials");
  });
});
