import { implement } from "@orpc/server";
import { autoAuthMiddleware, describePrincipal, NotFoundError, type RpcContext } from "@checkstack/backend-api";
import { maintenanceContract } from "@checkstack/maintenance-common";
import type { MaintenanceEvents } from "./events";
import type { WindowOwnership } from "./ownership";
import type { WindowService } from "./window-service";

/** Caller kinds, rules and instance access come from the contract's metadata (autoAuthMiddleware). */
const os = implement(maintenanceContract).$context<RpcContext>().use(autoAuthMiddleware);

type Surface<T> = Pick<T, keyof T>;

export interface MaintenanceRouterDeps {
  windows: Surface<WindowService>;
  ownership: Surface<WindowOwnership>;
  events: Pick<MaintenanceEvents, "windowChanged">;
  now?: () => Date;
}

const noSuchWindow = (id: string) => new NotFoundError(`No maintenance window with id ${id}`);

/** The maintenance plugin's procedures (POST /api/maintenance/<procedure>). */
export function createMaintenanceRouter({ windows, ownership, events, now = () => new Date() }: MaintenanceRouterDeps) {
  const detail = async (windowId: string) => {
    const found = await windows.get(windowId);
    if (!found) throw noSuchWindow(windowId);
    return found;
  };
  return os.router({
    listWindows: os.listWindows.handler(({ input }) => windows.list(input)),

    getWindow: os.getWindow.handler(({ input }) => detail(input.windowId)),

    createWindow: os.createWindow.handler(async ({ input, context }) => {
      const { teamOnly, ...fields } = input;
      if (fields.ownerTeamId) await ownership.assertTeamExists(fields.ownerTeamId);
      const created = await windows.create(fields, describePrincipal(context.principal), now());
      if (fields.ownerTeamId) await ownership.assign(created.id, fields.ownerTeamId, teamOnly ?? true);
      await events.windowChanged(created.systemIds);
      return created;
    }),

    updateWindow: os.updateWindow.handler(async ({ input }) => {
      const changed = await windows.update(input);
      if (!changed) throw noSuchWindow(input.windowId);
      await events.windowChanged([...new Set([...changed.before, ...changed.after])]);
      return detail(input.windowId);
    }),

    cancelWindow: os.cancelWindow.handler(async ({ input, context }) => {
      const cancelled = await windows.cancelWindow(input.windowId, describePrincipal(context.principal));
      // Already cancelled (or invisible): the answer is the window as it stands, or 404.
      if (cancelled) await events.windowChanged(cancelled.window.systemIds, cancelled.ended);
      return detail(input.windowId);
    }),

    cancelOccurrence: os.cancelOccurrence.handler(async ({ input, context }) => {
      const cancelled = await windows.cancelOccurrence(input.windowId, input.occurrenceId, describePrincipal(context.principal));
      if (!cancelled) throw new NotFoundError(`No occurrence ${input.occurrenceId} in maintenance window ${input.windowId}`);
      if (cancelled.changed) await events.windowChanged(cancelled.window.systemIds, cancelled.ended);
      return detail(input.windowId);
    }),

    publicMaintenances: os.publicMaintenances.handler(async ({ input }) => ({
      maintenances: await windows.publicMaintenances(input.systemIds, input.from, input.to),
    })),
  });
}
