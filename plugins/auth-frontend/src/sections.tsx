import { Card } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * Sections opened one by one, as native details/summary elements: keyboard
 * and screen-reader behaviour come from the browser.
 */
export function Sections(props: { items: Array<{ key: string; title: ReactNode; content: ReactNode }> }) {
  return (
    <>
      {props.items.map((item) => (
        <Card key={item.key} withBorder mb="xs" padding="sm">
          <details>
            <summary style={{ cursor: "pointer" }}>{item.title}</summary>
            <div style={{ paddingTop: 12 }}>{item.content}</div>
          </details>
        </Card>
      ))}
    </>
  );
}
