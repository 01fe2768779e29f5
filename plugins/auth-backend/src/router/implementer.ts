import { implement } from "@orpc/server";
import { autoAuthMiddleware, type AccessAdministration, type ConfigService, type RpcContext } from "@checkstack/backend-api";
import { authContract } from "@checkstack/auth-common";
import type { AuthDatabase } from "../database";
import type { ApplicationService } from "../application-service";
import type { LoginRateLimiter } from "../rate-limiter";
import type { SessionService } from "../session-service";
import type { UserService } from "../user-service";

/**
 * The contract's implementer. Caller kinds and the contract's access rules
 * are enforced by autoAuthMiddleware before any handler runs.
 */
export const os = implement(authContract).$context<RpcContext>().use(autoAuthMiddleware);

export interface AuthRouterDeps {
  database: AuthDatabase;
  /** This plugin's own procedures, called in-process as its service principal (first-run setup grants admin). */
  asService: () => { users: { setRoles(input: { userId: string; roles: string[] }): Promise<unknown> } };
  users: UserService;
  sessions: SessionService;
  applications: ApplicationService;
  limiter: LoginRateLimiter;
  admin: AccessAdministration;
  config: ConfigService;
}

export const ok = { ok: true as const };
