import { Button, Checkbox, NativeSelect, Stack, TextInput, Textarea } from "@mantine/core";
import { describeFailure, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useState, type FormEvent } from "react";
import { authApi, rules } from "./api";

export interface SystemFormValue {
  name: string;
  description: string;
  ownerTeamId: string;
  teamOnly: boolean;
}

/** Name, description and owner team of a system; the server's field errors under their fields. */
export function SystemForm(props: { initial?: SystemFormValue; submitLabel: string; onSubmit: (value: SystemFormValue) => Promise<unknown> }) {
  const [value, setValue] = useState<SystemFormValue>(props.initial ?? { name: "", description: "", ownerTeamId: "", teamOnly: false });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const mayReadTeams = useHasRule(rules.teamRead);
  const teams = useApiQuery(authApi.utils.teams.list, undefined, { enabled: mayReadTeams });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setErrors({});
    try {
      await props.onSubmit(value);
    } catch (error) {
      setErrors(describeFailure(error).fieldErrors);
    } finally {
      setPending(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <TextInput label="Name" required value={value.name} error={errors["name"]} onChange={(event) => setValue({ ...value, name: event.currentTarget.value })} />
        <Textarea
          label="Description"
          value={value.description}
          error={errors["description"]}
          onChange={(event) => setValue({ ...value, description: event.currentTarget.value })}
        />
        <NativeSelect
          label="Owner team"
          description="Members of the owner team may manage the system."
          value={value.ownerTeamId}
          error={errors["ownerTeamId"]}
          data={[{ value: "", label: "No owner team" }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))]}
          onChange={(event) => setValue({ ...value, ownerTeamId: event.currentTarget.value })}
        />
        <Checkbox
          label="Only the owner team may see it"
          checked={value.teamOnly}
          disabled={value.ownerTeamId === ""}
          onChange={(event) => setValue({ ...value, teamOnly: event.currentTarget.checked })}
        />
        <Button type="submit" loading={pending}>
          {props.submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
