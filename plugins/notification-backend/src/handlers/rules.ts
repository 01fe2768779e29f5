import { NotFoundError } from "@checkstack/backend-api";
import { os, type NotificationRouterDeps } from "./implementer";

export function createRuleHandlers({ rules, ruleOwnership }: NotificationRouterDeps) {
  return {
    listRules: os.listRules.handler(async () => ({ rules: await rules.list() })),
    getRule: os.getRule.handler(({ input }) => rules.get(input.ruleId)),
    createRule: os.createRule.handler(async ({ input }) => {
      const { teamOnly, ...fields } = input;
      if (fields.ownerTeamId) await ruleOwnership.assertTeamExists(fields.ownerTeamId);
      const rule = await rules.create(fields);
      if (fields.ownerTeamId) await ruleOwnership.assign(rule.id, fields.ownerTeamId, teamOnly);
      return rule;
    }),
    updateRule: os.updateRule.handler(({ input }) => rules.update(input)),
    deleteRule: os.deleteRule.handler(async ({ input }) => {
      if (!(await rules.delete(input.ruleId))) throw new NotFoundError(`No rule with id ${input.ruleId}`);
      await ruleOwnership.forget(input.ruleId);
      return { deleted: true as const };
    }),
  };
}
