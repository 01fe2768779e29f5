import { readAllPages, useHasRule } from "@checkstack/frontend-api";
import { useQuery } from "@tanstack/react-query";
import { authApi, catalogApi, notificationApi, rules } from "./api";

export interface Option {
  value: string;
  label: string;
}

/** Every system the user may see, as select options (read page by page, 500 a page). */
export function useSystemOptions() {
  const allowed = useHasRule(rules.systemRead);
  return useQuery({
    queryKey: [...catalogApi.utils.listSystems.key(), "notification-options"],
    enabled: allowed,
    queryFn: async (): Promise<Option[]> => {
      const systems = await readAllPages((cursor) => catalogApi.client.listSystems({ limit: 500, ...(cursor ? { cursor } : {}) }));
      return systems.map((system) => ({ value: system.id, label: system.name }));
    },
  });
}

/** Groups as select options; empty when the user may not read groups. */
export function useGroupOptions() {
  const allowed = useHasRule(rules.groupRead);
  return useQuery({
    queryKey: [...catalogApi.utils.listGroups.key(), "notification-options"],
    enabled: allowed,
    queryFn: async (): Promise<Option[]> => (await catalogApi.client.listGroups()).groups.map((group) => ({ value: group.id, label: group.name })),
  });
}

/** Teams as select options; empty when the user may not read teams. */
export function useTeamOptions() {
  const allowed = useHasRule(rules.teamRead);
  return useQuery({
    queryKey: [...authApi.utils.teams.list.key(), "notification-options"],
    enabled: allowed,
    queryFn: async (): Promise<Option[]> => (await authApi.client.teams.list()).map((team) => ({ value: team.id, label: team.name })),
  });
}

/** Channels as select options. */
export function useChannelOptions() {
  const allowed = useHasRule(rules.channelRead);
  return useQuery({
    queryKey: [...notificationApi.utils.listChannels.key(), "options"],
    enabled: allowed,
    queryFn: async (): Promise<Option[]> => (await notificationApi.client.listChannels()).channels.map((channel) => ({ value: channel.id, label: channel.name })),
  });
}

/** A label for an id from options, falling back to a shortened id (an item the user may not see). */
export function labelFor(options: Option[] | undefined, id: string): string {
  return options?.find((option) => option.value === id)?.label ?? `${id.slice(0, 8)}…`;
}
