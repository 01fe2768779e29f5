import { createInterface } from "node:readline/promises";
import { descriptionSchema, PLUGIN_TYPES, type PluginType } from "./options";

export interface Prompter {
  /** Resolves with the answer; rejects when input ends (Ctrl-D), so a closed terminal cannot loop forever. */
  ask(question: string): Promise<string>;
  close(): void;
}

export class PromptClosedError extends Error {
  override name = "PromptClosedError";
}

export function createTerminalPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const rl = createInterface({ input, output });
  let closed = false;
  const closedWaiters = new Set<() => void>();
  // In raw mode Ctrl-C reaches readline, not the process; without this it would only pause input.
  rl.on("SIGINT", () => rl.close());
  rl.on("close", () => {
    closed = true;
    for (const wake of closedWaiters) wake();
  });
  return {
    async ask(question) {
      if (closed) throw new PromptClosedError("input ended");
      let onClose: (() => void) | undefined;
      const ended = new Promise<never>((_, reject) => {
        onClose = () => reject(new PromptClosedError("input ended"));
        closedWaiters.add(onClose);
      });
      try {
        return await Promise.race([rl.question(question), ended]);
      } finally {
        if (onClose) closedWaiters.delete(onClose);
      }
    },
    close: () => rl.close(),
  };
}

const TYPE_ANSWERS: Record<string, PluginType> = { "": "backend", "1": "backend", "2": "common", "3": "frontend", "4": "both", b: "backend", c: "common", f: "frontend" };

export async function askType(prompter: Prompter, say: (text: string) => void): Promise<PluginType> {
  for (;;) {
    const answer = (await prompter.ask("Plugin type: 1) backend (with its -common)  2) common  3) frontend (with its -common)  4) all three [backend]: ")).trim().toLowerCase();
    const type = TYPE_ANSWERS[answer] ?? PLUGIN_TYPES.find((candidate) => candidate === answer);
    if (type) return type;
    say(`Answer backend, common, frontend or both (or 1, 2, 3, 4).\n`);
  }
}

/** Asks until `problem` finds nothing wrong with the name; it sees taken names too, not just bad spelling. */
export async function askName(prompter: Prompter, say: (text: string) => void, problem: (name: string) => string | undefined): Promise<string> {
  for (;;) {
    const name = (await prompter.ask("Plugin name (kebab-case, e.g. status-notes): ")).trim();
    const reason = problem(name);
    if (!reason) return name;
    say(`${reason}\n`);
  }
}

export async function askDescription(prompter: Prompter, say: (text: string) => void): Promise<string> {
  for (;;) {
    const parsed = descriptionSchema.safeParse(await prompter.ask("Description (optional): "));
    if (parsed.success) return parsed.data;
    say(`${parsed.error.issues[0]?.message ?? "invalid description"}\n`);
  }
}

export async function askConfirm(prompter: Prompter): Promise<boolean> {
  const answer = (await prompter.ask("Create it? [Y/n]: ")).trim().toLowerCase();
  return answer === "" || answer === "y" || answer === "yes";
}
