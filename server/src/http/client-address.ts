/**
 * The socket address of each request, recorded by the server before routing
 * (Request objects carry no peer address of their own).
 */
const addresses = new WeakMap<Request, string>();

export function recordClientAddress(request: Request, address: string | undefined): void {
  if (address) addresses.set(request, address);
}

/** With trustProxy, the first X-Forwarded-For entry (set it only behind a proxy that overwrites that header). */
export function clientAddressOf(request: Request, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return addresses.get(request);
}
