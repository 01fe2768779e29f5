import { $ } from "bun";

/**
 * A small web site on 127.0.0.1 for the browser strategy's tests:
 * - /         a sign-in form (user, password, button) posting to /welcome
 * - /welcome  "Welcome, <user>" for the password "s3cret", else 401
 * - /slow     never answers (until the client goes away)
 */
export interface BrowserTestServer {
  base: string;
  /** Requests to /slow still open. */
  pendingSlowRequests(): number;
  stop(): Promise<void>;
}

const FORM_PAGE = `<!doctype html>
<html><head><title>Sign in</title></head>
<body>
  <h1>Sign in</h1>
  <form id="login" method="post" action="/welcome">
    <label>User <input id="user" name="user"></label>
    <label>Password <input id="password" name="password" type="password"></label>
    <button id="submit" type="submit">Sign in</button>
  </form>
</body></html>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

export function startBrowserTestServer(): BrowserTestServer {
  let pendingSlow = 0;
  const server: ReturnType<typeof Bun.serve> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request): Promise<Response> {
      const path = new URL(request.url).pathname;
      if (path === "/") return html(FORM_PAGE);
      if (path === "/welcome" && request.method === "POST") {
        const form = await request.formData();
        const user = String(form.get("user") ?? "");
        if (form.get("password") !== "s3cret") return html("<h1>Wrong password</h1>", 401);
        return html(`<!doctype html><title>Welcome</title><h1 id="greeting">Welcome, ${escapeHtml(user)}</h1>`);
      }
      if (path === "/slow") {
        pendingSlow++;
        return new Promise<Response>((resolve) => {
          request.signal.addEventListener("abort", () => {
            pendingSlow--;
            resolve(new Response(null, { status: 499 }));
          });
        });
      }
      return html("<h1>Not found</h1>", 404);
    },
  });
  return {
    base: `http://127.0.0.1:${server.port}`,
    pendingSlowRequests: () => pendingSlow,
    stop: () => server.stop(true),
  };
}

/** Chromium processes this test process started and that are still running (direct children). */
export async function runningChromiums(): Promise<number[]> {
  const out = await $`ps -o pid=,comm= --ppid ${process.pid}`.nothrow().quiet().text();
  return out
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, command]) => command !== undefined && /chrom/i.test(command))
    .map(([pid]) => Number(pid));
}

/**
 * The Chromium children still alive once they had the chance to exit: a browser
 * killed at a timeout is reaped a moment after the run returns, so this waits
 * (bounded) for the list to empty rather than reading it once.
 */
export async function chromiumsLeft(timeoutMs = 15_000): Promise<number[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const left = await runningChromiums();
    if (left.length === 0 || performance.now() > deadline) return left;
    await Bun.sleep(100);
  }
}
