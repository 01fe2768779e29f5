/**
 * The page's stylesheet, inline so the page is one request and works without JavaScript. Colours are
 * custom properties: light by default, dark under data-theme="dark", and under "auto" when the visitor's
 * system prefers dark.
 */
export const PAGE_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--text:#111827;--muted:#5b6473;--line:#e3e6eb;--ok:#16a34a;--minor:#ca8a04;--partial:#ea580c;--major:#dc2626;--maint:#2563eb;--none:#c9ced6}
[data-theme=dark]{--bg:#0f1318;--card:#181d24;--text:#e8ebf0;--muted:#9aa3b1;--line:#2a313b;--none:#3a424e}
@media (prefers-color-scheme:dark){[data-theme=auto]{--bg:#0f1318;--card:#181d24;--text:#e8ebf0;--muted:#9aa3b1;--line:#2a313b;--none:#3a424e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}
.wrap{max-width:880px;margin:0 auto;padding:24px 16px 48px}
header.top{display:flex;align-items:center;gap:12px;margin-bottom:20px;flex-wrap:wrap}
header.top img{height:40px;width:auto}
header.top h1{font-size:1.5rem;margin:0}
header.top p{margin:4px 0 0;color:var(--muted)}
.banner{border-radius:10px;padding:16px 20px;color:#fff;font-weight:600;font-size:1.15rem;margin-bottom:24px}
.banner.none{background:var(--ok)}.banner.minor{background:var(--minor)}.banner.major{background:var(--partial)}.banner.critical{background:var(--major)}.banner.maintenance{background:var(--maint)}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;margin-bottom:20px;overflow:hidden}
section.card>h2{font-size:1rem;margin:0;padding:14px 20px;border-bottom:1px solid var(--line)}
.component{padding:14px 20px;border-bottom:1px solid var(--line)}
.component:last-child{border-bottom:0}
.row{display:flex;justify-content:space-between;gap:12px;align-items:baseline}
.name{font-weight:600}
.status{font-size:.9rem;font-weight:600}
.status.operational{color:var(--ok)}.status.degraded_performance{color:var(--minor)}.status.partial_outage{color:var(--partial)}.status.major_outage{color:var(--major)}.status.under_maintenance{color:var(--maint)}.status.nodata{color:var(--muted)}
.bars{display:flex;gap:2px;margin:10px 0 4px;height:32px}
.bar{flex:1;border-radius:2px;background:var(--none);min-width:1px}
.bar.ok{background:var(--ok)}.bar.minor{background:var(--minor)}.bar.partial{background:var(--partial)}.bar.major{background:var(--major)}
.bar:hover{opacity:.7}
.legend{display:flex;justify-content:space-between;color:var(--muted);font-size:.8rem}
.event{padding:14px 20px;border-bottom:1px solid var(--line)}
.event:last-child{border-bottom:0}
.event h3{margin:0 0 6px;font-size:1rem}
.event .when{color:var(--muted);font-size:.85rem}
.update{margin:8px 0 0;padding-left:12px;border-left:3px solid var(--line)}
.update strong{text-transform:capitalize}
.impact-critical h3,.impact-major h3{color:var(--major)}.impact-minor h3{color:var(--minor)}
.empty{padding:14px 20px;color:var(--muted);margin:0}
footer{color:var(--muted);font-size:.85rem;display:flex;gap:16px;flex-wrap:wrap;margin-top:24px}
form.subscribe{display:flex;gap:8px;flex-wrap:wrap;align-items:center;padding:14px 20px}
form.subscribe label{width:100%;font-size:.9rem;color:var(--muted)}
form.subscribe input[type=email]{flex:1;min-width:0;padding:8px 10px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--text);font:inherit}
form.subscribe button{padding:8px 16px;border:0;border-radius:6px;background:var(--accent);color:#fff;font:inherit;font-weight:600;cursor:pointer}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.wrap{padding:16px 10px 32px}.bars{gap:1px;height:28px}.banner{font-size:1rem}.component,.event{padding:12px 14px}}
`;
