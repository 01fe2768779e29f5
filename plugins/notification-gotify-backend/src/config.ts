import { secret } from "@checkstack/backend-api";
import { httpUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const gotifyConfigSchema = z.object({
  serverUrl: httpUrl("serverUrl").describe("The Gotify server's URL (e.g. https://gotify.example.com)."),
  appToken: secret(z.string().trim().min(1, "appToken cannot be empty").describe("The token of the Gotify application to post as (Apps → create application); stored encrypted.")),
});

export type GotifyConfig = z.output<typeof gotifyConfigSchema>;
