/** The status-page benchmark's baseline: a bare Elysia route returning a fixed JSON document (STATIC_JSON). */
import { Elysia } from "elysia";

const body = process.env["STATIC_JSON"] ?? "{}";
const app = new Elysia().get("/static.json", () => new Response(body, { headers: { "content-type": "application/json" } }));
const server = Bun.serve({ port: Number(process.env["PORT"]), hostname: "127.0.0.1", fetch: (request) => app.handle(request) });
process.stdout.write(`listening ${server.port}\n`);
process.on("SIGTERM", () => {
  void server.stop(true).then(() => process.exit(0));
});
