import type { AccessAdministration } from "@checkstack/backend-api";
import type { PlatformDatabase } from "../../database/platform-database";
import { createAuditQuery } from "./audit";
import { createAuthorityCheck } from "./authority";
import { createResourceGrantAdministration } from "./resource-grants";
import { createRoleAdministration } from "./roles";
import { createSubjectAdministration } from "./subjects";
import { createTeamAdministration } from "./teams";

/**
 * The platform's access-control rows, for the plugin that administers them.
 * Every query goes through the platform database, which joins the caller's
 * scope: changes are audited as the caller and roll back with its request.
 * Who may call which method is decided by the calling procedure's rules.
 */
export function createAccessAdministration(db: PlatformDatabase): AccessAdministration {
  const authority = createAuthorityCheck(db);
  return {
    ...authority,
    ...createRoleAdministration(db, authority),
    ...createSubjectAdministration(db, authority),
    ...createTeamAdministration(db),
    ...createResourceGrantAdministration(db),
    queryAudit: createAuditQuery(db),
  };
}
