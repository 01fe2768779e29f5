import type { AccessDecider } from "./access-decider";
import type { Logger } from "./logger";
import type { Principal } from "./principal";

/** The context every procedure handler receives. */
export interface RpcContext {
  /** Echoed in error responses and logs, and recorded with audited writes. */
  requestId: string;
  principal: Principal;
  /** The plugin whose router serves this call; unprefixed rule ids are qualified with it. */
  pluginId: string;
  access: AccessDecider;
  logger: Logger;
}
