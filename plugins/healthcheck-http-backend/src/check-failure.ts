/** A check that ran and found a problem (not a bug): execute turns it into an unhealthy result. */
export class CheckFailure extends Error {
  override readonly name = "CheckFailure";
  constructor(
    message: string,
    /** What was observed before the failure, reported with the unhealthy result. */
    readonly metadata?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** For messages and metadata: credentials in a URL's userinfo must not end up in stored results. */
export function redactUrl(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = copy.username ? "***" : "";
  copy.password = copy.password ? "***" : "";
  return copy.href;
}
