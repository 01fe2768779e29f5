import type { PluginWalk, WalkContext } from "./walk-types";

/** The plugin admin answers once this instance loaded it; the next step must find it loaded. */
async function greeterLoaded(_body: unknown, context: WalkContext): Promise<void> {
  await context.waitFor(() => context.rest("POST", "/api/v1/greeter/hello", { auth: "none" }), (hello) => hello.status === 200);
}

export const pluginsWalk: PluginWalk = {
  steps: [
    { call: () => ({ operationId: "plugins.list", path: {} }) },
    { call: (c) => ({ operationId: "plugins.install", path: {}, body: { spec: c.greeterTarball } }), after: greeterLoaded },
    { call: () => ({ operationId: "plugins.disable", path: { pluginId: "greeter" } }) },
    { call: () => ({ operationId: "plugins.enable", path: { pluginId: "greeter" } }), after: greeterLoaded },
    { call: () => ({ operationId: "plugins.deregister", path: { pluginId: "greeter" }, body: { deleteSchema: true } }) },
  ],
};
