import { createFrontendPlugin } from "@checkstack/frontend-api";
import { AlertPage } from "./alert-page";
import { AlertsPage } from "./alerts-page";
import { paths, rules } from "./api";
import { ChannelsPage } from "./channels-page";
import { DeliveriesPage } from "./deliveries-page";
import { RuleEditorPage } from "./rule-editor-page";
import { RulesPage } from "./rules-page";
import { SilencesPage } from "./silences-page";

/** Alerting's pages: alerts and their timelines, alert rules, channels, silences and the delivery log. */
export default createFrontendPlugin({
  pluginId: "notification",
  routes: [
    { path: paths.alerts, component: AlertsPage, rules: [rules.alertRead] },
    { path: "/notifications/alerts/:alertId", component: AlertPage, rules: [rules.alertRead] },
    { path: paths.rules, component: RulesPage, rules: [rules.ruleRead] },
    { path: paths.newRule, component: RuleEditorPage, rules: [rules.ruleManage] },
    { path: "/notifications/rules/:ruleId", component: RuleEditorPage, rules: [rules.ruleRead] },
    { path: paths.channels, component: ChannelsPage, rules: [rules.channelRead] },
    { path: paths.silences, component: SilencesPage, rules: [rules.alertRead] },
    { path: paths.deliveries, component: DeliveriesPage, rules: [rules.channelRead] },
  ],
  navigation: [
    { label: "Alerts", path: paths.alerts, rules: [rules.alertRead], order: 40 },
    { label: "Alert rules", path: paths.rules, rules: [rules.ruleRead], order: 41 },
    { label: "Channels", path: paths.channels, rules: [rules.channelRead], order: 42 },
    { label: "Silences", path: paths.silences, rules: [rules.alertRead], order: 43 },
    { label: "Delivery log", path: paths.deliveries, rules: [rules.channelRead], order: 44 },
  ],
});
