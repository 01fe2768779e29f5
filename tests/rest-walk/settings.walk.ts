import type { PluginWalk } from "./walk-types";

export const settingsWalk: PluginWalk = {
  steps: [
    { call: () => ({ operationId: "settings.get", path: {} }) },
    { call: () => ({ operationId: "settings.set", path: {}, body: { publicUrl: "https://status.example.com" } }) },
  ],
  // Links fall back to the listen address again.
  cleanup: [{ call: () => ({ operationId: "settings.set", path: {}, body: { publicUrl: null } }) }],
};
