import { registrationConfig } from "../config";
import { verifyPassword } from "../passwords";
import { readSessionToken } from "../session-cookie";
import { os, type AuthRouterDeps } from "./implementer";
import { ForbiddenError, UnauthorizedError } from "@checkstack/backend-api";

export function createAccountRouter({ users, sessions, limiter, config }: AuthRouterDeps) {
  return {
    register: os.account.register.handler(async ({ input, context }) => {
      const settings = await config.get(registrationConfig);
      if (settings?.allowRegistration !== true) {
        throw new ForbiddenError("Self-registration is turned off; ask an administrator for an account");
      }
      // No roles are stored: every user holds the implicit "users" role, nothing more.
      const created = await users.create(input);
      context.logger.info("user registered", { userId: created.id });
      return users.get(created.id);
    }),

    changePassword: os.account.changePassword.handler(async ({ input, context }) => {
      const principal = context.principal;
      if (principal.type !== "user") throw new UnauthorizedError("Sign in to change your password");
      const user = await users.findCredentialsById(principal.id);
      if (!user) throw new UnauthorizedError("Your account no longer exists");
      // A stolen session must not become a way to guess the password: same limits as sign-in.
      const source = { email: user.email, clientAddress: context.request?.clientAddress };
      await limiter.admit(source);
      if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
        throw new ForbiddenError("The current password is not correct");
      }
      await limiter.succeeded(source);
      await users.setPassword(user.id, input.newPassword);
      const current = readSessionToken(context.request?.headers.get("cookie") ?? null);
      const endedSessions = await sessions.endAllFor(user.id, current);
      context.logger.info("password changed", { userId: user.id, endedSessions });
      return { endedSessions };
    }),
  };
}

export function createRegistrationRouter({ config }: AuthRouterDeps) {
  return {
    get: os.registration.get.handler(async () => ({ allowRegistration: (await config.get(registrationConfig))?.allowRegistration === true })),
    set: os.registration.set.handler(async ({ input }) => {
      await config.set(registrationConfig, input);
      return input;
    }),
  };
}
