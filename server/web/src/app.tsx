import { createTheme, MantineProvider, type CSSVariablesResolver } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter } from "react-router";
import { ShellRoutes } from "./shell-routes";

// Shades and text colours chosen for WCAG AA contrast (4.5:1), checked by axe in the browser tests.
const theme = createTheme({
  colors: {
    // Teal, one step darker at the top so white text on it (and on its hover shade) keeps 4.5:1.
    brand: ["#e6fcf5", "#c3fae8", "#96f2d7", "#63e6be", "#38d9a9", "#20c997", "#12b886", "#0ca678", "#087f5b", "#066649"],
    // Red and green from shade 6 on (filled, light and text variants use 6) dark enough for 4.5:1 with white.
    red: ["#fff5f5", "#ffe3e3", "#ffc9c9", "#ffa8a8", "#ff8787", "#e03131", "#c92a2a", "#b02525", "#a02020", "#8f1c1c"],
    green: ["#ebfbee", "#d3f9d8", "#b2f2bb", "#8ce99a", "#69db7c", "#2f9e44", "#1e6b34", "#1a5e2d", "#165127", "#124420"],
  },
  primaryColor: "brand",
  // Text on filled colours: black from this luminance up (Mantine's default 0.3 puts white on mid greys).
  luminanceThreshold: 0.2,
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  defaultRadius: "md",
});

const contrastVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)", "--mantine-color-anchor": "var(--mantine-color-brand-9)" },
  dark: { "--mantine-color-dimmed": "var(--mantine-color-dark-1)" },
});

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
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={contrastVariables}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <ShellRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
