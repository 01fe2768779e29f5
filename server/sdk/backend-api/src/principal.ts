/** Who is calling. Every request and every job runs as exactly one principal. */
export type Principal = AnonymousPrincipal | UserPrincipal | ApplicationPrincipal | ServicePrincipal;

/** A caller with no (valid) credentials. */
export interface AnonymousPrincipal {
  type: "anonymous";
}

/** A signed-in user, with the roles and teams the platform resolved for this request. */
export interface UserPrincipal {
  type: "user";
  id: string;
  email?: string;
  roles: string[];
  teams?: string[];
}

/** An application calling with an API key, with its roles and teams. */
export interface ApplicationPrincipal {
  type: "application";
  id: string;
  name?: string;
  roles: string[];
  teams?: string[];
}

/** A plugin acting on its own behalf (in-process calls, jobs, hooks). */
export interface ServicePrincipal {
  type: "service";
  pluginId: string;
}

/** The one anonymous principal. */
export const anonymousPrincipal: AnonymousPrincipal = { type: "anonymous" };

/** The principal a plugin acts as on its own behalf (jobs, hooks, in-process calls with actAs "service"). */
export function servicePrincipal(pluginId: string): ServicePrincipal {
  return { type: "service", pluginId };
}

/** A stable label for logs and audit rows: "user:42", "system:catalog" (a plugin acting for the platform), "anonymous". */
export function describePrincipal(principal: Principal): string {
  switch (principal.type) {
    case "anonymous":
      return "anonymous";
    case "service":
      return `system:${principal.pluginId}`;
    default:
      return `${principal.type}:${principal.id}`;
  }
}
