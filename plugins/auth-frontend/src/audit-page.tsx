import { Button, Code, Group, Stack, Text, TextInput } from "@mantine/core";
import { DataTable, PageHeader, QueryState, useApiQuery } from "@checkstack/frontend-api";
import { useState } from "react";
import { authApi } from "./api";

function changedFields(oldRow: unknown, newRow: unknown): Array<{ field: string; before: string; after: string }> {
  const before = (typeof oldRow === "object" && oldRow !== null ? oldRow : {}) as Record<string, unknown>;
  const after = (typeof newRow === "object" && newRow !== null ? newRow : {}) as Record<string, unknown>;
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields]
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: JSON.stringify(before[field]) ?? "", after: JSON.stringify(after[field]) ?? "" }));
}

/** The audit log: who changed which row when, with the fields before and after. */
export function AuditPage() {
  const [principal, setPrincipal] = useState("");
  const [tableName, setTableName] = useState("");
  const [cursor, setCursor] = useState<string | undefined>();
  const input = { limit: 50, ...(principal ? { principal } : {}), ...(tableName ? { tableName } : {}), ...(cursor ? { cursor } : {}) };
  const page = useApiQuery(authApi.utils.audit.list, input);
  return (
    <Stack>
      <PageHeader title="Audit log" description="Every change to the platform's data, by whom, newest first." />
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Principal" placeholder="user:<id>" value={principal} onChange={(event) => { setPrincipal(event.currentTarget.value); setCursor(undefined); }} />
        <TextInput label="Table" placeholder="systems" value={tableName} onChange={(event) => { setTableName(event.currentTarget.value); setCursor(undefined); }} />
      </Group>
      <QueryState query={page}>
        {(data) => (
          <>
            <DataTable
              rows={data.items}
              rowKey={(entry) => String(entry.id)}
              minWidth={700}
              empty={{ title: "No entries", hint: "Nothing matches these filters." }}
              columns={[
                { header: "When", cell: (entry) => <Text size="sm">{entry.at.toLocaleString()}</Text> },
                { header: "Who", cell: (entry) => <Text size="sm">{entry.principal}</Text> },
                {
                  header: "What",
                  cell: (entry) => (
                    <Text size="sm">
                      {entry.operation} {entry.schemaName}.{entry.tableName}
                    </Text>
                  ),
                },
                {
                  header: "Changes",
                  cell: (entry) =>
                    changedFields(entry.oldRow, entry.newRow)
                      .slice(0, 6)
                      .map((change) => (
                        <Text size="xs" key={change.field}>
                          <Code>{change.field}</Code>: {change.before.slice(0, 60) || "∅"} → {change.after.slice(0, 60) || "∅"}
                        </Text>
                      )),
                },
              ]}
            />
            <Group>
              {cursor ? <Button variant="default" onClick={() => setCursor(undefined)}>Newest</Button> : null}
              {data.nextCursor ? <Button variant="default" onClick={() => setCursor(data.nextCursor ?? undefined)}>Older entries</Button> : null}
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
