/**
 * The docs page's application script (plain browser JavaScript, no dependencies). It runs after the
 * shipped pure functions `layoutDag`, `renderMarkdown`, `selectGraphNodes` and `buildLineageSubset`
 * and reads the page data from `<script id="opp-data" type="application/json">`.
 *
 * Rules it keeps: every text from the manifest goes through `esc()` (or `renderMarkdown`, which escapes);
 * URLs are built with `encodeURIComponent`; routing is by location hash, so it works from file://.
 *
 * Kept as a String.raw template: the code must contain no backtick and no dollar-brace.
 */
export const CLIENT_APP_JS = String.raw`
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('opp-data').textContent);
  var NODES = DATA.nodes;
  var N = NODES.length;
  var PARENTS = new Array(N), CHILDREN = new Array(N), BY_ID = new Map();
  var TYPE_LABEL = { source: 'Sources', seed: 'Seeds', model: 'Models', snapshot: 'Snapshots', analysis: 'Analyses', test: 'Tests' };
  var TYPE_ORDER = ['source', 'seed', 'model', 'snapshot', 'analysis', 'test'];
  var AUTO_DRAW_LIMIT = 1500, MINI_LIMIT = 300, NODE_W = 190, NODE_H = 28;
  var i, j;
  for (i = 0; i < N; i++) { PARENTS[i] = NODES[i].deps || []; CHILDREN[i] = []; BY_ID.set(NODES[i].id, i); }
  for (i = 0; i < N; i++) for (j = 0; j < PARENTS[i].length; j++) CHILDREN[PARENTS[i][j]].push(i);
  var isTest = function (k) { return NODES[k].type === 'test'; };

  function esc(s) {
    return String(s == null ? '' : s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  function $(id) { return document.getElementById(id); }
  function href(k) { return '#!/node/' + encodeURIComponent(NODES[k].id); }
  function graphHref(select, tests) { return '#!/graph?select=' + encodeURIComponent(select || '') + (tests ? '&tests=1' : ''); }
  function badge(type) { return '<span class="badge t-' + esc(type) + '">' + esc(type) + '</span>'; }
  function nodeLink(k) { return '<a href="' + href(k) + '">' + esc(NODES[k].name) + '</a>'; }
  function byName(a, b) { var x = NODES[a].name.toLowerCase(), y = NODES[b].name.toLowerCase(); return x < y ? -1 : x > y ? 1 : a - b; }
  function json(v) { return typeof v === 'string' ? v : JSON.stringify(v); }

  // ---------------------------------------------------------------- navigation tree (lazy)
  var TREE = { name: '', kids: new Map(), leaves: [], count: 0 };
  for (i = 0; i < N; i++) {
    var n = NODES[i];
    var path = [TYPE_LABEL[n.type] || n.type].concat(n.folder || []);
    var f = TREE;
    f.count++;
    for (j = 0; j < path.length; j++) {
      var next = f.kids.get(path[j]);
      if (!next) { next = { name: path[j], kids: new Map(), leaves: [], count: 0 }; f.kids.set(path[j], next); }
      f = next;
      f.count++;
    }
    f.leaves.push(i);
  }
  function sortedKids(folder) {
    var kids = Array.from(folder.kids.values());
    if (folder === TREE) {
      kids.sort(function (a, b) { return groupRank(a.name) - groupRank(b.name); });
    } else kids.sort(function (a, b) { return a.name.localeCompare(b.name); });
    return kids;
  }
  function groupRank(label) {
    for (var r = 0; r < TYPE_ORDER.length; r++) if (TYPE_LABEL[TYPE_ORDER[r]] === label) return r;
    return 99;
  }
  function renderFolder(folder, container) {
    var html = [];
    var kids = sortedKids(folder);
    for (var k = 0; k < kids.length; k++) {
      html.push('<details data-name="' + esc(kids[k].name) + '"><summary>' + esc(kids[k].name) +
        '<span class="count">' + kids[k].count + '</span></summary><div class="kids"></div></details>');
    }
    var leaves = folder.leaves.slice().sort(byName);
    for (k = 0; k < leaves.length; k++) {
      html.push('<a class="leaf" data-i="' + leaves[k] + '" href="' + href(leaves[k]) + '" title="' + esc(NODES[leaves[k]].id) + '">' + esc(NODES[leaves[k]].name) + '</a>');
    }
    container.innerHTML = html.join('');
    var details = container.children;
    for (k = 0; k < kids.length; k++) details[k]._folder = kids[k];
  }
  function openFolder(details) {
    if (!details._rendered) { renderFolder(details._folder, details.lastElementChild); details._rendered = true; }
    details.open = true;
  }
  var treeEl = document.createElement('div');
  treeEl.className = 'tree';
  treeEl.addEventListener('toggle', function (e) {
    var d = e.target;
    if (d.tagName === 'DETAILS' && d.open && !d._rendered) openFolder(d);
  }, true);
  function revealInTree(k) {
    var path = [TYPE_LABEL[NODES[k].type] || NODES[k].type].concat(NODES[k].folder || []);
    var container = treeEl;
    for (var p = 0; p < path.length; p++) {
      var found = null;
      for (var c = 0; c < container.children.length; c++) {
        var el = container.children[c];
        if (el.tagName === 'DETAILS' && el._folder && el._folder.name === path[p]) { found = el; break; }
      }
      if (!found) return;
      openFolder(found);
      container = found.lastElementChild;
    }
    var prev = treeEl.querySelector('a.leaf.active');
    if (prev) prev.classList.remove('active');
    var leaf = container.querySelector('a.leaf[data-i="' + k + '"]');
    if (leaf) { leaf.classList.add('active'); if (leaf.scrollIntoView) leaf.scrollIntoView({ block: 'nearest' }); }
  }

  // ---------------------------------------------------------------- search
  var lowerNames = NODES.map(function (n) { return n.name.toLowerCase(); });
  var lowerRest = null;
  function searchText(k) {
    if (!lowerRest) {
      lowerRest = NODES.map(function (n) {
        var cols = (n.columns || []).map(function (c) { return c.name; }).join(' ');
        return (n.id + ' ' + (n.file || '') + ' ' + (n.tags || []).join(' ') + ' ' + cols + ' ' + (n.description || '')).toLowerCase();
      });
    }
    return lowerRest[k];
  }
  function search(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    var hits = [];
    for (var k = 0; k < N; k++) {
      var score = 0, ok = true;
      for (var t = 0; t < terms.length && ok; t++) {
        var term = terms[t], name = lowerNames[k];
        if (name === term) score += 100;
        else if (name.indexOf(term) === 0) score += 70;
        else if (name.indexOf(term) >= 0) score += 50;
        else if (searchText(k).indexOf(term) >= 0) score += 10;
        else ok = false;
      }
      if (ok) hits.push([score, k]);
    }
    hits.sort(function (a, b) {
      return b[0] - a[0] || TYPE_ORDER.indexOf(NODES[a[1]].type) - TYPE_ORDER.indexOf(NODES[b[1]].type) || byName(a[1], b[1]);
    });
    return hits;
  }
  var resultsEl = document.createElement('div');
  resultsEl.className = 'results';
  var lastHits = [];
  function showSearch(query) {
    if (!query.trim()) { resultsEl.remove(); $('sidebar').appendChild(treeEl); return; }
    lastHits = search(query);
    var html = [];
    var shown = Math.min(lastHits.length, 200);
    for (var h = 0; h < shown; h++) {
      var k = lastHits[h][1];
      html.push('<a href="' + href(k) + '"' + (h === 0 ? ' class="first"' : '') + '>' + badge(NODES[k].type) + ' ' + esc(NODES[k].name) +
        '<span class="path">' + esc(NODES[k].file || NODES[k].id) + '</span></a>');
    }
    if (lastHits.length === 0) html.push('<div class="none">No match.</div>');
    else if (lastHits.length > shown) html.push('<div class="none">' + (lastHits.length - shown) + ' more; refine the search.</div>');
    resultsEl.innerHTML = html.join('');
    treeEl.remove();
    $('sidebar').appendChild(resultsEl);
  }

  // ---------------------------------------------------------------- graph drawing
  function drawGraph(box, members, focus, note) {
    var local = new Map();
    members.forEach(function (g, l) { local.set(g, l); });
    var edges = [];
    members.forEach(function (g, l) {
      for (var p = 0; p < PARENTS[g].length; p++) {
        var from = local.get(PARENTS[g][p]);
        if (from !== undefined) edges.push([from, l]);
      }
    });
    var lay = layoutDag(members.length, edges, { nodeWidth: NODE_W, nodeHeight: NODE_H, gapX: 70, gapY: 10 });
    var back = new Set(lay.reversed);
    var svg = ['<svg xmlns="http://www.w3.org/2000/svg"><defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#b3bfcc"/></marker></defs><g class="vp">'];
    for (var e = 0; e < edges.length; e++) {
      var a = edges[e][0], b = edges[e][1];
      var x1 = lay.x[a] + NODE_W, y1 = lay.y[a] + NODE_H / 2, x2 = lay.x[b] - 2, y2 = lay.y[b] + NODE_H / 2;
      var dx = Math.max(30, Math.abs(x2 - x1) / 2);
      svg.push('<path class="ge' + (back.has(e) ? ' back' : '') + '" data-e="' + e + '" marker-end="url(#arr)" d="M' + x1 + ',' + y1 + 'C' + (x1 + dx) + ',' + y1 + ' ' + (x2 - dx) + ',' + y2 + ' ' + x2 + ',' + y2 + '"/>');
    }
    var maxChars = Math.floor((NODE_W - 22) / 6.6);
    for (var l = 0; l < members.length; l++) {
      var g = members[l], node = NODES[g];
      var label = node.name.length > maxChars ? node.name.slice(0, maxChars - 1) + '\u2026' : node.name;
      svg.push('<g class="gn t-' + esc(node.type) + (g === focus ? ' focus' : '') + '" data-l="' + l + '" transform="translate(' + lay.x[l] + ',' + lay.y[l] + ')">' +
        '<title>' + esc(node.type + ' ' + node.id) + '</title><rect width="' + NODE_W + '" height="' + NODE_H + '" rx="4"/>' +
        '<rect class="bar" width="5" height="' + NODE_H + '" rx="2"/><text x="12" y="18">' + esc(label) + '</text></g>');
    }
    svg.push('</g></svg>');
    box.innerHTML = svg.join('') + '<div class="tools"><button data-z="in" title="Zoom in">+</button><button data-z="out" title="Zoom out">\u2212</button><button data-z="fit" title="Fit to view">Fit</button></div>' +
      (note ? '<div class="note">' + esc(note) + '</div>' : '');
    var svgEl = box.querySelector('svg'), vp = box.querySelector('g.vp');
    var edgeEls = box.querySelectorAll('path.ge'), nodeEls = box.querySelectorAll('g.gn');
    var edgesOf = members.map(function () { return []; });
    for (e = 0; e < edges.length; e++) { edgesOf[edges[e][0]].push(e); edgesOf[edges[e][1]].push(e); }
    var view = { k: 1, tx: 0, ty: 0 };
    function apply() { vp.setAttribute('transform', 'translate(' + view.tx + ',' + view.ty + ') scale(' + view.k + ')'); }
    function fit() {
      var w = box.clientWidth || 800, h = box.clientHeight || 400, pad = 20; // the box: SVG clientWidth is 0 in some browsers
      var k = Math.min(1.2, (w - 2 * pad) / Math.max(1, lay.width), (h - 2 * pad) / Math.max(1, lay.height));
      var fl = focus === undefined || focus === null ? undefined : local.get(focus);
      if (k < 0.35 && fl !== undefined) {
        k = 0.8;
        view.k = k; view.tx = w / 2 - (lay.x[fl] + NODE_W / 2) * k; view.ty = h / 2 - (lay.y[fl] + NODE_H / 2) * k;
      } else {
        view.k = k; view.tx = (w - lay.width * k) / 2; view.ty = (h - lay.height * k) / 2;
      }
      apply();
    }
    function zoomAt(factor, px, py) {
      var k = Math.max(0.05, Math.min(4, view.k * factor));
      view.tx = px - (px - view.tx) * (k / view.k); view.ty = py - (py - view.ty) * (k / view.k); view.k = k; apply();
    }
    svgEl.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var r = svgEl.getBoundingClientRect();
      zoomAt(Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015)), ev.clientX - r.left, ev.clientY - r.top);
    }, { passive: false });
    var drag = null;
    svgEl.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0) return;
      var hit = ev.target.closest ? ev.target.closest('g.gn') : null;
      drag = { x: ev.clientX, y: ev.clientY, tx: view.tx, ty: view.ty, moved: false, node: hit };
      if (svgEl.setPointerCapture) svgEl.setPointerCapture(ev.pointerId);
    });
    svgEl.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) { drag.moved = true; svgEl.classList.add('dragging'); clearLit(); }
      if (drag.moved) { view.tx = drag.tx + dx; view.ty = drag.ty + dy; apply(); }
    });
    function endDrag(ev) {
      if (!drag) return;
      var d = drag;
      drag = null;
      svgEl.classList.remove('dragging');
      if (ev.type === 'pointerup' && !d.moved && d.node) location.hash = href(members[Number(d.node.getAttribute('data-l'))]);
    }
    svgEl.addEventListener('pointerup', endDrag);
    svgEl.addEventListener('pointercancel', endDrag);
    var lit = [];
    function clearLit() { for (var q = 0; q < lit.length; q++) lit[q].classList.remove('hl'); lit = []; svgEl.classList.remove('dim'); }
    svgEl.addEventListener('mouseover', function (ev) {
      var t = ev.target.closest ? ev.target.closest('g.gn') : null;
      clearLit();
      if (!t || drag) return;
      var l = Number(t.getAttribute('data-l'));
      lit.push(t);
      for (var q = 0; q < edgesOf[l].length; q++) {
        var ed = edgesOf[l][q];
        lit.push(edgeEls[ed]);
        lit.push(nodeEls[edges[ed][0]]);
        lit.push(nodeEls[edges[ed][1]]);
      }
      for (q = 0; q < lit.length; q++) lit[q].classList.add('hl');
      if (members.length > 2) svgEl.classList.add('dim');
    });
    svgEl.addEventListener('mouseleave', clearLit);
    box.querySelector('.tools').addEventListener('click', function (ev) {
      var z = ev.target.getAttribute && ev.target.getAttribute('data-z');
      var w = box.clientWidth / 2, h = box.clientHeight / 2;
      if (z === 'in') zoomAt(1.25, w, h); else if (z === 'out') zoomAt(0.8, w, h); else if (z === 'fit') fit();
    });
    fit();
  }
  function legend() {
    return '<div class="legend">' + TYPE_ORDER.map(function (t) {
      return '<span><i style="background:var(--' + t + ')"></i>' + t + '</span>';
    }).join('') + '</div>';
  }

  // ---------------------------------------------------------------- pages
  var main = $('main');
  function setMain(html, full) { main.className = full ? 'full' : ''; main.innerHTML = html; main.scrollTop = 0; }

  function renderOverview() {
    var counts = {};
    for (var k = 0; k < N; k++) counts[NODES[k].type] = (counts[NODES[k].type] || 0) + 1;
    var cards = TYPE_ORDER.filter(function (t) { return counts[t]; }).map(function (t) {
      return '<a href="' + graphHref('resource_type:' + t, t === 'test') + '"><b>' + counts[t] + '</b>' + esc(TYPE_LABEL[t]) + '</a>';
    }).join('');
    var html = '<div class="head"><h1>' + esc(DATA.project) + '</h1><div class="sub">Generated ' + esc(DATA.generatedAt) +
      (DATA.adapterType ? ' \u00b7 ' + esc(DATA.adapterType) : '') + (DATA.oppVersion ? ' \u00b7 opp ' + esc(DATA.oppVersion) : '') + '</div></div>' +
      '<div class="cards">' + cards + '</div>' +
      '<p><a href="' + graphHref('', false) + '">Open the lineage graph</a> \u00b7 press <code>/</code> to search</p>';
    if (DATA.catalogErrors && DATA.catalogErrors.length) {
      html += '<div class="warn"><b>Catalog errors</b><ul>' + DATA.catalogErrors.map(function (m) { return '<li>' + esc(m) + '</li>'; }).join('') + '</ul></div>';
    }
    if (DATA.overview) html += '<h2>Overview</h2><div class="md">' + renderMarkdown(DATA.overview) + '</div>';
    setMain(html, false);
  }

  function kv(label, value) { return value === undefined || value === null || value === '' ? '' : '<tr><th>' + esc(label) + '</th><td>' + value + '</td></tr>'; }
  function linkGroups(list) {
    if (!list.length) return '<p class="muted">None</p>';
    var groups = {};
    list.forEach(function (k) { (groups[NODES[k].type] = groups[NODES[k].type] || []).push(k); });
    return TYPE_ORDER.concat(Object.keys(groups).filter(function (t) { return TYPE_ORDER.indexOf(t) < 0; })).filter(function (t) { return groups[t]; }).map(function (t) {
      return '<h3>' + esc(TYPE_LABEL[t] || t) + '</h3><ul>' + groups[t].sort(byName).map(function (k) { return '<li>' + nodeLink(k) + '</li>'; }).join('') + '</ul>';
    }).join('');
  }

  function renderNode(k) {
    var n = NODES[k];
    var h = [];
    h.push('<div class="head">' + badge(n.type) + '<h1>' + esc(n.name) + '</h1><div class="sub mono">' + esc(n.id) + '</div></div>');
    h.push('<div class="jump"><a href="#sec-details">Details</a><a href="#sec-desc">Description</a>' + (n.columns ? '<a href="#sec-cols">Columns</a>' : '') +
      '<a href="#sec-lineage">Lineage</a><a href="#sec-refs">References</a>' + (n.raw || n.compiled ? '<a href="#sec-code">Code</a>' : '') + '</div>');
    var d = [];
    d.push(kv('Resource type', esc(n.type)));
    d.push(kv('Package', esc(n.pkg)));
    if (n.source) {
      d.push(kv('Source', esc(n.source.name)));
      if (n.source.identifier) d.push(kv('Identifier', '<span class="mono">' + esc(n.source.identifier) + '</span>'));
      d.push(kv('Loader', esc(n.source.loader)));
      d.push(kv('Loaded at field', n.source.loadedAtField ? '<span class="mono">' + esc(n.source.loadedAtField) + '</span>' : ''));
      if (n.source.freshness) d.push(kv('Freshness', '<span class="mono">' + esc(json(n.source.freshness)) + '</span>'));
    }
    d.push(kv('Relation', n.relation ? '<span class="mono">' + esc(n.relation) + '</span>' : ''));
    d.push(kv('Materialized', esc(n.materialized)));
    if (n.test) {
      d.push(kv('Test', esc(n.test.name)));
      if (n.test.attached !== undefined) d.push(kv('Tested node', nodeLink(n.test.attached)));
      d.push(kv('Column', n.test.column ? '<span class="mono">' + esc(n.test.column) + '</span>' : ''));
      if (n.test.kwargs) {
        var args = Object.keys(n.test.kwargs).filter(function (a) { return a !== 'model' && a !== 'column_name'; });
        d.push(kv('Arguments', args.map(function (a) { return '<span class="mono">' + esc(a) + ': ' + esc(json(n.test.kwargs[a])) + '</span>'; }).join('<br>')));
      }
    }
    d.push(kv('Tags', (n.tags || []).map(function (t) { return '<a class="tag" href="' + graphHref('tag:' + t, false) + '">' + esc(t) + '</a>'; }).join('')));
    d.push(kv('File', n.file ? '<span class="mono">' + esc(n.file) + '</span>' : ''));
    if (n.catalog) {
      d.push(kv('Table type', esc(n.catalog.type)));
      d.push(kv('Owner', esc(n.catalog.owner)));
      d.push(kv('Warehouse comment', esc(n.catalog.comment)));
      if (n.catalog.stats) Object.keys(n.catalog.stats).forEach(function (s) { d.push(kv(s, esc(n.catalog.stats[s]))); });
    }
    if (n.config) Object.keys(n.config).sort().forEach(function (c) { d.push(kv(c, '<span class="mono">' + esc(json(n.config[c])) + '</span>')); });
    if (n.meta) Object.keys(n.meta).sort().forEach(function (m) { d.push(kv('meta.' + m, '<span class="mono">' + esc(json(n.meta[m])) + '</span>')); });
    h.push('<h2 id="sec-details">Details</h2><table class="kv">' + d.join('') + '</table>');
    var desc = n.description;
    h.push('<h2 id="sec-desc">Description</h2>' + (desc ? '<div class="md">' + renderMarkdown(desc) + '</div>' : '<p class="muted">This ' + esc(n.type) + ' is not documented.</p>'));
    if (n.source && n.source.description) h.push('<h3>Source ' + esc(n.source.name) + '</h3><div class="md">' + renderMarkdown(n.source.description) + '</div>');
    if (n.columns) {
      h.push('<h2 id="sec-cols">Columns</h2><table class="cols"><tr><th>Column</th><th>Type</th><th>Description</th><th>Tests</th></tr>' +
        n.columns.map(function (c) {
          return '<tr><td class="mono">' + esc(c.name) + '</td><td class="mono">' + esc(c.type || '') + '</td><td class="md">' +
            (c.description ? renderMarkdown(c.description) : (c.comment ? esc(c.comment) : '')) + '</td><td class="tests">' +
            (c.tests || []).map(function (t) { return '<span>' + esc(t) + '</span>'; }).join('') + '</td></tr>';
        }).join('') + '</table>');
    }
    h.push('<h2 id="sec-lineage">Lineage</h2><div class="graph-box" id="mini"></div>' + legend() +
      '<p><a href="' + graphHref('+' + n.id + '+', n.type === 'test') + '">Open in the graph view</a></p>');
    h.push('<h2 id="sec-refs">References</h2><div class="links"><div><b>Depends on</b>' + linkGroups(PARENTS[k]) + '</div><div><b>Referenced by</b>' + linkGroups(CHILDREN[k]) + '</div></div>');
    if (n.raw || n.compiled) {
      h.push('<h2 id="sec-code">Code</h2><div class="codebar">' + (n.raw ? '<button data-code="raw" class="on">Source</button>' : '') +
        (n.compiled ? '<button data-code="compiled"' + (n.raw ? '' : ' class="on"') + '>Compiled</button>' : '') +
        '<button data-code="copy">Copy</button></div><pre><code id="code">' + esc(n.raw || n.compiled) + '</code></pre>');
    }
    setMain(h.join(''), false);
    var codeBar = main.querySelector('.codebar');
    if (codeBar) {
      var current = n.raw ? 'raw' : 'compiled';
      codeBar.addEventListener('click', function (ev) {
        var which = ev.target.getAttribute && ev.target.getAttribute('data-code');
        if (!which) return;
        if (which === 'copy') { if (navigator.clipboard) navigator.clipboard.writeText(n[current] || ''); return; }
        current = which;
        $('code').textContent = n[which] || '';
        Array.prototype.forEach.call(codeBar.querySelectorAll('button[data-code]'), function (b) { b.classList.toggle('on', b.getAttribute('data-code') === which); });
      });
    }
    var sub = buildLineageSubset(PARENTS, CHILDREN, k, MINI_LIMIT, function (x) { return isTest(x) && x !== k; });
    var note = sub.nodes.length < sub.total ? 'showing ' + sub.nodes.length + ' of ' + sub.total + ' nodes (' +
      (sub.upDepth === Infinity ? 'all' : sub.upDepth) + ' levels up, ' + (sub.downDepth === Infinity ? 'all' : sub.downDepth) + ' down)' : '';
    drawGraph($('mini'), sub.nodes, k, note);
    revealInTree(k);
    document.title = n.name + ' \u00b7 ' + DATA.project + ' docs';
  }

  function renderGraphPage(params) {
    var select = params.get('select') || '';
    var tests = params.get('tests') === '1';
    var html = '<form class="gtool" id="gform"><input type="text" id="gsel" placeholder="all nodes; e.g. +orders+  tag:nightly  path:models/marts  source:crm" value="' + esc(select) +
      '"><label><input type="checkbox" id="gtests"' + (tests ? ' checked' : '') + '> tests</label><button type="submit">Update</button><span class="msg" id="gmsg"></span>' + legend() + '</form><div class="graph-box big" id="gbox"></div>';
    setMain(html, true);
    $('gform').addEventListener('submit', function (ev) {
      ev.preventDefault();
      location.hash = graphHref($('gsel').value.trim(), $('gtests').checked);
    });
    var members;
    if (select.trim()) members = selectGraphNodes(NODES, PARENTS, CHILDREN, select);
    else { members = []; for (var k = 0; k < N; k++) members.push(k); }
    if (!tests) members = members.filter(function (x) { return !isTest(x); });
    var msg = $('gmsg');
    if (members.length === 0) { msg.textContent = 'Nothing matches.'; return; }
    var draw = function () { msg.textContent = members.length + ' nodes'; drawGraph($('gbox'), members, null, ''); };
    if (members.length <= AUTO_DRAW_LIMIT) { draw(); return; }
    $('gbox').innerHTML = '<div style="padding:24px"><p>' + members.length + ' nodes are selected. Narrow the selection (for example <code>+my_model+</code>, <code>path:models/marts</code> or <code>tag:daily</code>), or draw them all.</p><button id="gall">Draw all ' + members.length + ' nodes</button></div>';
    $('gall').addEventListener('click', draw);
  }

  function route() {
    var hash = location.hash || '';
    if (hash.indexOf('#!/node/') === 0) {
      var id;
      try { id = decodeURIComponent(hash.slice(8)); } catch (e) { id = ''; }
      var k = BY_ID.get(id);
      if (k !== undefined) { renderNode(k); return; }
      setMain('<h1>Not found</h1><p>No node <span class="mono">' + esc(id) + '</span> in this project.</p>', false);
      return;
    }
    if (hash.indexOf('#!/graph') === 0) {
      var q = hash.indexOf('?');
      renderGraphPage(new URLSearchParams(q >= 0 ? hash.slice(q + 1) : ''));
      document.title = 'Lineage \u00b7 ' + DATA.project + ' docs';
      return;
    }
    if (hash.indexOf('#sec-') === 0) return; // in-page jump links
    renderOverview();
    document.title = DATA.project + ' docs';
  }

  // ---------------------------------------------------------------- start
  $('project-name').textContent = DATA.project;
  renderFolder(TREE, treeEl);
  $('sidebar').appendChild(treeEl);
  var searchEl = $('search'), timer = null;
  searchEl.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { showSearch(searchEl.value); }, N > 2000 ? 120 : 40);
  });
  searchEl.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { showSearch(searchEl.value); if (lastHits.length) location.hash = href(lastHits[0][1]); }
    else if (ev.key === 'Escape') { searchEl.value = ''; showSearch(''); }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === '/' && document.activeElement !== searchEl && !(document.activeElement && document.activeElement.tagName === 'INPUT')) { ev.preventDefault(); searchEl.focus(); }
  });
  main.addEventListener('click', function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href^="#sec-"]') : null;
    if (!a) return;
    ev.preventDefault();
    var target = document.getElementById(a.getAttribute('href').slice(1));
    if (target) target.scrollIntoView();
  });
  window.addEventListener('hashchange', route);
  route();
})();
`;
