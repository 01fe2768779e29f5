import { createServiceRef } from "@checkstack/backend-api";

/**
 * What the maintenance plugin offers other backends (alerting's suppression
 * point). Answers from the database, so every instance agrees.
 */
export interface MaintenanceService {
  /**
   * The systems among `systemIds` inside a maintenance occurrence at `at`
   * (started at or before it, ending after it, not cancelled), each mapped to
   * that occurrence's id (record it as the suppression's reason). Systems not
   * under maintenance are absent. Runs in the caller's scope: call it from a
   * job or hook handler (as your service principal, which sees every window).
   */
  activeFor(systemIds: readonly string[], at: Date): Promise<Map<string, string>>;
}

/** deps: { maintenance: maintenanceServiceRef } in registerInit gives the MaintenanceService. */
export const maintenanceServiceRef = createServiceRef<MaintenanceService>("maintenance.maintenance");
