import { callerClient, defineConfigSection, type ConfigSection, type RpcClient } from "@checkstack/backend-api";
import { AuthApi } from "@checkstack/auth-common";
import { z } from "zod";

const TeamItemSchema = z.object({ name: z.string().trim().min(1).max(200) }).strict();

/**
 * The `teams` section of checkstack.yaml. It calls the auth procedures in-process as the caller
 * (the same checks as the API), inside the config apply's transaction. Teams are identified by name
 * only, so a team never needs an update.
 */
export function teamsConfigSection(rpcClient: () => RpcClient | undefined): ConfigSection {
  const client = () => callerClient(rpcClient(), AuthApi);
  return defineConfigSection({
    name: "teams",
    schema: TeamItemSchema,
    async export() {
      const teams = await client().teams.list();
      return teams.map((team) => ({ id: team.id, item: { name: team.name } }));
    },
    async apply(change) {
      if (change.action === "create") return { id: (await client().teams.create({ name: change.item.name })).id };
      if (change.action === "delete") await client().teams.delete({ teamId: change.id });
      return undefined;
    },
  });
}
