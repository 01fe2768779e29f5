import { GlobalRegistrator } from "@happy-dom/global-registrator";

/**
 * A DOM (happy-dom) for component tests. Call it before importing React DOM
 * (dynamically): React DOM probes the DOM once, when it loads. The test file
 * removes it in its afterAll, so later files in the same run see the plain
 * runtime again.
 */
export function installTestDom(): void {
  if (!GlobalRegistrator.isRegistered) GlobalRegistrator.register({ url: "http://localhost/" });
  // Auto-sizing text areas listen for web fonts loading; happy-dom has no FontFaceSet.
  if (!("fonts" in document)) Object.defineProperty(document, "fonts", { value: new EventTarget(), configurable: true });
}

export async function removeTestDom(): Promise<void> {
  if (GlobalRegistrator.isRegistered) await GlobalRegistrator.unregister();
}
