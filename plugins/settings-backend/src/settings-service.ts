import type { ConfigService } from "@checkstack/backend-api";
import { defaultPublicUrl, type PlatformSettings } from "@checkstack/settings-common";
import { generalConfig } from "./config";

/** Reads and writes the platform settings; the environment supplies the default public URL. */
export class SettingsService {
  constructor(
    private readonly config: ConfigService,
    private readonly env: Record<string, string | undefined>,
  ) {}

  async read(): Promise<PlatformSettings> {
    const stored = (await this.config.get(generalConfig))?.publicUrl ?? null;
    if (stored !== null) return { publicUrl: stored, effectivePublicUrl: stored, source: "setting" };
    const fallback = defaultPublicUrl(this.env);
    return { publicUrl: null, effectivePublicUrl: fallback.url, source: fallback.source };
  }

  async setPublicUrl(publicUrl: string | null): Promise<PlatformSettings> {
    await this.config.set(generalConfig, { publicUrl });
    return this.read();
  }
}
