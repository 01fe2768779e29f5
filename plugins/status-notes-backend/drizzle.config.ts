import { defineConfig } from "drizzle-kit";

// `npm run drizzle-kit generate` in this folder writes migrations to drizzle/;
// the platform applies them to this plugin's schema when it loads the plugin.
export default defineConfig({
  schema: "./src/schema.ts",
  dialect: "postgresql",
  out: "./drizzle",
});
