import { newSecretKey, type PlatformProcess, type usePlatforms } from "./platform-process";

/** A signed-in admin talking to one platform process over HTTP, as a browser or script would. */
export interface ApiSession {
  /** The session cookie ("checkstack_session=..."), for requests the helper does not make (streams). */
  cookie: string;
  call<T>(pluginId: string, procedure: string, input?: unknown): Promise<T>;
}

export async function signIn(platform: PlatformProcess, email: string, password: string): Promise<ApiSession> {
  const login = await platform.fetch("/api/auth/session/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: { email, password } }),
  });
  const cookie = /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0];
  if (login.status !== 200 || !cookie) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  return {
    cookie,
    async call<T>(pluginId: string, procedure: string, input?: unknown): Promise<T> {
      const response = await platform.fetch(`/api/${pluginId}/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ json: input }),
      });
      const body = (await response.json()) as { json: unknown };
      if (response.status !== 200) throw new Error(`${pluginId}.${procedure}: ${response.status} ${JSON.stringify(body.json)}`);
      return body.json as T;
    },
  };
}

/**
 * Starts a platform on `databaseUrl` whose first admin is `admin` (plus `env`), waits until it is
 * ready, and signs that admin in over HTTP.
 */
export async function startSignedIn(
  platforms: ReturnType<typeof usePlatforms>,
  databaseUrl: string,
  admin: { email: string; password: string },
  env: Record<string, string> = {},
): Promise<{ platform: PlatformProcess; admin: ApiSession }> {
  const platform = await platforms.start({
    databaseUrl,
    secretKey: newSecretKey(),
    env: { ...env, CHECKSTACK_ADMIN_EMAIL: admin.email, CHECKSTACK_ADMIN_PASSWORD: admin.password },
  });
  await platform.waitForReady(180_000);
  return { platform, admin: await signIn(platform, admin.email, admin.password) };
}
