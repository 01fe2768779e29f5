import { and, asc, eq, inArray } from "drizzle-orm";
import type { Principal, Subject, TeamInfo } from "@checkstack/backend-api";
import type { PlatformDatabase } from "../../database/platform-database";
import { teamMembers, teams } from "../../database/access-schema";
import { newTeamSchema, subjectSchema, SYSTEM_ROLES, teamIdSchema } from "./inputs";
import { managesTeamQuery } from "../access-statements";
import { ConflictError, NotFoundError, parseInput } from "@checkstack/backend-api";

type TeamRow = typeof teams.$inferSelect;

/** Teams and their members; managers may run their own team. */
export function createTeamAdministration(db: PlatformDatabase) {
  async function toTeamInfos(rows: TeamRow[]): Promise<TeamInfo[]> {
    const ids = rows.map((row) => row.id);
    const members = ids.length
      ? await db
          .select()
          .from(teamMembers)
          .where(inArray(teamMembers.teamId, ids))
          .orderBy(asc(teamMembers.principalType), asc(teamMembers.principalId))
      : [];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      members: members
        .filter((member) => member.teamId === row.id)
        .map((member) => ({ type: member.principalType as Subject["type"], id: member.principalId, isManager: member.isManager })),
    }));
  }

  async function findTeam(id: string): Promise<TeamRow> {
    const teamId = parseInput(teamIdSchema, id, "team id");
    const [row] = await db.select().from(teams).where(eq(teams.id, teamId));
    if (!row) throw new NotFoundError(`No team with id ${teamId}`);
    return row;
  }

  async function listTeams(): Promise<TeamInfo[]> {
    return toTeamInfos(await db.select().from(teams).orderBy(asc(teams.name)));
  }

  async function createTeam(input: { name: string; description?: string }): Promise<TeamInfo> {
    const team = parseInput(newTeamSchema, input, "team");
    const [row] = await db
      .insert(teams)
      .values({ name: team.name, description: team.description ?? null })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError(`A team named "${team.name}" already exists`);
    return { id: row.id, name: row.name, description: row.description, members: [] };
  }

  async function deleteTeam(id: string): Promise<void> {
    const team = await findTeam(id);
    // Members and resource grants go with it (ON DELETE CASCADE).
    await db.delete(teams).where(eq(teams.id, team.id));
  }

  async function setTeamMember(teamId: string, member: Subject & { isManager: boolean }): Promise<void> {
    const team = await findTeam(teamId);
    const subject = parseInput(subjectSchema, { type: member.type, id: member.id }, "team member");
    const isManager = member.isManager === true;
    await db
      .insert(teamMembers)
      .values({ teamId: team.id, principalType: subject.type, principalId: subject.id, isManager })
      .onConflictDoUpdate({
        target: [teamMembers.teamId, teamMembers.principalType, teamMembers.principalId],
        set: { isManager },
      });
  }

  async function removeTeamMember(teamId: string, member: Subject): Promise<void> {
    const team = await findTeam(teamId);
    const subject = parseInput(subjectSchema, member, "team member");
    // Removing someone who is not a member is not an error: the outcome is the one asked for.
    await db
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.principalType, subject.type), eq(teamMembers.principalId, subject.id)));
  }

  async function teamsOf(input: Subject): Promise<string[]> {
    const subject = parseInput(subjectSchema, input, "subject");
    const rows = await db
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.principalType, subject.type), eq(teamMembers.principalId, subject.id)))
      .orderBy(asc(teamMembers.teamId));
    return rows.map((row) => row.teamId);
  }

  /**
   * Decided from the tables, never from the roles a principal carries (those
   * are informational). One query: a manager row, or an admin role assignment.
   */
  async function managesTeam(principal: Principal, teamId: string): Promise<boolean> {
    if (principal.type === "service") return true;
    if (principal.type === "anonymous") return false;
    const parsedTeam = teamIdSchema.safeParse(teamId);
    if (!parsedTeam.success) return false;
    const [row] = await db.execute<{ manages: boolean }>(managesTeamQuery(parsedTeam.data, principal, SYSTEM_ROLES.admin)).then((result) => result.rows);
    return row?.manages === true;
  }

  return { listTeams, createTeam, deleteTeam, setTeamMember, removeTeamMember, teamsOf, managesTeam };
}
