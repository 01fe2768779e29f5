import { Anchor, Badge, Button, Stack, Table, Text } from "@mantine/core";
import { ConfirmButton, EmptyState, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { Link } from "react-router";
import { healthcheckApi, rules } from "./api";

/** Every check the user may see, with links to edit them. */
export function ChecksPage() {
  const checks = useApiQuery(healthcheckApi.utils.listChecks, {});
  const mayManage = useHasRule(rules.checkManage);
  const remove = useApiMutation(healthcheckApi.utils.deleteCheck, { success: "Check deleted" });
  return (
    <Stack>
      <PageHeader
        title="Checks"
        description="Probes that run on a schedule and decide each system's status."
        actions={
          mayManage ? (
            <Button component={Link} to="/checks/new">
              New check
            </Button>
          ) : null
        }
      />
      <QueryState query={checks}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No checks yet" hint={mayManage ? "Create a check: pick a strategy (HTTP, TCP, DNS...), fill in its settings and the systems it watches." : "No check is visible to you yet."} />
          ) : (
            <Table.ScrollContainer minWidth={500}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Strategy</Table.Th>
                    <Table.Th>Interval</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((check) => (
                    <Table.Tr key={check.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/checks/${check.id}`}>
                          {check.name}
                        </Anchor>{" "}
                        {check.enabled ? null : <Badge color="gray">paused</Badge>}
                      </Table.Td>
                      <Table.Td>{check.strategyId}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{check.intervalSeconds} s</Text>
                      </Table.Td>
                      <Table.Td>
                        {mayManage ? (
                          <ConfirmButton
                            size="xs"
                            label="Delete"
                            aria-label={`Delete check ${check.name}`}
                            question={`Delete check "${check.name}" and its results?`}
                            onConfirm={() => remove.mutateAsync({ checkId: check.id })}
                          />
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}
