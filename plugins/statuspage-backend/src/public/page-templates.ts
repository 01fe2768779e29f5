/**
 * Mustache templates of the public pages. Logic-less: every decision is made in page-html.ts, and every
 * {{value}} is HTML-escaped by Mustache ({{{…}}} is used only for the fixed stylesheet and for the uptime
 * bars, which page-html.ts writes itself, escaped, because they are 90 elements per component).
 */
const HEAD = `<!doctype html>
<html lang="en" data-theme="{{theme}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{pageTitle}}</title>
<meta name="color-scheme" content="{{colorScheme}}">
<link rel="alternate" type="application/rss+xml" title="{{title}} history (RSS)" href="{{base}}/history.rss">
<link rel="alternate" type="application/atom+xml" title="{{title}} history (Atom)" href="{{base}}/history.atom">
<style>{{{css}}}:root{--accent:{{accent}}}</style>
</head>
<body>
<div class="wrap">
<header class="top">
{{#logoUrl}}<img src="{{logoUrl}}" alt="">{{/logoUrl}}
<div><h1><a href="{{base}}" style="color:inherit;text-decoration:none">{{title}}</a></h1>{{#description}}<p>{{description}}</p>{{/description}}</div>
</header>
<main>`;

const FOOT = `</main>
<footer><a href="{{base}}">Current status</a><a href="{{base}}/history">History</a><a href="{{base}}/history.rss">RSS</a><a href="{{base}}/history.atom">Atom</a><a href="{{base}}/api/v2/summary.json">JSON API</a></footer>
</div>
</body>
</html>
`;

const EVENT = `<article class="event impact-{{impact}}" id="{{anchor}}">
<h3>{{title}}</h3>
<p class="when">{{when}}{{#affected}} · Affects {{affected}}{{/affected}}</p>
{{#updates}}<div class="update"><strong>{{status}}</strong> — {{body}} <span class="when">{{at}}</span></div>{{/updates}}
</article>`;

export const STATUS_TEMPLATE = `${HEAD}
<p class="banner {{indicator}}" role="status">{{bannerText}}</p>
{{#hasActiveIncidents}}<section class="card" aria-labelledby="active-incidents"><h2 id="active-incidents">Active incidents</h2>
{{#activeIncidents}}${EVENT}{{/activeIncidents}}
</section>{{/hasActiveIncidents}}
{{#hasMaintenance}}<section class="card" aria-labelledby="maintenance"><h2 id="maintenance">Maintenance</h2>
{{#maintenances}}${EVENT}{{/maintenances}}
</section>{{/hasMaintenance}}
{{#sections}}<section class="card" aria-label="{{title}}"><h2>{{title}}</h2>
{{#components}}<div class="component" id="component-{{id}}">
<div class="row"><span class="name">{{name}}</span><span class="status {{statusClass}}">{{statusText}}</span></div>
<div class="bars" role="img" aria-label="{{name}}: {{uptimeText}} uptime over the last 90 days">{{{bars}}}</div>
<div class="legend"><span>90 days ago</span><span>{{uptimeText}} uptime</span><span>Today</span></div>
</div>{{/components}}
</section>{{/sections}}
{{^sections}}<section class="card"><p class="empty">No systems are shown on this page yet.</p></section>{{/sections}}
<section class="card" aria-labelledby="recent"><h2 id="recent">Recent incidents</h2>
{{#recentIncidents}}${EVENT}{{/recentIncidents}}
{{^recentIncidents}}<p class="empty">No incidents in the last 90 days.</p>{{/recentIncidents}}
</section>
<section class="card" aria-labelledby="subscribe"><h2 id="subscribe">Get updates by e-mail</h2>
<form method="post" action="{{base}}/subscribe" class="subscribe"><label for="subscribe-email">E-mail address</label><input id="subscribe-email" type="email" name="email" required maxlength="254" autocomplete="email" placeholder="you@example.com"><button type="submit">Subscribe</button></form>
</section>
${FOOT}`;

export const HISTORY_TEMPLATE = `${HEAD}
<h2>Incident history</h2>
{{#months}}<section class="card" aria-label="{{month}}"><h2>{{month}}</h2>
{{#incidents}}${EVENT}{{/incidents}}
{{^incidents}}<p class="empty">No incidents.</p>{{/incidents}}
</section>{{/months}}
${FOOT}`;
