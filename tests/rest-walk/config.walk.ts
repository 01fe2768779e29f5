import type { PluginWalk } from "./walk-types";

const system = { name: "walk config system", description: "declared in a file" };

/** Configuration as code: export, apply a file that declares a system, and prune it away again at the end. */
export const configWalk: PluginWalk = {
  steps: [
    { call: () => ({ operationId: "config.export", path: {} }) },
    {
      call: () => ({ operationId: "config.apply", path: {}, body: { file: { systems: [system] } } }),
      after: (body) => {
        if ((body as { applied: boolean }).applied !== true) throw new Error(`the file was not applied: ${JSON.stringify(body)}`);
      },
    },
  ],
  cleanup: [{ call: () => ({ operationId: "config.apply", path: {}, body: { file: { systems: [] }, prune: true } }) }],
};
