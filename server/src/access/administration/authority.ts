import { z } from "zod";
import { ForbiddenError, parseInput, type AuthorityTarget } from "@checkstack/backend-api";
import { currentDbScope } from "../../database/db-scope";
import type { PlatformDatabase } from "../../database/platform-database";
import { roleIdSchema, ruleIdSchema, subjectSchema } from "./inputs";
import { authorityGapQuery } from "../access-statements";

const targetSchema = z.object({
  subject: subjectSchema.optional(),
  roles: z.array(roleIdSchema).max(1000).optional(),
  rules: z.array(ruleIdSchema).max(1000).optional(),
  what: z.string().min(1).max(300),
});

const LISTED = 8;

/** "role:admin" and rule ids, as a sentence a refused caller can act on. */
function describeGap(missing: string[]): string {
  const admin = missing.includes("role:admin");
  const rules = missing.filter((entry) => entry !== "role:admin");
  const shown = rules.slice(0, LISTED).join(", ");
  const more = rules.length > LISTED ? ` and ${rules.length - LISTED} more` : "";
  const ruleText = rules.length > 0 ? `the access rule${rules.length > 1 ? "s" : ""} ${shown}${more}` : "";
  if (admin) return `the admin role${ruleText ? ` (${ruleText})` : ""}`;
  return ruleText;
}

/**
 * The one check against privilege escalation: the caller (the scope's
 * principal, read by Postgres) must hold every rule the target holds or would
 * be given (sql/022_authority.sql). Used by role assignment, role editing and
 * by every procedure that acts on an account or an API key.
 */
export function createAuthorityCheck(db: PlatformDatabase) {
  async function authorityGap(input: AuthorityTarget): Promise<string[]> {
    const target = parseInput(targetSchema, input, "authority target");
    // Outside any scope there is no principal: platform code (boot creating the first admin), which SQL lets through too.
    const scope = currentDbScope();
    if (!scope || scope.principal.type === "service") return [];
    const subject = target.subject ? JSON.stringify({ type: target.subject.type, id: target.subject.id }) : null;
    const [row] = await db.execute<{ missing: string[] }>(authorityGapQuery(subject, target.roles, target.rules)).then((result) => result.rows);
    return row?.missing ?? [];
  }

  async function requireAuthority(target: AuthorityTarget): Promise<void> {
    const missing = await authorityGap(target);
    if (missing.length === 0) return;
    throw new ForbiddenError(`You cannot ${target.what}: it needs ${describeGap(missing)}, which you do not hold yourself`, { data: { missing } });
  }

  return { authorityGap, requireAuthority };
}
