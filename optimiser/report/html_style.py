"""The look of the pages: report.html on a projected screen and on A4 paper (the summary fills the
first printed page, the details, collapsible on screen, follow from the second page on, printed
open), and the scenario comparison and sweep pages (PAGES_STYLE)."""

STYLE = """
:root{--ink:#1d2329;--muted:#5b6570;--line:#d5dbe1;--head:#eef2f6;--red:#b3261e;
--redbg:#fdecea;--amber:#8a5a00;--amberbg:#fff4dc;--blue:#1f5f99}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0 auto;padding:24px 32px;
max-width:1100px;font-size:15px;line-height:1.55}
h1{font-size:26px;line-height:1.25;margin:0 0 2px}
h2{font-size:18px;margin:18px 0 6px}
h3{font-size:15px;margin:14px 0 4px}
p{margin:4px 0}
h1 .sub{display:block;font-size:15px;font-weight:normal;color:var(--muted);margin:2px 0 10px}
.warning{border:2px solid var(--amber);background:var(--amberbg);color:#5a3b00;padding:6px 12px;
font-weight:bold;margin:8px 0}
.status{font-size:18px;font-weight:bold;margin:8px 0}
.status.ok{color:#1e6b3a}
.status.bad{color:var(--red)}
.stop{border:3px solid var(--red);background:var(--redbg);color:#6d1410;padding:8px 14px;
margin:8px 0}
.stop .sign{font-size:28px;font-weight:bold;letter-spacing:6px;margin:0}
.stop ul{margin:4px 0 0;padding-left:20px}
.tiles{display:flex;gap:10px;margin:10px 0}
.tile{flex:1;border:1px solid var(--line);border-radius:6px;padding:6px 12px;background:#fafbfc}
.tile .label{color:var(--muted);font-size:13px}
.tile .value{font-size:24px;font-weight:bold;line-height:1.3;white-space:nowrap}
.tile .value small{font-size:14px;font-weight:normal}
.tile .more{font-size:13px;color:var(--muted)}
.tile .more.ok{color:#1e6b3a}.tile .more.bad{color:var(--red);font-weight:bold}
figure{margin:6px 0}
figure svg{display:block;width:100%;height:auto}
figcaption{font-size:12px;color:var(--muted)}
.legend{font-size:12px;margin:2px 0 0;line-height:1.7}
.legend span{display:inline-block;margin-right:12px;white-space:nowrap}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}
ol.rules{margin:4px 0;padding-left:22px}
ol.rules li{margin:0 0 4px}
.cite{color:var(--muted);font-size:13px}
.more-note{color:var(--muted);font-size:13px}
section.details{margin-top:28px;border-top:2px solid var(--line);padding-top:8px}
details{border:1px solid var(--line);border-radius:6px;margin:10px 0;padding:0 12px}
details>summary{cursor:pointer;font-size:17px;font-weight:bold;padding:8px 0;
list-style-position:inside}
details[open]>summary{border-bottom:1px solid var(--line);margin-bottom:6px}
details .body{padding-bottom:10px}
table{border-collapse:collapse;font-size:13px;margin:6px 0;width:100%}
th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}
th{background:var(--head);font-weight:bold}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}
td.county,td.city{white-space:nowrap}tr.deep td.county{font-weight:bold}
tr.subtotal td{background:#f6f8fa;color:var(--muted)}
tr.total td{font-weight:bold;border-top:2px solid var(--ink)}
.paragraphs p{margin:6px 0}
ul.plain{margin:4px 0;padding-left:20px}
footer{margin-top:18px;color:var(--muted);font-size:12px}
@page{size:A4;margin:12mm}
@media print{
body{max-width:none;padding:0;font-size:10pt;line-height:1.4}
h1{font-size:17pt}h2{font-size:12pt;margin:8px 0 3px}
.status{font-size:12pt;margin:4px 0}
.warning{padding:3px 8px;margin:4px 0}h1 .sub{font-size:10pt;margin:1px 0 6px}
.tiles{gap:6px;margin:6px 0}.tile{padding:3px 8px}
.tile .value{font-size:13pt;line-height:1.25}.tile .label,.tile .more{font-size:8pt}
.legend{font-size:7.5pt;line-height:1.5}figcaption{font-size:7.5pt}
ol.rules{line-height:1.35}ol.rules li{margin:0 0 2px}.cite,.more-note{font-size:8pt}
section.first{break-after:page}.screen{display:none}
section.details{margin-top:0;border-top:none;padding-top:0}
details{border:none;padding:0;margin:0 0 8px}
details>summary{list-style:none;font-size:12pt;padding:4px 0}
details>summary::-webkit-details-marker{display:none}
details::details-content{content-visibility:visible;display:block}
table{font-size:8.5pt}th,td{padding:1px 4px}
thead{display:table-header-group}tr{break-inside:avoid}
}
"""

# Printing a page with closed <details> prints only their titles; the style above shows their
# content in print (Chromium), and this, where scripts run, opens them for the print and closes
# them again after. The page needs no script otherwise.
PRINT_SCRIPT = """
addEventListener('beforeprint',()=>{for(const d of document.querySelectorAll('details:not([open])'))
{d.open=true;d.dataset.closed='1'}});
addEventListener('afterprint',()=>{for(const d of document.querySelectorAll('details[data-closed]'))
{d.open=false;delete d.dataset.closed}});
"""

# the scenario comparison and the sweep pages: a table and a chart each, for the screen
PAGES_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",Arial,sans-serif;
margin:24px;color:#222;max-width:1100px}
h1{font-size:22px;margin-bottom:4px}
h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc;padding-bottom:2px}
.meta{color:#555;font-size:13px}
.warning{border:2px solid #c23b3b;background:#fdecea;color:#7a1f1f;padding:8px 12px;
font-weight:bold}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top;
white-space:pre-line}
th{background:#f2f4f7}td.n,td.s{text-align:right;white-space:nowrap}td.s{text-align:left}
tr.noplan td{background:#fdf3f2}tr.changed td{background:#fff8e6}
.note{color:#555;font-size:12px;margin:2px 0 12px}
svg text{font-family:inherit}
.conflict{color:#7a1f1f}
ol.changes li{margin:4px 0}
"""
