import { createFrontendPlugin } from "@checkstack/frontend-api";
import { rules } from "./api";
import { SettingsPage } from "./settings-page";

/** The platform's settings screen: public URL, self-registration, history retention. */
export default createFrontendPlugin({
  pluginId: "settings",
  routes: [{ path: "/admin/settings", component: SettingsPage, rules: [rules.settingsRead] }],
  navigation: [{ label: "Settings", path: "/admin/settings", rules: [rules.settingsRead], section: "admin", order: 95 }],
});
