import { coreServices, createBackendPlugin, statusPageContentExtensionPoint, UnavailableError, type RpcClient } from "@checkstack/backend-api";
import { IncidentApi, incidentAccess, incidentAccessRuleList, pluginMetadata } from "@checkstack/incident-common";
import { IncidentEvents } from "./events";
import { IncidentService } from "./incident-service";
import { IncidentOwnership } from "./ownership";
import { createIncidentRouter } from "./router";
import * as schema from "./schema";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(incidentAccessRuleList);
    // Row-level security: the timeline and affected systems are exactly as visible as their incident.
    env.registerResourceTable({ table: schema.incidents, access: incidentAccess.incident });
    env.registerResourceTable({ table: schema.incidentSystems, access: incidentAccess.incident, idColumn: "incident_id" });
    env.registerResourceTable({ table: schema.incidentUpdates, access: incidentAccess.incident, idColumn: "incident_id" });

    const events = new IncidentEvents();
    env.registerCleanup(() => events.detach());

    // Status pages read through the service procedure, so the read runs as this plugin's service
    // principal even inside an anonymous page request, and only the public fields leave.
    let client: RpcClient | undefined;
    env.registerExtensionPoint(statusPageContentExtensionPoint, {
      incidents: async ({ systemIds, since }) => {
        if (!client) throw new UnavailableError("Incidents are still starting; try again shortly", { retryAfterSeconds: 1 });
        return (await client.forPlugin(IncidentApi).publicIncidents({ systemIds: [...systemIds], since })).incidents;
      },
    });

    env.registerInit({
      schema,
      deps: { rpc: coreServices.rpc, rpcClient: coreServices.rpcClient, logger: coreServices.logger, admin: coreServices.accessAdministration },
      init: async ({ database, rpc, admin }) => {
        rpc.registerRouter(
          createIncidentRouter({ incidents: new IncidentService(database), ownership: new IncidentOwnership(admin), announce: events.announce }),
        );
      },
      afterPluginsReady: async ({ emitHook, rpcClient, logger }) => {
        events.attach(emitHook);
        client = rpcClient;
        logger.info("incidents ready");
      },
    });
  },
});
