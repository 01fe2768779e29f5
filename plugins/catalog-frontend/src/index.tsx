import { createFrontendPlugin } from "@checkstack/frontend-api";
import { CatalogPage } from "./catalog-page";
import { rules } from "./api";

/** The catalog's pages: systems and groups, created, edited and deleted. */
export default createFrontendPlugin({
  pluginId: "catalog",
  routes: [{ path: "/catalog", component: CatalogPage, rules: [rules.systemRead] }],
  navigation: [{ label: "Catalog", path: "/catalog", rules: [rules.systemRead], order: 20 }],
});
