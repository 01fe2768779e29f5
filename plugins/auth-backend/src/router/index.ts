import { createAccountRouter, createRegistrationRouter } from "./account-router";
import { createApplicationsRouter } from "./applications-router";
import { createAuditRouter } from "./audit-router";
import { os, type AuthRouterDeps } from "./implementer";
import { createRolesRouter, createRulesRouter } from "./roles-router";
import { createSessionRouter } from "./session-router";
import { createSetupRouter } from "./setup-router";
import { createGrantsRouter, createTeamsRouter } from "./teams-router";
import { createUsersRouter } from "./users-router";

export type { AuthRouterDeps } from "./implementer";

export function createAuthRouter(deps: AuthRouterDeps) {
  return os.router({
    ...createSetupRouter(deps),
    session: createSessionRouter(deps),
    account: createAccountRouter(deps),
    registration: createRegistrationRouter(deps),
    users: createUsersRouter(deps),
    roles: createRolesRouter(deps),
    rules: createRulesRouter(deps),
    teams: createTeamsRouter(deps),
    grants: createGrantsRouter(deps),
    applications: createApplicationsRouter(deps),
    audit: createAuditRouter(deps),
  });
}
