import { InputError, type ConfigReferences } from "@checkstack/backend-api";

/** Names ↔ ids of the resources of every section, kept current as an apply creates and deletes. */
export class ReferenceTable implements ConfigReferences {
  private readonly ids = new Map<string, Map<string, string>>();
  private readonly names = new Map<string, Map<string, string>>();

  record(section: string, name: string, id: string): void {
    this.sectionMap(this.ids, section).set(name, id);
    this.sectionMap(this.names, section).set(id, name);
  }

  forget(section: string, id: string): void {
    const name = this.names.get(section)?.get(id);
    this.names.get(section)?.delete(id);
    if (name !== undefined) this.ids.get(section)?.delete(name);
  }

  idOf(section: string, name: string, path?: string): string {
    const id = this.ids.get(section)?.get(name);
    if (id === undefined) {
      throw new InputError(`there is no ${section} resource named "${name}" (declare it in the file's ${section} section or create it first)`, path ? { path } : {});
    }
    return id;
  }

  nameOf(section: string, id: string): string | undefined {
    return this.names.get(section)?.get(id);
  }

  private sectionMap(maps: Map<string, Map<string, string>>, section: string): Map<string, string> {
    let map = maps.get(section);
    if (!map) {
      map = new Map();
      maps.set(section, map);
    }
    return map;
  }
}
