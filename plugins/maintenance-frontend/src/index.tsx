import { createFrontendPlugin } from "@checkstack/frontend-api";
import { rules } from "./api";
import { EditWindowPage, NewWindowPage } from "./window-form-page";
import { WindowPage } from "./window-page";
import { WindowsPage } from "./windows-page";

/** Maintenance windows: the list by phase, scheduling and editing, cancelling a window or one occurrence. */
export default createFrontendPlugin({
  pluginId: "maintenance",
  routes: [
    { path: "/maintenance", component: WindowsPage, rules: [rules.windowRead] },
    { path: "/maintenance/new", component: NewWindowPage, rules: [rules.windowManage] },
    { path: "/maintenance/:windowId", component: WindowPage, rules: [rules.windowRead] },
    { path: "/maintenance/:windowId/edit", component: EditWindowPage, rules: [rules.windowManage] },
  ],
  navigation: [{ label: "Maintenance", path: "/maintenance", rules: [rules.windowRead], order: 50 }],
});
