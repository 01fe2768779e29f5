import { Button, Menu, useMantineColorScheme } from "@mantine/core";
import { useSession } from "@checkstack/frontend-api";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { authApi } from "./apis";

/** The signed-in user's name, their account page and signing out. */
export function UserMenu() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  if (!user) return null;
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="subtle" size="compact-sm" aria-label={`Account menu of ${user.displayName}`}>
          {user.displayName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/account">
          Account
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>Theme (now {colorScheme === "auto" ? "as the system" : colorScheme})</Menu.Label>
        <Menu.Item onClick={() => setColorScheme("light")}>Light</Menu.Item>
        <Menu.Item onClick={() => setColorScheme("dark")}>Dark</Menu.Item>
        <Menu.Item onClick={() => setColorScheme("auto")}>As the system</Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          onClick={async () => {
            await authApi.client.session.logout();
            queryClient.clear();
            window.location.assign("/sign-in");
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
