import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { createRoot } from "react-dom/client";
import { exposeSharedModules } from "./shared-registry";
import { App } from "./app";

// Before any plugin module is imported: they read the shared modules from here.
exposeSharedModules();

const root = document.getElementById("root");
if (root) createRoot(root).render(<App />);
