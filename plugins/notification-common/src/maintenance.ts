import { createExtensionPoint } from "@checkstack/backend-api";

/** A system's maintenance at a moment, as a maintenance provider answers it. */
export interface MaintenanceWindow {
  /** Shown in the alert's timeline: "planned database upgrade". */
  title: string;
  endsAt?: string;
}

/**
 * The first suppression the alerting pipeline asks: "is system X in maintenance at time T?". The
 * maintenance plugin registers a provider here; until one is installed no system is ever in
 * maintenance. A provider that throws is logged and treated as "no maintenance": missing a page
 * is worse than an extra one.
 */
export interface MaintenanceProvider {
  id: string;
  windowAt(systemId: string, at: Date): Promise<MaintenanceWindow | null>;
}

/** Where maintenance providers register; owned by the notification plugin. */
export const maintenanceProviderExtensionPoint = createExtensionPoint<MaintenanceProvider>("notification.maintenance", {
  ownerPluginId: "notification",
});
