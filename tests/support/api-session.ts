import type { PlatformProcess } from "./platform-process";

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
