import { describe, expect, test } from "bun:test";
import { REPO_ROOT } from "../../platform-env";
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, runCreatePlugin, type CliIo } from "./cli";
import { parseCliOptions, UsageError } from "./options";
import { PromptClosedError, type Prompter } from "./prompts";

describe("parseCliOptions", () => {
  test("reads every flag", () => {
    const options = parseCliOptions(["--type", "both", "--name", "status-notes", "--description", " Notes on status ", "--dir", "x", "-y"]);
    expect(options).toEqual({ type: "both", name: "status-notes", description: "Notes on status", dir: "x", yes: true, help: false });
  });

  test("leaves out what was not given", () => {
    expect(parseCliOptions([])).toEqual({ type: undefined, name: undefined, description: undefined, dir: undefined, yes: false, help: false });
  });

  test.each([
    [["--type", "web"], "--type must be one of: backend, common, frontend, both"],
    [["--nmae", "x"], "Unknown option"],
    [["extra"], "positional"],
    [["--description", "two\nlines"], "single line"],
    [["--description", "x".repeat(201)], "at most 200"],
    [["--dir", " "], "--dir needs a path"],
  ])("refuses %p", (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(UsageError);
    expect(() => parseCliOptions(argv)).toThrow(message);
  });
});

/** Answers prompts from a script; running out of answers is like Ctrl-D. */
function scriptedPrompter(answers: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async ask(question) {
      asked.push(question);
      const answer = answers.shift();
      if (answer === undefined) throw new PromptClosedError("input ended");
      return answer;
    },
    close: () => undefined,
  };
}

function io(prompter?: Prompter): CliIo & { text(): string } {
  const lines: string[] = [];
  return {
    stdout: (text) => lines.push(text),
    stderr: (text) => lines.push(text),
    prompter,
    cwd: REPO_ROOT,
    repoRoot: REPO_ROOT,
    text: () => lines.join(""),
  };
}

// These runs stop before writing (declined, refused or out of input), so they can use the real repository.
describe("runCreatePlugin without writing", () => {
  test("--help prints the usage", async () => {
    const out = io();
    expect(await runCreatePlugin(["--help"], out)).toBe(EXIT_OK);
    expect(out.text()).toContain("npm run create");
  });

  test("without a terminal, --name and --yes are required", async () => {
    const missingName = io();
    expect(await runCreatePlugin(["--yes"], missingName)).toBe(EXIT_USAGE);
    expect(missingName.text()).toContain("--name is required");
    const missingYes = io();
    expect(await runCreatePlugin(["--name", "status-notes"], missingYes)).toBe(EXIT_USAGE);
    expect(missingYes.text()).toContain("--yes is required");
  });

  test("in a terminal it asks for type, name and description, re-asks on bad answers, and writes nothing when declined", async () => {
    const prompter = scriptedPrompter(["web", "2", "Bad_Name", "myfeature", "prompted-example", "An example", "n"]);
    const out = io(prompter);
    expect(await runCreatePlugin([], out)).toBe(EXIT_REFUSED);
    expect(prompter.asked).toHaveLength(7);
    const text = out.text();
    expect(text).toContain("Answer backend, common, frontend or both");
    expect(text).toContain('try "bad-name"');
    expect(text).toContain('plugin "myfeature" exists already');
    expect(text).toContain("prompted-example-common/");
    expect(text).not.toContain("prompted-example-backend/");
    expect(text).toContain("Nothing created.");
  });

  test("input ending mid-way creates nothing", async () => {
    const out = io(scriptedPrompter(["backend"]));
    expect(await runCreatePlugin([], out)).toBe(EXIT_REFUSED);
    expect(out.text()).toContain("Input ended; nothing was created.");
  });

  test("--yes asks nothing, even in a terminal", async () => {
    const prompter = scriptedPrompter([]);
    const out = io(prompter);
    expect(await runCreatePlugin(["--name", "auth", "--yes"], out)).toBe(EXIT_REFUSED);
    expect(prompter.asked).toEqual([]);
    expect(out.text()).toContain('"auth" is reserved');
  });
});
