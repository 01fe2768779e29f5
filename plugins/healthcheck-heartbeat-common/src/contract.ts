import { oc } from "@orpc/contract";
import type { ProcedureMetadata } from "@checkstack/common";
import { heartbeatAccess as access } from "./access";
import { CheckIdInputSchema, HeartbeatStateSchema, PingUrlSchema } from "./schemas";

const base = oc.$meta<ProcedureMetadata>({});

export const heartbeatContract = {
  /** What the check last heard; the caller must be able to see the check. */
  getHeartbeat: base
    .meta({ operationType: "query", userType: "authenticated", access: [access.read.id] })
    .input(CheckIdInputSchema)
    .output(HeartbeatStateSchema),

  /** Mints the check's ping URL, replacing (and so revoking) any earlier one; the token is shown only here. */
  regeneratePingUrl: base
    .meta({ operationType: "mutation", userType: "authenticated", access: [access.manage.id] })
    .input(CheckIdInputSchema)
    .output(PingUrlSchema),
};
