/** The docs page's stylesheet (embedded in index.html: no external files, works from file://). */
export const CLIENT_CSS = String.raw`
:root {
  --bg: #ffffff; --fg: #1f2933; --muted: #6b7785; --line: #e3e8ee; --side: #f6f8fa; --accent: #0b6bcb;
  --model: #0b84a5; --source: #4c9a2a; --seed: #8e44ad; --snapshot: #c0631a; --test: #7b8794; --analysis: #34495e;
  --code-bg: #f4f6f8;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header { height: 48px; display: flex; align-items: center; gap: 16px; padding: 0 16px; border-bottom: 1px solid var(--line); background: #102a43; color: #fff; }
header .brand { font-weight: 700; color: #fff; white-space: nowrap; }
header .brand small { font-weight: 400; opacity: .7; margin-left: 6px; }
header input { flex: 1; max-width: 520px; padding: 6px 10px; border-radius: 4px; border: 1px solid #334e68; background: #243b53; color: #fff; font-size: 14px; }
header input::placeholder { color: #9fb3c8; }
header nav a { color: #d9e2ec; margin-left: 12px; }
#layout { display: flex; height: calc(100% - 48px); }
#sidebar { width: 300px; min-width: 200px; overflow: auto; border-right: 1px solid var(--line); background: var(--side); padding: 8px 4px 24px; font-size: 13px; }
#main { flex: 1; overflow: auto; padding: 20px 28px 60px; min-width: 0; }
#main.full { padding: 0; overflow: hidden; display: flex; flex-direction: column; }
.tree details > summary { cursor: pointer; padding: 2px 6px; border-radius: 3px; list-style: none; white-space: nowrap; }
.tree details > summary::-webkit-details-marker { display: none; }
.tree details > summary::before { content: "\25B8"; display: inline-block; width: 14px; color: var(--muted); }
.tree details[open] > summary::before { content: "\25BE"; }
.tree details > summary:hover { background: #e8edf2; }
.tree .kids { padding-left: 14px; }
.tree .count { color: var(--muted); font-size: 11px; margin-left: 4px; }
.tree a.leaf { display: block; padding: 1px 6px 1px 20px; color: var(--fg); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-radius: 3px; }
.tree a.leaf:hover { background: #e8edf2; text-decoration: none; }
.tree a.leaf.active { background: #d7e9fb; font-weight: 600; }
.results a { display: block; padding: 4px 8px; border-radius: 3px; color: var(--fg); }
.results a:hover, .results a.first { background: #e8edf2; text-decoration: none; }
.results .path { display: block; color: var(--muted); font-size: 11px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.results .none { padding: 8px; color: var(--muted); }
.badge { display: inline-block; font-size: 11px; line-height: 16px; padding: 0 6px; border-radius: 8px; color: #fff; background: var(--muted); vertical-align: middle; text-transform: lowercase; }
.badge.t-model { background: var(--model); } .badge.t-source { background: var(--source); } .badge.t-seed { background: var(--seed); }
.badge.t-snapshot { background: var(--snapshot); } .badge.t-test { background: var(--test); } .badge.t-analysis { background: var(--analysis); }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; margin: 0 4px 2px 0; border: 1px solid var(--line); border-radius: 3px; background: #fff; }
h1 { font-size: 24px; margin: 4px 0 4px; word-break: break-all; }
h2 { font-size: 16px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.head .sub { color: var(--muted); }
.jump a { margin-right: 14px; font-size: 13px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 5px 10px 5px 0; border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
table.kv th { width: 180px; }
td.mono, .mono { font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.md p { margin: 0 0 8px; } .md ul, .md ol { margin: 0 0 8px; padding-left: 22px; }
.md code, code { background: var(--code-bg); padding: 1px 4px; border-radius: 3px; font-size: 12.5px; }
pre { background: var(--code-bg); padding: 12px; border-radius: 4px; overflow: auto; font-size: 12.5px; line-height: 1.45; margin: 0; }
pre code { background: none; padding: 0; }
.codebar { display: flex; gap: 6px; margin-bottom: 6px; }
button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid #c7d0d9; border-radius: 4px; background: #fff; cursor: pointer; }
button.on { background: #102a43; color: #fff; border-color: #102a43; }
button:hover { border-color: var(--accent); }
.cols .tests span { display: inline-block; font-size: 11px; padding: 0 5px; margin: 0 3px 2px 0; border-radius: 3px; background: #e6f4ea; color: #1e6b34; }
.links { display: flex; gap: 40px; flex-wrap: wrap; }
.links ul { margin: 4px 0 0; padding-left: 18px; }
.links h3 { font-size: 13px; margin: 8px 0 0; color: var(--muted); }
.graph-box { position: relative; height: 420px; border: 1px solid var(--line); border-radius: 4px; overflow: hidden; background: #fbfcfd; }
.graph-box.big { flex: 1; height: auto; border: 0; border-radius: 0; }
.graph-box svg { width: 100%; height: 100%; display: block; cursor: grab; user-select: none; -webkit-user-select: none; }
.graph-box svg.dragging { cursor: grabbing; }
.graph-box .tools { position: absolute; right: 8px; top: 8px; display: flex; gap: 4px; }
.graph-box .note { position: absolute; left: 8px; bottom: 6px; font-size: 12px; color: var(--muted); background: rgba(255,255,255,.85); padding: 0 4px; }
.gtool { display: flex; gap: 8px; align-items: center; padding: 8px 12px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.gtool input[type=text] { flex: 1; min-width: 240px; max-width: 640px; padding: 5px 8px; border: 1px solid #c7d0d9; border-radius: 4px; font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.gtool .msg { color: var(--muted); font-size: 13px; }
.gn rect { fill: #fff; stroke: var(--model); stroke-width: 1.5; }
.gn text { font-size: 12px; fill: var(--fg); pointer-events: none; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
.gn { cursor: pointer; }
.gn.t-source rect { stroke: var(--source); } .gn.t-seed rect { stroke: var(--seed); } .gn.t-snapshot rect { stroke: var(--snapshot); }
.gn.t-test rect { stroke: var(--test); stroke-dasharray: 3 2; } .gn.t-analysis rect { stroke: var(--analysis); }
.gn .bar { stroke: none; fill: var(--model); }
.gn.t-source .bar { fill: var(--source); } .gn.t-seed .bar { fill: var(--seed); } .gn.t-snapshot .bar { fill: var(--snapshot); }
.gn.t-test .bar { fill: var(--test); } .gn.t-analysis .bar { fill: var(--analysis); }
.gn.focus rect { fill: #fff4d6; stroke-width: 3; }
.gn:hover rect, .gn.hl rect { fill: #eaf4ff; }
.ge { fill: none; stroke: #b3bfcc; stroke-width: 1.2; }
.ge.hl { stroke: var(--accent); stroke-width: 2; }
.ge.back { stroke-dasharray: 4 3; }
.dim .gn:not(.hl) { opacity: .35; } .dim .ge:not(.hl) { opacity: .25; }
.legend span { margin-right: 10px; font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.cards a { display: block; min-width: 120px; padding: 10px 14px; border: 1px solid var(--line); border-radius: 6px; color: var(--fg); }
.cards a b { display: block; font-size: 22px; }
.warn { background: #fff8e1; border: 1px solid #f5d77a; padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
`;
