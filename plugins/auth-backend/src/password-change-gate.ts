import type { UserPrincipal } from "@checkstack/backend-api";

/**
 * What a session may still do while its account must change its password
 * (a generated first-admin password, which has been in the log): change it,
 * see who it is, sign out. The platform refuses every other procedure.
 */
export const PASSWORD_CHANGE_PROCEDURES = ["auth/account/changePassword", "auth/session/me", "auth/session/rules", "auth/session/logout"];

export const PASSWORD_CHANGE_REASON =
  "Your password must be changed before you can do anything else: call auth/account/changePassword with the current and a new password";

export function passwordChangeRestriction(): NonNullable<UserPrincipal["restrictedTo"]> {
  return { procedures: [...PASSWORD_CHANGE_PROCEDURES], reason: PASSWORD_CHANGE_REASON };
}
