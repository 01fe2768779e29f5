import Mustache from "mustache";
import type { Page } from "@checkstack/statuspage-common";
import { PAGE_CSS } from "../public/page-styles";

/** The small pages a visitor without JavaScript lands on after a form or a link: a message, maybe a button. */
const MESSAGE_TEMPLATE = `<!doctype html>
<html lang="en" data-theme="{{theme}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{heading}} · {{title}}</title>
<meta name="color-scheme" content="{{colorScheme}}">
<style>{{{css}}}:root{--accent:{{accent}}}</style>
</head>
<body>
<div class="wrap">
<header class="top"><div><h1><a href="{{base}}" style="color:inherit;text-decoration:none">{{title}}</a></h1></div></header>
<main>
<section class="card"><h2>{{heading}}</h2><p class="empty" role="status">{{message}}</p>
{{#action}}<form method="post" action="{{url}}" class="subscribe"><input type="hidden" name="token" value="{{token}}"><button type="submit">{{label}}</button></form>{{/action}}
</section>
<footer><a href="{{base}}">Current status</a></footer>
</main>
</div>
</body>
</html>
`;

export interface MessagePage {
  heading: string;
  message: string;
  /** A form with one button, posting the token (the unsubscribe page's "Unsubscribe"). */
  action?: { url: string; token: string; label: string };
}

export function messagePageHtml(page: Pick<Page, "slug" | "title" | "theme" | "accentColor">, content: MessagePage): string {
  return Mustache.render(MESSAGE_TEMPLATE, {
    ...content,
    title: page.title,
    theme: page.theme,
    colorScheme: page.theme === "auto" ? "light dark" : page.theme,
    accent: page.accentColor,
    css: PAGE_CSS,
    base: `/status/${page.slug}`,
  });
}
