import { ConflictError, type RpcContext } from "@checkstack/backend-api";
import { withClusterLock } from "../cluster-lock";
import { cameOverHttps, sessionCookie } from "../session-cookie";
import { claimSetupToken } from "../setup-tokens";
import { os, type AuthRouterDeps } from "./implementer";

const secureFor = (context: RpcContext) => (context.request ? cameOverHttps(context.request.headers) : false);

/**
 * First-run setup: the person holding the logged one-time link chooses the
 * first administrator. Never "first visitor becomes admin": without a valid
 * token nothing is created.
 */
export function createSetupRouter({ database, users, sessions, asService }: AuthRouterDeps) {
  return {
    getSetupState: os.getSetupState.handler(async () => ({ setupRequired: (await users.count()) === 0 })),

    completeSetup: os.completeSetup.handler(async ({ input, context }) => {
      // Under the lock boot uses too, held until the request commits: concurrent setups (on any instances)
      // run one after another, and every one after the first finds a user and stops.
      const user = await withClusterLock(database, "first-admin", async (tx) => {
        if ((await users.count()) > 0) throw new ConflictError("Setup is already complete (this link may have been used); sign in instead");
        await claimSetupToken(tx, input.token);
        const created = await users.create({ email: input.email, displayName: input.name ?? "Administrator", password: input.password });
        // Granting the admin role takes someone allowed to: the plugin itself, in this same transaction.
        await asService().users.setRoles({ userId: created.id, roles: ["admin"] });
        return created;
      });
      const session = await sessions.start(user.id, {
        clientAddress: context.request?.clientAddress,
        userAgent: context.request?.headers.get("user-agent"),
      });
      context.responseHeaders?.append("set-cookie", sessionCookie(session.token, session.expiresAt, { secure: secureFor(context) }));
      context.logger.warn("first administrator created through the setup link", { userId: user.id, email: user.email });
      return { user: { id: user.id, email: user.email, displayName: user.displayName }, expiresAt: session.expiresAt, mustChangePassword: false };
    }),
  };
}
