import { chromium, type BrowserServer, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "./browser-settings";

export interface SessionOptions {
  executablePath: string;
  viewport: { width: number; height: number };
  ignoreHttpsErrors: boolean;
  /** Bounds the launch (Playwright kills a browser that does not come up in time). */
  timeoutMs: number;
}

/**
 * One Chromium process for one run. Launched as a server so that this code
 * holds the process itself: kill() ends it for certain, whatever state the
 * page or the protocol connection is in.
 */
export class BrowserSession {
  private ended: Promise<void> | undefined;

  private constructor(
    private readonly server: BrowserServer,
    readonly page: Page,
  ) {}

  static async launch(options: SessionOptions): Promise<BrowserSession> {
    const server = await chromium.launchServer({
      executablePath: options.executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: options.timeoutMs,
      // The platform handles its own signals; Chromium must not outlive a run, not the process.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    try {
      const browser = await chromium.connect(server.wsEndpoint(), { timeout: options.timeoutMs });
      const context = await browser.newContext({ viewport: options.viewport, ignoreHTTPSErrors: options.ignoreHttpsErrors });
      return new BrowserSession(server, await context.newPage());
    } catch (error) {
      await server.kill();
      throw error;
    }
  }

  /** The Chromium process id, for diagnostics and tests. */
  get pid(): number | undefined {
    return this.server.process().pid;
  }

  /**
   * Ends Chromium and removes its temporary profile; resolves when the process
   * has exited. Used after every run, not only on timeouts: the profile is
   * throwaway, and a polite close takes longer and can hang on a stuck page.
   */
  kill(): Promise<void> {
    this.ended ??= this.server.kill();
    return this.ended;
  }

}
