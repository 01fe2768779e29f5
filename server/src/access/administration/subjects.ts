import { and, asc, eq, inArray } from "drizzle-orm";
import type { AuthorityTarget, Subject } from "@checkstack/backend-api";
import type { PlatformDatabase } from "../../database/platform-database";
import { principalRoles, roles, teamMembers } from "../../database/access-schema";
import { mapConstraintErrors } from "./errors";
import { roleIdSchema, subjectSchema, SYSTEM_ROLES } from "./inputs";
import { z } from "zod";
import { InputError, parseInput } from "@checkstack/backend-api";

const roleIdListSchema = z.array(roleIdSchema).max(1000);

/** Role assignments of users and applications (whose ids the auth plugin owns). */
export function createSubjectAdministration(db: PlatformDatabase, authority: { requireAuthority(target: AuthorityTarget): Promise<void> }) {
  const ofSubject = (subject: Subject) =>
    and(eq(principalRoles.principalType, subject.type), eq(principalRoles.principalId, subject.id));

  async function rolesOf(input: Subject): Promise<string[]> {
    const subject = parseInput(subjectSchema, input, "subject");
    const rows = await db.select({ roleId: principalRoles.roleId }).from(principalRoles).where(ofSubject(subject)).orderBy(asc(principalRoles.roleId));
    return rows.map((row) => row.roleId);
  }

  async function setRoles(input: Subject, roleIds: string[]): Promise<void> {
    const subject = parseInput(subjectSchema, input, "subject");
    // "users" is every user's implicit role: accepted (a UI may send it back) but never stored.
    const requested = [...new Set(parseInput(roleIdListSchema, roleIds, "role ids"))];
    if (requested.includes(SYSTEM_ROLES.anonymous)) {
      throw new InputError(`The "${SYSTEM_ROLES.anonymous}" role belongs to callers who are not signed in and cannot be assigned`);
    }
    if (subject.type === "application" && requested.includes(SYSTEM_ROLES.users)) {
      throw new InputError(`The "${SYSTEM_ROLES.users}" role is for users; assign applications other roles`);
    }
    const wanted = requested.filter((id) => id !== SYSTEM_ROLES.users);
    const known = wanted.length ? await db.select({ id: roles.id }).from(roles).where(inArray(roles.id, wanted)) : [];
    const unknown = wanted.filter((id) => !known.some((role) => role.id === id));
    if (unknown.length > 0) throw new InputError(`Unknown role${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);
    // The subject's current roles (taken away) and the new ones (handed out): both must be within the caller's own.
    await authority.requireAuthority({ subject, roles: wanted, what: `set the roles of ${subject.type} ${subject.id}` });
    await mapConstraintErrors(
      () =>
        db.transaction(async (tx) => {
          await tx.delete(principalRoles).where(ofSubject(subject));
          if (wanted.length > 0) {
            await tx
              .insert(principalRoles)
              .values(wanted.map((roleId) => ({ principalType: subject.type, principalId: subject.id, roleId })));
          }
        }),
      { foreignKey: "A role was deleted while the roles were being saved; try again" },
    );
  }

  async function forgetSubject(input: Subject): Promise<void> {
    const subject = parseInput(subjectSchema, input, "subject");
    await authority.requireAuthority({ subject, what: `remove ${subject.type} ${subject.id}` });
    await db.transaction(async (tx) => {
      await tx.delete(principalRoles).where(ofSubject(subject));
      await tx
        .delete(teamMembers)
        .where(and(eq(teamMembers.principalType, subject.type), eq(teamMembers.principalId, subject.id)));
    });
  }

  return { rolesOf, setRoles, forgetSubject };
}
