import { createTheme, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter } from "react-router";
import { ShellRoutes } from "./shell-routes";

const theme = createTheme({ primaryColor: "teal", defaultRadius: "md" });

/** One query client for the shell and every plugin. */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not change by asking again.
      retry: (failures, error) => failures < 2 && !(typeof error === "object" && error !== null && "status" in error && Number(error.status) < 500),
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <ShellRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
