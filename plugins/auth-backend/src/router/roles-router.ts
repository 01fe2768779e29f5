import { ok, os, type AuthRouterDeps } from "./implementer";

/** Thin: AccessAdministration validates and answers with typed errors. */
export function createRolesRouter({ admin }: AuthRouterDeps) {
  return {
    list: os.roles.list.handler(() => admin.listRoles()),
    create: os.roles.create.handler(({ input }) => admin.createRole({ id: input.roleId, name: input.name, description: input.description })),
    update: os.roles.update.handler(({ input }) => admin.updateRole(input.roleId, { name: input.name, description: input.description })),
    delete: os.roles.delete.handler(async ({ input }) => {
      await admin.deleteRole(input.roleId);
      return ok;
    }),
    setRules: os.roles.setRules.handler(({ input }) => admin.setRoleRules(input.roleId, input.rules)),
  };
}

export function createRulesRouter({ admin }: AuthRouterDeps) {
  return {
    list: os.rules.list.handler(() => admin.listRules()),
  };
}
