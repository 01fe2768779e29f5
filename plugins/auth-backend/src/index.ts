import { authenticatorRef, coreServices, createBackendPlugin } from "@checkstack/backend-api";
import { AuthApi, authAccessRuleList, pluginMetadata } from "@checkstack/auth-common";
import { loadApiKeySecret } from "./api-key-secret";
import { createApiKeyHasher } from "./api-keys";
import { ApplicationService } from "./application-service";
import { createAuthenticator, type AuthenticatorServices } from "./authenticator";
import { ensureFirstAdmin, readAdminBootstrap } from "./first-admin";
import { scheduleMaintenance } from "./maintenance";
import { captureOutsideRequest } from "./outside-request";
import { LoginRateLimiter } from "./rate-limiter";
import { createAuthRouter } from "./router";
import * as schema from "./schema";
import { SessionService } from "./session-service";
import { UserService } from "./user-service";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(authAccessRuleList);
    // Every failed sign-in bumps a counter: auditing those writes would let anyone flood the trail.
    env.excludeFromAudit(schema.loginFailures, "rate-limit counters of failed sign-ins, written on every attempt");
    // Who a caller is comes from these rows: ending a session, disabling a user or revoking a key must
    // reach every instance's remembered decisions at once. A new session or key takes nothing away.
    env.registerAccessChangeTable(schema.sessions, ["UPDATE", "DELETE"]);
    env.registerAccessChangeTable(schema.users, ["UPDATE", "DELETE"]);
    env.registerAccessChangeTable(schema.applications, ["UPDATE", "DELETE"]);

    // The platform asks for the authenticator per request; it has what it needs once init has run.
    let authServices: AuthenticatorServices | undefined;
    env.registerService(authenticatorRef, createAuthenticator(() => authServices));

    let stopMaintenance: (() => Promise<void>) | undefined;
    env.registerCleanup(async () => {
      authServices = undefined;
      await stopMaintenance?.();
    });

    env.registerInit({
      schema,
      deps: {
        rpc: coreServices.rpc,
        rpcClient: coreServices.rpcClient,
        logger: coreServices.logger,
        config: coreServices.config,
        queue: coreServices.queue,
        admin: coreServices.accessAdministration,
      },
      init: async ({ database, rpc, rpcClient, logger, config, queue, admin }) => {
        // Read before anything else: a half-set pair of variables must stop the plugin with a clear message.
        const bootstrap = readAdminBootstrap(process.env);
        const hasher = createApiKeyHasher(await loadApiKeySecret(database, config));
        const users = new UserService(database);
        const sessions = new SessionService(database);
        const applications = new ApplicationService(database, hasher);
        const limiter = new LoginRateLimiter(database, captureOutsideRequest());

        await ensureFirstAdmin({ database, admin, logger, bootstrap });
        const asService = () => rpcClient.forPlugin(AuthApi, { actAs: "service" });
        rpc.registerRouter(createAuthRouter({ database, asService, users, sessions, applications, limiter, admin, config }));
        authServices = { sessions, applications, logger };
        stopMaintenance = await scheduleMaintenance({ queue, sessions, limiter, logger });
      },
    });
  },
});
