import { createContext, useContext, type ReactNode } from "react";
import type { ComponentType } from "react";

/** Who is signed in, as the shell learned it from the auth plugin. */
export interface ShellSession {
  user: { id: string; email: string; displayName: string } | undefined;
  /** Qualified rule ids the principal holds (the server still enforces every call). */
  rules: ReadonlySet<string>;
}

const SessionContext = createContext<ShellSession>({ user: undefined, rules: new Set() });
const SlotContext = createContext<Record<string, ComponentType<Record<string, unknown>>[]>>({});

/** The shell provides the session and every loaded plugin's slot contributions. */
export function ShellProvider(props: {
  session: ShellSession;
  slots: Record<string, ComponentType<Record<string, unknown>>[]>;
  children: ReactNode;
}) {
  return (
    <SessionContext.Provider value={props.session}>
      <SlotContext.Provider value={props.slots}>{props.children}</SlotContext.Provider>
    </SessionContext.Provider>
  );
}

/** The signed-in user and the rules they hold. */
export function useSession(): ShellSession {
  return useContext(SessionContext);
}

/** True when the signed-in principal holds the rule (for hiding controls; the server decides). */
export function useHasRule(rule: string): boolean {
  return useContext(SessionContext).rules.has(rule);
}

/** Renders what every plugin contributed to a slot, each with the same props. */
export function Slot(props: { name: string; props?: Record<string, unknown> }) {
  const contributions = useContext(SlotContext)[props.name] ?? [];
  return (
    <>
      {contributions.map((Contribution, index) => (
        <Contribution key={index} {...(props.props ?? {})} />
      ))}
    </>
  );
}
