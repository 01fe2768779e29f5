import { Alert, Anchor, AppShell, Burger, Group, NavLink, ScrollArea, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { NavigationItem } from "@checkstack/frontend-api";
import { Link, Outlet, useLocation } from "react-router";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

function isActive(pathname: string, item: NavigationItem): boolean {
  return item.path === "/" ? pathname === "/" : pathname === item.path || pathname.startsWith(`${item.path}/`);
}

/** The frame of every signed-in page: header, navigation built from the user's rules, the page. */
export function Layout(props: { navigation: NavigationItem[]; failures: Array<{ pluginId: string; error: string }> }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const main = props.navigation.filter((item) => (item.section ?? "main") === "main");
  const admin = props.navigation.filter((item) => item.section === "admin");
  const link = (item: NavigationItem) => (
    <NavLink
      key={item.path}
      component={Link}
      to={item.path}
      label={item.label}
      variant="filled"
      active={isActive(pathname, item)}
      onClick={close}
      aria-current={isActive(pathname, item) ? "page" : undefined}
    />
  );
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? "Close navigation" : "Open navigation"} />
            <Anchor component={Link} to="/" fw={700} size="lg" c="inherit" underline="never">
              Checkstack
            </Anchor>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ThemeToggle visibleFrom="sm" />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          <Stack gap={2}>
            {main.map(link)}
            {admin.length > 0 ? (
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
                Administration
              </Text>
            ) : null}
            {admin.map(link)}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        {props.failures.map((failure) => (
          <Alert key={failure.pluginId} color="orange" mb="md" title={`The pages of plugin "${failure.pluginId}" could not be loaded`}>
            {failure.error}
          </Alert>
        ))}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
