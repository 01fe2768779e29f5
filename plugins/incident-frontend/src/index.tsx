import { createFrontendPlugin } from "@checkstack/frontend-api";
import { rules } from "./api";
import { IncidentPage } from "./incident-page";
import { IncidentsPage } from "./incidents-page";
import { NewIncidentPage } from "./new-incident-page";

/** Incidents: the list, opening one, its timeline with updates, and resolving it. */
export default createFrontendPlugin({
  pluginId: "incident",
  routes: [
    { path: "/incidents", component: IncidentsPage, rules: [rules.incidentRead] },
    { path: "/incidents/new", component: NewIncidentPage, rules: [rules.incidentManage] },
    { path: "/incidents/:incidentId", component: IncidentPage, rules: [rules.incidentRead] },
  ],
  navigation: [{ label: "Incidents", path: "/incidents", rules: [rules.incidentRead], order: 40 }],
});
