import { Checkbox, Group, NativeSelect, Stack, TextInput } from "@mantine/core";
import { WEEKDAYS, type Recurrence, type Weekday } from "./api";

const KINDS = [
  { value: "once", label: "Once" },
  { value: "daily", label: "Every day" },
  { value: "weekly", label: "Weekly, on chosen days" },
  { value: "monthly", label: "Monthly, on a day of the month" },
  { value: "cron", label: "Cron expression" },
];

const DAYS_OF_MONTH = [...Array.from({ length: 31 }, (_, index) => ({ value: String(index + 1), label: String(index + 1) })), { value: "last", label: "Last day of the month" }];

function withKind(kind: string): Recurrence {
  switch (kind) {
    case "daily":
      return { kind: "daily" };
    case "weekly":
      return { kind: "weekly", days: ["mon"] };
    case "monthly":
      return { kind: "monthly", dayOfMonth: 1 };
    case "cron":
      return { kind: "cron", expression: "0 2 * * sun" };
    default:
      return { kind: "once" };
  }
}

/** How a window repeats; each kind shows only the fields it needs. */
export function RecurrenceField(props: { value: Recurrence; onChange: (value: Recurrence) => void; errors: Record<string, string>; disabled?: boolean }) {
  const { value, errors } = props;
  return (
    <Stack gap="xs">
      <NativeSelect
        label="Repeats"
        description="Repeats keep the first occurrence's time of day and length, in the window's timezone."
        data={KINDS}
        value={value.kind}
        disabled={props.disabled}
        error={errors["recurrence"] ?? errors["recurrence.kind"]}
        onChange={(event) => props.onChange(withKind(event.currentTarget.value))}
      />
      {value.kind === "weekly" ? (
        <Checkbox.Group
          label="On"
          value={value.days}
          error={errors["recurrence.days"]}
          onChange={(days) => props.onChange({ kind: "weekly", days: days as Weekday[] })}
        >
          <Group gap="sm" mt={4} wrap="wrap">
            {WEEKDAYS.map((day) => (
              <Checkbox key={day.value} value={day.value} label={day.label} disabled={props.disabled} />
            ))}
          </Group>
        </Checkbox.Group>
      ) : null}
      {value.kind === "monthly" ? (
        <NativeSelect
          label="Day of the month"
          description="Months without that day are skipped; choose the last day to run at every month's end."
          data={DAYS_OF_MONTH}
          value={String(value.dayOfMonth)}
          disabled={props.disabled}
          error={errors["recurrence.dayOfMonth"]}
          onChange={(event) => {
            const picked = event.currentTarget.value;
            props.onChange({ kind: "monthly", dayOfMonth: picked === "last" ? "last" : Number(picked) });
          }}
        />
      ) : null}
      {value.kind === "cron" ? (
        <TextInput
          label="Cron expression"
          description="Five fields (minute hour day month weekday) giving the start times, e.g. 0 2 * * sun."
          value={value.expression}
          disabled={props.disabled}
          error={errors["recurrence.expression"]}
          onChange={(event) => props.onChange({ kind: "cron", expression: event.currentTarget.value })}
        />
      ) : null}
    </Stack>
  );
}
