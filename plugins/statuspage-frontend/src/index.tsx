import { createFrontendPlugin } from "@checkstack/frontend-api";
import { rules } from "./api";
import { EditPagePage, NewPagePage } from "./page-editor";
import { PagesPage } from "./pages-page";

/** Status pages: the list, the editor with its live preview, publishing and deleting. */
export default createFrontendPlugin({
  pluginId: "statuspage",
  routes: [
    { path: "/status-pages", component: PagesPage, rules: [rules.pageRead] },
    { path: "/status-pages/new", component: NewPagePage, rules: [rules.pageManage] },
    { path: "/status-pages/:pageId", component: EditPagePage, rules: [rules.pageRead] },
  ],
  navigation: [{ label: "Status pages", path: "/status-pages", rules: [rules.pageRead], order: 60 }],
});
