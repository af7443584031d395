import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../src/adapters/index.js';
import { buildManifestJson } from '../../../src/artifacts/index.js';
import { buildCatalog, writeDocsSite, type CatalogJson } from '../../../src/docs/index.js';
import { clearSecrets, registerSecret } from '../../../src/errors/index.js';
import type { MiniElement, MiniPage } from './mini-dom.js';
import { loadPage } from './mini-dom.js';
import { buildShopManifest, buildWarehouse, EVIL_DESCRIPTION, openDuckDB } from './docs-fixture.js';

/** Elements or attributes in the rendered page that only an injection could have produced. */
function injected(root: MiniElement): string[] {
  const bad: string[] = [];
  for (const el of root.descendants()) {
    if (['SCRIPT', 'IMG', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) bad.push(el.tagName);
    for (const [name, value] of el.attributes) {
      if (name.startsWith('on')) bad.push(`${el.tagName}[${name}]`);
      if ((name === 'href' || name === 'src') && /^\s*(javascript|data|vbscript):/i.test(value)) bad.push(`${el.tagName}[${name}=${value}]`);
    }
  }
  return bad;
}

describe('writeDocsSite', () => {
  let dir: string;
  let adapter: Adapter;
  let catalog: CatalogJson;
  let manifestJson: Record<string, unknown>;
  let html: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opp-docs-site-'));
    adapter = await openDuckDB();
    await buildWarehouse(adapter);
    const manifest = buildShopManifest('memory');
    catalog = await buildCatalog(adapter, manifest);
    manifestJson = buildManifestJson(manifest, { oppVersion: '0.1.0' });
    // As `opp docs generate` will after compiling: dbt's compiled_code on the node.
    const nodes = manifestJson.nodes as Record<string, Record<string, unknown>>;
    nodes['model.proj.orders']!.compiled_code = 'select id, amount from "memory"."analytics"."stg_orders"';
    const files = await writeDocsSite(join(dir, 'target'), manifestJson, catalog, { oppVersion: '0.1.0' });
    expect(files.indexPath).toBe(join(dir, 'target', 'index.html'));
    html = await readFile(files.indexPath, 'utf8');
  });
  afterAll(async () => {
    await adapter.close();
    await rm(dir, { recursive: true, force: true });
    clearSecrets();
  });

  it('writes index.html, manifest.json and catalog.json, and nothing else', async () => {
    expect((await readdir(join(dir, 'target'))).sort()).toEqual(['catalog.json', 'index.html', 'manifest.json']);
    const catalogBack = JSON.parse(await readFile(join(dir, 'target', 'catalog.json'), 'utf8')) as CatalogJson;
    expect(Object.keys(catalogBack.nodes)).toEqual(['model.proj.orders', 'model.proj.stg_orders']);
    const manifestBack = JSON.parse(await readFile(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, unknown> };
    expect(Object.keys(manifestBack.nodes)).toContain('model.proj.customers_report');
  });

  it('contains every documented node and source, and never the raw script of a description', () => {
    for (const id of ['model.proj.orders', 'model.proj.stg_orders', 'model.proj.customers_report', 'source.proj.crm.customers', 'test.proj.unique_orders_id.abc123']) {
      expect(html).toContain(`"id":"${id}"`);
    }
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('\\u003cscript>alert(\\"xss\\")\\u003c/script>');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i); // nothing loaded from the network
  });

  describe('the page, run against a minimal DOM', () => {
    let page: MiniPage;
    beforeAll(() => {
      page = loadPage(html);
    });

    it('opens on the overview: project, counts per type, the __overview__ doc, and the navigation tree', () => {
      const main = page.main();
      expect(main.querySelector('h1')!.textContent).toBe('proj');
      expect(main.textContent).toContain('4Models'); // customers_report, eph, orders, stg_orders
      expect(main.textContent).toContain('1Sources');
      expect(main.querySelector('.md h3')!.textContent).toBe('Shop');
      const tree = page.document.getElementById('sidebar')!;
      const groups = tree.querySelectorAll('details').map((d) => d.getAttribute('data-name'));
      expect(groups).toEqual(['Sources', 'Models', 'Tests']);
    });

    it('renders a model page: description escaped, columns with catalog types and tests, code, references', () => {
      page.navigate('#!/node/model.proj.orders');
      const main = page.main();
      expect(main.querySelector('h1')!.textContent).toBe('orders');
      expect(injected(page.main())).toEqual([]);
      expect(injected(page.document.getElementById('sidebar')!)).toEqual([]);
      expect(main.querySelector('#sec-desc')).not.toBeNull();
      expect(main.textContent).toContain('<script>alert("xss")</script>'); // shown as text
      const rows = main.querySelectorAll('table.cols tr').slice(1).map((tr) => tr.querySelectorAll('td').map((td) => td.textContent));
      expect(rows).toEqual([
        ['id', 'INTEGER', 'The order key, see stg_orders.', 'unique'],
        ['amount', 'DECIMAL(10,2)', 'Amount in dollars', ''],
        ['customer_id', 'INTEGER', '', ''],
        ['Status', 'VARCHAR', '', ''],
      ]);
      expect(main.querySelector('#code')!.textContent).toBe("select 1 as id");
      main.querySelector('button[data-code="compiled"]')!.dispatch('click');
      expect(main.querySelector('#code')!.textContent).toContain('"memory"."analytics"."stg_orders"');
      const refs = main.querySelector('.links')!.textContent;
      expect(refs).toContain('stg_orders');
      expect(refs).toContain('customers_report');
      expect(refs).toContain('unique_orders_id');
      expect(main.textContent).toContain('one row per order'); // the warehouse comment
      // The tree reveals and highlights the node.
      expect(page.document.querySelector('a.leaf.active')!.textContent).toBe('orders');
    });

    it('draws the lineage of a node as SVG and navigates when a node is clicked', () => {
      page.navigate('#!/node/model.proj.orders');
      const mini = page.document.getElementById('mini')!;
      const labels = mini.querySelectorAll('g.gn').map((g) => g.querySelector('text')!.textContent);
      // Upstream and downstream of orders; the sibling eph and the test are not lineage.
      expect(labels.sort()).toEqual(['customers', 'customers_report', 'orders', 'stg_orders']);
      expect(mini.querySelectorAll('path.ge')).toHaveLength(3);
      expect(mini.querySelector('g.gn.focus')!.textContent).toContain('orders');
      const target = mini.querySelectorAll('g.gn').find((g) => g.querySelector('text')!.textContent === 'stg_orders')!;
      target.querySelector('rect')!.dispatch('pointerdown');
      target.querySelector('rect')!.dispatch('pointerup');
      expect(page.location.hash).toBe('#!/node/model.proj.stg_orders');
      expect(page.main().querySelector('h1')!.textContent).toBe('stg_orders');
    });

    it('renders source and test pages', () => {
      page.navigate('#!/node/source.proj.crm.customers');
      let main = page.main();
      expect(main.textContent).toContain('opp extract');
      expect(main.querySelector('.md strong')!.textContent).toBe('CRM');
      expect(main.querySelectorAll('table.cols td.mono').map((td) => td.textContent)).toContain('TIMESTAMP');
      page.navigate('#!/node/test.proj.unique_orders_id.abc123');
      main = page.main();
      expect(main.textContent).toContain('Tested node');
      expect(main.querySelector('table.kv a')!.getAttribute('href')).toBe('#!/node/model.proj.orders');
    });

    it('shows the whole-project graph and a selection, without tests unless asked', () => {
      page.navigate('#!/graph?select=');
      expect(page.document.getElementById('gbox')!.querySelectorAll('g.gn')).toHaveLength(5);
      page.navigate(`#!/graph?select=${encodeURIComponent('+orders')}&tests=1`);
      const names = page.document.getElementById('gbox')!.querySelectorAll('g.gn').map((g) => g.querySelector('text')!.textContent).sort();
      expect(names).toEqual(['customers', 'orders', 'stg_orders']);
      page.navigate(`#!/graph?select=${encodeURIComponent('orders+')}&tests=1`);
      expect(page.document.getElementById('gbox')!.querySelectorAll('g.gn')).toHaveLength(3); // orders, customers_report, the test
    });

    it('searches names, columns and descriptions', () => {
      const search = page.document.getElementById('search')!;
      search.value = 'email';
      search.dispatch('keydown', { key: 'Enter' });
      expect(page.location.hash).toBe('#!/node/source.proj.crm.customers');
      search.value = 'stg';
      search.dispatch('keydown', { key: 'Enter' });
      const results = page.document.querySelectorAll('.results a').map((a) => a.getAttribute('href'));
      expect(results[0]).toBe('#!/node/model.proj.stg_orders');
      search.dispatch('keydown', { key: 'Escape' });
      expect(page.document.querySelector('.results')).toBeNull();
    });

    it('says so for an unknown node instead of failing', () => {
      page.navigate('#!/node/model.proj.%3Cnope%3E');
      expect(page.main().textContent).toContain('No node model.proj.<nope> in this project');
      expect(injected(page.main())).toEqual([]);
      expect(injected(page.document.getElementById('sidebar')!)).toEqual([]);
    });
  });

  it('scrubs registered secrets from every file it writes', async () => {
    registerSecret('hunter2-very-secret');
    const nodes = { ...(manifestJson.nodes as Record<string, Record<string, unknown>>) };
    nodes['model.proj.orders'] = { ...nodes['model.proj.orders'], raw_code: "select 'hunter2-very-secret' as pw" };
    const out = join(dir, 'scrubbed');
    await writeDocsSite(out, { ...manifestJson, nodes }, { ...catalog, errors: ['login hunter2-very-secret refused'] });
    for (const file of ['index.html', 'manifest.json', 'catalog.json']) {
      const text = await readFile(join(out, file), 'utf8');
      expect(text).not.toContain('hunter2-very-secret');
    }
  });
});
