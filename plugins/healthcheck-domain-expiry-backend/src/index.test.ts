import { testStrategyPluginRegistration } from "@checkstack/test-utils";
import plugin from "./index";

testStrategyPluginRegistration(plugin, "domain-expiry");
