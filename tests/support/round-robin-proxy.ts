/** Consecutive failed probes that take a backend out of rotation (one success brings it back), as load balancers count. */
const UNHEALTHY_THRESHOLD = 2;
/** A slow answer on a loaded machine is not a sick instance. */
const PROBE_TIMEOUT_MS = 2_000;

interface Backend {
  healthy: boolean;
  failedProbes: number;
  probing: boolean;
}

/**
 * A minimal load balancer for tests, configured as the README tells operators
 * to configure theirs: round robin over the backends in rotation, by a health
 * check on GET /readyz every `healthIntervalMs` (out after
 * UNHEALTHY_THRESHOLD failed probes, in after one 200). It does
 * not retry a failed request: whatever fails reaches the client, so a test
 * counts every request a restart dropped. Upstream connections are kept
 * alive and reused (Bun's fetch pools them), as a real proxy's are.
 */
export class RoundRobinProxy {
  private readonly backends = new Map<string, Backend>();
  private next = 0;
  private server: ReturnType<typeof Bun.serve> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly healthIntervalMs: number) {}

  get url(): string {
    if (!this.server) throw new Error("the proxy is not started");
    return `http://127.0.0.1:${this.server.port}`;
  }

  start(): void {
    this.server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (request) => this.forward(request) });
    this.timer = setInterval(() => void this.probeAll(), this.healthIntervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.server?.stop(true);
  }

  /** A new backend starts out of rotation, until its first healthy probe. */
  add(url: string): void {
    this.backends.set(url, { healthy: false, failedProbes: 0, probing: false });
  }

  remove(url: string): void {
    this.backends.delete(url);
  }

  isHealthy(url: string): boolean {
    return this.backends.get(url)?.healthy === true;
  }

  private async probeAll(): Promise<void> {
    await Promise.all([...this.backends.entries()].filter(([, state]) => !state.probing).map(([url, state]) => this.probe(url, state)));
  }

  private async probe(url: string, state: Backend): Promise<void> {
    state.probing = true;
    let ok = false;
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await response.arrayBuffer();
      ok = response.status === 200;
    } catch {
      ok = false;
    } finally {
      state.probing = false;
    }
    state.failedProbes = ok ? 0 : state.failedProbes + 1;
    if (ok) state.healthy = true;
    else if (state.failedProbes >= UNHEALTHY_THRESHOLD) state.healthy = false;
  }

  private async forward(request: Request): Promise<Response> {
    const healthy = [...this.backends.entries()].filter(([, state]) => state.healthy).map(([url]) => url);
    if (healthy.length === 0) return new Response("no healthy backend", { status: 503 });
    const target = healthy[this.next++ % healthy.length]!;
    const { pathname, search } = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.delete("host");
    headers.delete("connection");
    try {
      const upstream = await fetch(`${target}${pathname}${search}`, {
        method: request.method,
        headers,
        body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer(),
        signal: AbortSignal.timeout(15_000),
      });
      const body = await upstream.arrayBuffer();
      const responseHeaders = new Headers(upstream.headers);
      // Hop-by-hop: the upstream connection's fate is not the client's.
      responseHeaders.delete("connection");
      responseHeaders.delete("content-encoding");
      responseHeaders.delete("content-length");
      return new Response(body, { status: upstream.status, headers: responseHeaders });
    } catch (error) {
      return new Response(`upstream ${target} failed: ${error instanceof Error ? error.message : String(error)}`, { status: 502 });
    }
  }
}
