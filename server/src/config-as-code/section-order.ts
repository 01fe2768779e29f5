import { InputError, type ConfigSection } from "@checkstack/backend-api";

/** Sections ordered so that every section comes after the sections it references (those present). */
export function orderSections(sections: ReadonlyArray<ConfigSection>): ConfigSection[] {
  const byName = new Map(sections.map((section) => [section.name, section]));
  const ordered: ConfigSection[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (section: ConfigSection, trail: string[]) => {
    const seen = state.get(section.name);
    if (seen === "done") return;
    if (seen === "visiting") throw new InputError(`config sections reference each other in a cycle: ${[...trail, section.name].join(" → ")}`);
    state.set(section.name, "visiting");
    for (const reference of section.references ?? []) {
      const target = byName.get(reference);
      if (target) visit(target, [...trail, section.name]);
    }
    state.set(section.name, "done");
    ordered.push(section);
  };
  for (const section of [...sections].sort((a, b) => a.name.localeCompare(b.name))) visit(section, []);
  return ordered;
}
