import { InputError, type ExtensionPointCollection, type NotificationChannelKind } from "@checkstack/backend-api";
import { z } from "zod";

/** The channel kinds installed right now (plugins come and go at run time). */
export class ChannelKinds {
  constructor(private readonly collection: ExtensionPointCollection<NotificationChannelKind>) {}

  find(id: string): NotificationChannelKind | undefined {
    return this.collection.list().find((entry) => entry.impl.id === id)?.impl;
  }

  require(id: string, path = "kind"): NotificationChannelKind {
    const kind = this.find(id);
    if (!kind) throw new InputError(`unknown channel kind "${id}"; installed: ${this.ids().join(", ") || "none"}`, { path });
    return kind;
  }

  ids(): string[] {
    return this.collection.list().map((entry) => entry.impl.id);
  }

  describe() {
    return this.collection.list().map(({ impl }) => ({
      id: impl.id,
      displayName: impl.displayName,
      description: impl.description ?? null,
      configJsonSchema: jsonSchemaOf(impl.configSchema),
    }));
  }
}

/** For forms; a schema zod cannot express as JSON Schema (a transform, say) is described as any object. */
function jsonSchemaOf(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: "any", io: "input" });
  } catch {
    return { type: "object" };
  }
}
