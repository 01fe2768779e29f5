/**
 * The page every client-side route answers with. The inline script applies
 * the saved colour scheme before the first paint (no light flash in dark mode).
 */
export function indexHtml(assets: { script: string; stylesheet: string | undefined }): string {
  const scheme = `try{var s=localStorage.getItem("mantine-color-scheme-value")||"auto";if(s==="auto")s=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";document.documentElement.setAttribute("data-mantine-color-scheme",s)}catch(e){}`;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>Checkstack</title>",
    assets.stylesheet ? `<link rel="stylesheet" href="/assets/${assets.stylesheet}">` : "",
    `<script>${scheme}</script>`,
    // Asked for by the shell as soon as it runs: fetched while the shell's script downloads.
    '<link rel="preload" href="/assets/frontend-plugins.json" as="fetch" crossorigin="anonymous">',
    "</head>",
    "<body>",
    '<div id="root"></div>',
    `<script type="module" src="/assets/${assets.script}"></script>`,
    "</body>",
    "</html>",
  ].join("\n");
}
