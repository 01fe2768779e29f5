import { madeId, rememberId, type PluginWalk } from "./walk-types";

export const ADMIN = { email: "rest-admin@example.com", password: "rest-admin-password-1" };
const walker = { email: "walker@example.com", password: "walker-password-1" };

export const authWalk: PluginWalk = {
  steps: [
    { call: () => ({ operationId: "auth.getSetupState", path: {}, auth: "none" }) },
    // On the second platform, which has no user yet: the logged one-time token makes its first administrator.
    {
      call: (c) => ({
        operationId: "auth.completeSetup",
        path: {},
        body: { token: c.setup.token, email: "first-admin@example.com", password: "first-admin-password-1", name: "First Admin" },
        auth: "none",
        baseUrl: c.setup.url,
      }),
    },
    { call: () => ({ operationId: "auth.session.me", path: {}, auth: "cookie" }) },
    { call: () => ({ operationId: "auth.session.rules", path: {}, auth: "cookie" }) },
    { call: () => ({ operationId: "auth.session.login", path: {}, body: ADMIN, auth: "none" }) },
    { call: () => ({ operationId: "auth.session.logout", path: {}, auth: "none" }) },
    { call: () => ({ operationId: "auth.registration.get", path: {}, auth: "none" }) },
    { call: () => ({ operationId: "auth.registration.set", path: {}, body: { allowRegistration: true } }) },
    {
      call: () => ({
        operationId: "auth.account.register",
        path: {},
        body: { email: "registered@example.com", password: "registered-password-1", displayName: "Registered" },
        auth: "none",
      }),
    },
    {
      call: () => ({ operationId: "auth.users.create", path: {}, body: { email: walker.email, displayName: "Walker", password: walker.password } }),
      after: async (body, context) => {
        rememberId("userId")!(body, context);
        const login = await context.rest("POST", "/api/v1/auth/session/login", { body: walker, auth: "none" });
        context.made["walkerCookie"] = /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
      },
    },
    { call: () => ({ operationId: "auth.users.list", path: {} }) },
    { call: (c) => ({ operationId: "auth.users.get", path: { userId: madeId(c, "userId") } }) },
    { call: (c) => ({ operationId: "auth.users.update", path: { userId: madeId(c, "userId") }, body: { displayName: "Walker Two" } }) },
    {
      call: (c) => ({
        operationId: "auth.account.changePassword",
        path: {},
        body: { currentPassword: walker.password, newPassword: "walker-password-2" },
        auth: { cookie: madeId(c, "walkerCookie") },
      }),
    },
    { call: (c) => ({ operationId: "auth.users.resetPassword", path: { userId: madeId(c, "userId") }, body: { newPassword: "walker-password-3" } }) },
    { call: () => ({ operationId: "auth.roles.create", path: {}, body: { roleId: "walkers", name: "Walkers" } }) },
    { call: () => ({ operationId: "auth.roles.list", path: {} }) },
    { call: () => ({ operationId: "auth.roles.update", path: { roleId: "walkers" }, body: { description: "made by the walk" } }) },
    { call: () => ({ operationId: "auth.roles.setRules", path: { roleId: "walkers" }, body: { rules: ["catalog.system.read"] } }) },
    { call: (c) => ({ operationId: "auth.users.setRoles", path: { userId: madeId(c, "userId") }, body: { roles: ["walkers"] } }) },
    { call: () => ({ operationId: "auth.rules.list", path: {} }) },
    { call: () => ({ operationId: "auth.teams.create", path: {}, body: { name: "Walk team" } }), after: rememberId("teamId") },
    { call: () => ({ operationId: "auth.teams.list", path: {} }) },
    {
      call: (c) => ({
        operationId: "auth.teams.setMember",
        path: { teamId: madeId(c, "teamId"), memberType: "user", memberId: madeId(c, "userId") },
        body: { isManager: true },
      }),
    },
    { call: (c) => ({ operationId: "auth.teams.removeMember", path: { teamId: madeId(c, "teamId"), memberType: "user", memberId: madeId(c, "userId") } }) },
    {
      call: () => ({ operationId: "auth.applications.create", path: {}, body: { name: "walk app" } }),
      after: (body, context) => {
        context.made["applicationId"] = (body as { application: { id: string } }).application.id;
      },
    },
    { call: () => ({ operationId: "auth.applications.list", path: {} }) },
    { call: (c) => ({ operationId: "auth.applications.update", path: { applicationId: madeId(c, "applicationId") }, body: { description: "walked" } }) },
  ],
  cleanup: [
    { call: () => ({ operationId: "auth.audit.list", path: {}, query: { limit: "5" } }) },
    { call: (c) => ({ operationId: "auth.applications.delete", path: { applicationId: madeId(c, "applicationId") } }) },
    { call: (c) => ({ operationId: "auth.teams.delete", path: { teamId: madeId(c, "teamId") } }) },
    { call: (c) => ({ operationId: "auth.users.delete", path: { userId: madeId(c, "userId") } }) },
    { call: () => ({ operationId: "auth.roles.delete", path: { roleId: "walkers" } }) },
  ],
};
