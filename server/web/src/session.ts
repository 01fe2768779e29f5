import { useQuery } from "@tanstack/react-query";
import type { ShellSession } from "@checkstack/frontend-api";
import { authApi } from "./apis";

/** Who is signed in and which rules they hold, asked of the auth plugin. */
export function useShellSession(): { session: ShellSession | undefined; error: Error | null; refetch: () => void } {
  const query = useQuery({
    queryKey: ["shell", "session"],
    queryFn: async (): Promise<ShellSession> => {
      // Asked together: both answer anybody, and the first screen waits for them.
      const [me, { rules }] = await Promise.all([authApi.client.session.me(), authApi.client.session.rules()]);
      if (me.type !== "user") return { user: undefined, rules: new Set() };
      return { user: { id: me.id, email: me.email, displayName: me.displayName }, rules: new Set(rules) };
    },
    staleTime: 30_000,
  });
  return { session: query.data, error: query.error, refetch: () => void query.refetch() };
}
