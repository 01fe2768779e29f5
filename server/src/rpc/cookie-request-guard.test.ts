import { describe, expect, test } from "bun:test";
import { checkCookieRequest } from "./cookie-request-guard";

const request = (headers: Record<string, string>, method = "POST") =>
  new Request("http://status.example:3000/api/auth/users/update", { method, headers, ...(method === "POST" ? { body: "{}" } : {}) });

describe("checkCookieRequest (issue 12 item 11)", () => {
  test("a cookie with a simple content type and no Origin: 415", () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      expect(checkCookieRequest(request({ cookie: "checkstack_session=abc", "content-type": contentType }))).toMatchObject({ ok: false, status: 415 });
    }
    expect(checkCookieRequest(request({ cookie: "checkstack_session=abc" }))).toMatchObject({ ok: false, status: 415 });
  });

  test("another site's Origin: 403; this server's Origin (or its proxy's host): allowed", () => {
    const base = { cookie: "checkstack_session=abc", "content-type": "text/plain" };
    expect(checkCookieRequest(request({ ...base, origin: "https://evil.example" }))).toMatchObject({ ok: false, status: 403 });
    expect(checkCookieRequest(request({ ...base, origin: "null" }))).toMatchObject({ ok: false, status: 403 });
    expect(checkCookieRequest(request({ ...base, origin: "http://status.example:3000" }))).toEqual({ ok: true });
    expect(checkCookieRequest(request({ ...base, origin: "https://status.example.com", "x-forwarded-host": "status.example.com" }))).toEqual({ ok: true });
  });

  test("JSON, bearer keys, requests without cookies and GET are not affected", () => {
    expect(checkCookieRequest(request({ cookie: "a=b", "content-type": "application/json" }))).toEqual({ ok: true });
    expect(checkCookieRequest(request({ cookie: "a=b", "content-type": "Application/JSON; charset=utf-8" }))).toEqual({ ok: true });
    expect(checkCookieRequest(request({ cookie: "a=b", authorization: "Bearer x", "content-type": "text/plain" }))).toEqual({ ok: true });
    expect(checkCookieRequest(request({ "content-type": "text/plain" }))).toEqual({ ok: true });
    expect(checkCookieRequest(request({ cookie: "a=b" }, "GET"))).toEqual({ ok: true });
  });
});
