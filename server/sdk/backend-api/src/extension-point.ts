/**
 * An extension point is owned by one plugin (which reads the implementations)
 * and extended by any number of plugins (which register implementations).
 */
export interface ExtensionPoint<T> {
  readonly id: string;
  readonly ownerPluginId: string;
  readonly __impl?: (impl: T) => T;
}

/** Declares an extension point owned by `ownerPluginId`, the only plugin that may read it with getExtensionPoint. */
export function createExtensionPoint<T>(id: string, options: { ownerPluginId: string }): ExtensionPoint<T> {
  return { id, ownerPluginId: options.ownerPluginId };
}

/** One implementation registered at an extension point, with the plugin that registered it. */
export interface RegisteredExtension<T> {
  /** The plugin that registered this implementation. */
  pluginId: string;
  impl: T;
}

/** The owner's live view: plugins installed or removed at runtime show up here. */
export interface ExtensionPointCollection<T> {
  list(): ReadonlyArray<RegisteredExtension<T>>;
  onChange(listener: () => void): () => void;
}
