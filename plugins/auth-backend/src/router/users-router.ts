import { authAccess } from "@checkstack/auth-common";
import { requireRule } from "./access-checks";
import { ok, os, type AuthRouterDeps } from "./implementer";
import { ConflictError } from "@checkstack/backend-api";

export function createUsersRouter({ users, sessions, admin }: AuthRouterDeps) {
  const subject = (id: string) => ({ type: "user" as const, id });
  // Acting on an account is acting with its rules (a reset password signs in as it): the caller must hold them all.
  const requireOver = (id: string, what: string) => admin.requireAuthority({ subject: subject(id), what: `${what} user ${id}` });

  return {
    list: os.users.list.handler(() => users.list()),

    get: os.users.get.handler(({ input }) => users.get(input.userId)),

    create: os.users.create.handler(async ({ input, context }) => {
      if (input.roles.length > 0) await requireRule(context, authAccess.roleManage, "Creating a user with roles");
      const created = await users.create(input);
      if (input.roles.length > 0) await admin.setRoles(subject(created.id), input.roles);
      return users.get(created.id);
    }),

    update: os.users.update.handler(async ({ input, context }) => {
      const self = context.principal.type === "user" && context.principal.id === input.userId;
      if (self && input.disabled === true) throw new ConflictError("You cannot disable your own account");
      await requireOver(input.userId, "change");
      await users.update(input.userId, input);
      return users.get(input.userId);
    }),

    delete: os.users.delete.handler(async ({ input, context }) => {
      if (context.principal.type === "user" && context.principal.id === input.userId) throw new ConflictError("You cannot delete your own account");
      await requireOver(input.userId, "delete");
      await users.delete(input.userId);
      await admin.forgetSubject(subject(input.userId));
      return ok;
    }),

    setRoles: os.users.setRoles.handler(async ({ input }) => {
      await users.get(input.userId);
      await admin.setRoles(subject(input.userId), input.roles);
      return users.get(input.userId);
    }),

    resetPassword: os.users.resetPassword.handler(async ({ input, context }) => {
      await requireOver(input.userId, "reset the password of");
      await users.setPassword(input.userId, input.newPassword);
      // Whoever held the old password may hold a session too.
      const ended = await sessions.endAllFor(input.userId);
      context.logger.info("password reset by an administrator", { userId: input.userId, endedSessions: ended });
      return ok;
    }),
  };
}
