import { createFrontendPlugin } from "@checkstack/frontend-api";
import { AccountPage } from "./account-page";
import { ApiKeysPage } from "./api-keys-page";
import { rules } from "./api";
import { AuditPage } from "./audit-page";
import { RolesPage } from "./roles-page";
import { TeamsPage } from "./teams-page";
import { UsersPage } from "./users-page";

/** Administration of who may do what: users, teams, roles and rules, API keys, the audit log; and one's own account. */
export default createFrontendPlugin({
  pluginId: "auth",
  routes: [
    { path: "/account", component: AccountPage },
    { path: "/admin/users", component: UsersPage, rules: [rules.userRead] },
    { path: "/admin/teams", component: TeamsPage, rules: [rules.teamRead] },
    { path: "/admin/roles", component: RolesPage, rules: [rules.roleRead] },
    { path: "/admin/api-keys", component: ApiKeysPage, rules: [rules.applicationRead] },
    { path: "/admin/audit", component: AuditPage, rules: [rules.auditRead] },
  ],
  navigation: [
    { label: "Users", path: "/admin/users", rules: [rules.userRead], section: "admin", order: 10 },
    { label: "Teams", path: "/admin/teams", rules: [rules.teamRead], section: "admin", order: 20 },
    { label: "Roles", path: "/admin/roles", rules: [rules.roleRead], section: "admin", order: 30 },
    { label: "API keys", path: "/admin/api-keys", rules: [rules.applicationRead], section: "admin", order: 40 },
    { label: "Audit log", path: "/admin/audit", rules: [rules.auditRead], section: "admin", order: 90 },
  ],
});
