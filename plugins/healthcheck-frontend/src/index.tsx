import { createFrontendPlugin } from "@checkstack/frontend-api";
import { rules } from "./api";
import { CheckEditorPage } from "./check-editor-page";
import { ChecksPage } from "./checks-page";
import { DashboardPage } from "./dashboard-page";
import { SystemPage } from "./system-page";

/** Health checks' pages: the dashboard, a system's status and history, and the check editor. */
export default createFrontendPlugin({
  pluginId: "healthcheck",
  routes: [
    { path: "/", component: DashboardPage, rules: [rules.systemRead, rules.statusRead] },
    { path: "/systems/:systemId", component: SystemPage, rules: [rules.systemRead, rules.statusRead] },
    { path: "/checks", component: ChecksPage, rules: [rules.checkRead] },
    { path: "/checks/new", component: CheckEditorPage, rules: [rules.checkManage] },
    { path: "/checks/:checkId", component: CheckEditorPage, rules: [rules.checkRead] },
  ],
  navigation: [
    { label: "Dashboard", path: "/", rules: [rules.systemRead, rules.statusRead], order: 10 },
    { label: "Checks", path: "/checks", rules: [rules.checkRead], order: 30 },
  ],
});
