import type { RpcContext } from "@checkstack/backend-api";
import { invalidCredentials } from "../errors";
import { verifyAgainstDummy, verifyPassword } from "../passwords";
import { cameOverHttps, clearedSessionCookie, readSessionToken, sessionCookie } from "../session-cookie";
import { os, type AuthRouterDeps } from "./implementer";
import { ForbiddenError } from "@checkstack/backend-api";

const secureFor = (context: RpcContext) => (context.request ? cameOverHttps(context.request.headers) : false);

export function createSessionRouter({ users, sessions, applications, limiter, admin }: AuthRouterDeps) {
  return {
    login: os.session.login.handler(async ({ input, context }) => {
      const source = { email: input.email, clientAddress: context.request?.clientAddress };
      await limiter.admit(source);
      const user = await users.findCredentials(input.email);
      if (!user) {
        await verifyAgainstDummy(input.password);
        throw invalidCredentials();
      }
      if (!(await verifyPassword(input.password, user.passwordHash))) throw invalidCredentials();
      await limiter.succeeded(source);
      // Only someone who knows the password learns that the account is disabled.
      if (user.disabled) throw new ForbiddenError("This account is disabled; ask an administrator to enable it");
      const session = await sessions.start(user.id, {
        clientAddress: context.request?.clientAddress,
        userAgent: context.request?.headers.get("user-agent"),
      });
      context.responseHeaders?.append("set-cookie", sessionCookie(session.token, session.expiresAt, { secure: secureFor(context) }));
      context.logger.info("user signed in", { userId: user.id });
      return {
        user: { id: user.id, email: user.email, displayName: user.displayName },
        expiresAt: session.expiresAt,
        mustChangePassword: user.mustChangePassword,
      };
    }),

    logout: os.session.logout.handler(async ({ context }) => {
      const token = readSessionToken(context.request?.headers.get("cookie") ?? null);
      const loggedOut = token ? await sessions.end(token) : false;
      context.responseHeaders?.append("set-cookie", clearedSessionCookie({ secure: secureFor(context) }));
      return { loggedOut };
    }),

    rules: os.session.rules.handler(async ({ context }) => {
      // One decision per rule by the platform's decider, the same answer a call would get.
      const known = await admin.listRules();
      const held: string[] = [];
      for (const rule of known) if (context.principal.type === "service" || (await context.access.allows({ rules: [rule.id] }))) held.push(rule.id);
      return { rules: held };
    }),

    me: os.session.me.handler(async ({ context }) => {
      const principal = context.principal;
      switch (principal.type) {
        case "anonymous":
          return { type: "anonymous" as const };
        case "service":
          return { type: "service" as const, pluginId: principal.pluginId };
        case "user": {
          const user = await users.get(principal.id);
          const teams = await admin.teamsOf({ type: "user", id: principal.id });
          return { type: "user" as const, id: user.id, email: user.email, displayName: user.displayName, roles: user.roles, teams };
        }
        case "application": {
          const application = await applications.get(principal.id);
          return { type: "application" as const, id: application.id, name: application.name, roles: application.roles, teams: application.teams };
        }
      }
    }),
  };
}
