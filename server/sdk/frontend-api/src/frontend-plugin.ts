import type { ComponentType } from "react";

/** A page of a plugin, mounted by the shell's router at `path` (absolute, e.g. "/systems/:systemId"). */
export interface FrontendRoute {
  path: string;
  component: ComponentType;
  /** Qualified rule ids ("catalog.system.read"); the page is not routed unless the user holds all of them. */
  rules?: string[];
}

/** An entry of the shell's navigation; shown only when the user holds every rule listed. */
export interface NavigationItem {
  label: string;
  path: string;
  rules?: string[];
  /** "main" (default) or "admin": where the shell lists it. */
  section?: "main" | "admin";
  /** Lower first; ties by label. */
  order?: number;
}

/**
 * Named places other plugins' pages render (for example "system.detail.sections"):
 * each slot entry is a component given the slot's props.
 */
export type SlotContributions = Record<string, ComponentType<Record<string, unknown>>[]>;

/** A frontend plugin: what its module's default export is. */
export interface FrontendPlugin {
  pluginId: string;
  routes: FrontendRoute[];
  navigation: NavigationItem[];
  slots: SlotContributions;
}

/** Declares a frontend plugin; its module default-exports the result. */
export function createFrontendPlugin(definition: {
  pluginId: string;
  routes?: FrontendRoute[];
  navigation?: NavigationItem[];
  slots?: SlotContributions;
}): FrontendPlugin {
  return {
    pluginId: definition.pluginId,
    routes: definition.routes ?? [],
    navigation: definition.navigation ?? [],
    slots: definition.slots ?? {},
  };
}

/** True when `held` contains every rule of `required` (none required: true). */
export function holdsAll(held: ReadonlySet<string>, required: readonly string[] | undefined): boolean {
  return (required ?? []).every((rule) => held.has(rule));
}
