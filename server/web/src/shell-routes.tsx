import { Alert, Center, Loader } from "@mantine/core";
import { holdsAll, ShellProvider, type FrontendRoute, type NavigationItem } from "@checkstack/frontend-api";
import type { ComponentType } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { useFrontendPlugins } from "./frontend-loader";
import { Layout } from "./layout";
import { useLiveBridge } from "./live-bridge";
import { NotFoundPage } from "./pages/not-found";
import { PluginsPage } from "./pages/plugins-page";
import { SetupPage } from "./pages/setup";
import { SignInPage } from "./pages/sign-in";
import { useShellSession } from "./session";

/** Pages the shell itself owns (the platform's plugin administration). */
const shellRoutes: FrontendRoute[] = [{ path: "/admin/plugins", component: PluginsPage, rules: ["plugins.plugin.read"] }];
const shellNavigation: NavigationItem[] = [{ label: "Plugins", path: "/admin/plugins", rules: ["plugins.plugin.read"], section: "admin", order: 80 }];

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** Where to go after signing in: a path of this site only (never another origin). */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in") ? next : "/";
}

export function ShellRoutes() {
  const { session, error } = useShellSession();
  const frontends = useFrontendPlugins();
  const location = useLocation();
  useLiveBridge(Boolean(session?.user));
  if (error) {
    return (
      <Center h="100vh" p="md">
        <Alert color="red" title="The server did not answer">
          {error.message}
        </Alert>
      </Center>
    );
  }
  // First-run setup needs no session (the link's token authorises it); a signed-in person has no use for it.
  if (location.pathname === "/setup" && session && !session.user) return <SetupPage />;
  if (!session || frontends.isPending) return <FullPageLoader />;
  if (!session.user) {
    if (location.pathname !== "/sign-in") return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
    return <SignInPage />;
  }
  const plugins = frontends.data?.plugins ?? [];
  // Only what the user's rules allow is routed and offered; the server checks every call anyway.
  const routes = [...shellRoutes, ...plugins.flatMap((plugin) => plugin.routes)].filter((route) => holdsAll(session.rules, route.rules));
  const navigation = [...shellNavigation, ...plugins.flatMap((plugin) => plugin.navigation)]
    .filter((item) => holdsAll(session.rules, item.rules))
    .sort((a, b) => (a.order ?? 50) - (b.order ?? 50) || a.label.localeCompare(b.label));
  const slots: Record<string, ComponentType<Record<string, unknown>>[]> = {};
  for (const plugin of plugins) for (const [name, list] of Object.entries(plugin.slots)) (slots[name] ??= []).push(...list);
  const home = routes.some((route) => route.path === "/") ? undefined : navigation[0]?.path;
  return (
    <ShellProvider session={session} slots={slots}>
      <Routes>
        <Route path="/sign-in" element={<Navigate to={safeNext(location.search)} replace />} />
        <Route path="/setup" element={<Navigate to="/" replace />} />
        <Route element={<Layout navigation={navigation} failures={frontends.data?.failures ?? []} />}>
          {routes.map((route) => (
            <Route key={route.path} path={route.path} element={<route.component />} />
          ))}
          {home ? <Route path="/" element={<Navigate to={home} replace />} /> : null}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ShellProvider>
  );
}
