/**
 * Just enough of a browser DOM to run the docs page's script in Node (no browser is installed here):
 * an HTML parser for the markup the page builds, compound selectors (`tag.class[attr="v"][attr^="p"]`),
 * bubbling events, `location.hash` with hashchange. Not a general DOM: it fails loudly on what it lacks.
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style']);

type Listener = (ev: MiniEvent) => void;

export interface MiniEvent {
  type: string;
  target: MiniElement;
  defaultPrevented: boolean;
  preventDefault(): void;
  stopPropagation(): void;
  [key: string]: unknown;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    return String.fromCodePoint(Number(lower.slice(1)));
  });
}

class ClassList {
  constructor(private readonly el: MiniElement) {}
  private get list(): string[] {
    return (this.el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
  }
  contains(c: string): boolean {
    return this.list.includes(c);
  }
  add(c: string): void {
    if (!this.contains(c)) this.el.setAttribute('class', [...this.list, c].join(' '));
  }
  remove(c: string): void {
    this.el.setAttribute('class', this.list.filter((x) => x !== c).join(' '));
  }
  toggle(c: string, force?: boolean): void {
    if (force ?? !this.contains(c)) this.add(c);
    else this.remove(c);
  }
}

export class MiniElement {
  readonly tagName: string;
  readonly attributes = new Map<string, string>();
  childNodes: (MiniElement | string)[] = [];
  parent: MiniElement | null = null;
  readonly listeners = new Map<string, Listener[]>();
  readonly classList = new ClassList(this);
  readonly ownerDocument: MiniDocument;
  [expando: string]: unknown;
  scrollTop = 0;
  open = false;
  private valueOverride: string | undefined;
  private checkedOverride: boolean | undefined;

  constructor(tag: string, doc: MiniDocument) {
    this.tagName = tag.toUpperCase();
    this.ownerDocument = doc;
  }
  get children(): MiniElement[] {
    return this.childNodes.filter((c): c is MiniElement => typeof c !== 'string');
  }
  get lastElementChild(): MiniElement | null {
    const c = this.children;
    return c[c.length - 1] ?? null;
  }
  get id(): string {
    return this.getAttribute('id') ?? '';
  }
  get className(): string {
    return this.getAttribute('class') ?? '';
  }
  set className(v: string) {
    this.setAttribute('class', v);
  }
  get value(): string {
    return this.valueOverride ?? this.getAttribute('value') ?? '';
  }
  set value(v: string) {
    this.valueOverride = v;
  }
  get checked(): boolean {
    return this.checkedOverride ?? this.attributes.has('checked');
  }
  set checked(v: boolean) {
    this.checkedOverride = v;
  }
  get clientWidth(): number {
    return 1000;
  }
  get clientHeight(): number {
    return 500;
  }
  getBoundingClientRect(): { left: number; top: number; width: number; height: number } {
    return { left: 0, top: 0, width: 1000, height: 500 };
  }
  scrollIntoView(): void {}
  focus(): void {
    this.ownerDocument.activeElement = this;
  }
  setPointerCapture(): void {}
  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name.toLowerCase(), String(value));
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name.toLowerCase());
  }
  appendChild(child: MiniElement): MiniElement {
    child.remove();
    child.parent = this;
    this.childNodes.push(child);
    return child;
  }
  remove(): void {
    if (!this.parent) return;
    this.parent.childNodes = this.parent.childNodes.filter((c) => c !== this);
    this.parent = null;
  }
  set innerHTML(html: string) {
    for (const c of this.childNodes) if (typeof c !== 'string') c.parent = null;
    this.childNodes = [];
    parseInto(this, html, this.ownerDocument);
  }
  get innerHTML(): string {
    return this.childNodes.map((c) => (typeof c === 'string' ? c : c.outerHTML)).join('');
  }
  get outerHTML(): string {
    const attrs = [...this.attributes].map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`).join('');
    const tag = this.tagName.toLowerCase();
    return VOID.has(tag) ? `<${tag}${attrs}>` : `<${tag}${attrs}>${this.innerHTML}</${tag}>`;
  }
  get textContent(): string {
    return this.childNodes.map((c) => (typeof c === 'string' ? c : c.textContent)).join('');
  }
  set textContent(text: string) {
    this.childNodes = [String(text)];
  }
  /** Every element below this one, depth first. */
  descendants(): MiniElement[] {
    const out: MiniElement[] = [];
    const walk = (el: MiniElement): void => {
      for (const c of el.children) {
        out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }
  matches(selector: string): boolean {
    return selector.split(',').some((s) => matchSelector(this, s.trim()));
  }
  querySelectorAll(selector: string): MiniElement[] {
    return this.descendants().filter((el) => el.matches(selector));
  }
  querySelector(selector: string): MiniElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }
  closest(selector: string): MiniElement | null {
    let el: MiniElement | null = this;
    while (el) {
      if (el.matches(selector)) return el;
      el = el.parent;
    }
    return null;
  }
  addEventListener(type: string, fn: Listener): void {
    const list = this.listeners.get(type) ?? [];
    list.push(fn);
    this.listeners.set(type, list);
  }
  removeEventListener(type: string, fn: Listener): void {
    this.listeners.set(type, (this.listeners.get(type) ?? []).filter((f) => f !== fn));
  }
  /** Dispatches a bubbling event; returns it. */
  dispatch(type: string, props: Record<string, unknown> = {}): MiniEvent {
    let stopped = false;
    const ev: MiniEvent = {
      type,
      target: this,
      defaultPrevented: false,
      preventDefault() {
        ev.defaultPrevented = true;
      },
      stopPropagation() {
        stopped = true;
      },
      button: 0,
      clientX: 0,
      clientY: 0,
      pointerId: 1,
      ...props,
    };
    let el: MiniElement | null = this;
    while (el && !stopped) {
      for (const fn of el.listeners.get(type) ?? []) fn(ev);
      el = el.parent;
    }
    if (!stopped) this.ownerDocument.dispatchGlobal(type, ev);
    return ev;
  }
}

function matchCompound(el: MiniElement, selector: string): boolean {
  const m = /^([a-zA-Z][\w-]*|\*)?(#[\w-]+)?((?:\.[\w-]+)*)((?:\[[^\]]+\])*)$/.exec(selector);
  if (!m || selector === '') throw new Error(`mini-dom: unsupported selector '${selector}'`);
  if (m[1] && m[1] !== '*' && el.tagName !== m[1].toUpperCase()) return false;
  if (m[2] && el.getAttribute('id') !== m[2].slice(1)) return false;
  for (const cls of (m[3] ?? '').split('.').filter(Boolean)) if (!el.classList.contains(cls)) return false;
  for (const attr of (m[4] ?? '').match(/\[[^\]]+\]/g) ?? []) {
    const a = /^\[([\w-]+)(?:(\^?=)"([^"]*)")?\]$/.exec(attr);
    if (!a) throw new Error(`mini-dom: unsupported attribute selector '${attr}'`);
    const value = el.getAttribute(a[1]!);
    if (value === null) return false;
    if (a[2] === '=' && value !== a[3]) return false;
    if (a[2] === '^=' && !value.startsWith(a[3]!)) return false;
  }
  return true;
}

/** Compound selectors joined by the descendant combinator (`.links ul a`). */
function matchSelector(el: MiniElement, selector: string): boolean {
  const parts = selector.trim().split(/\s+/);
  if (!matchCompound(el, parts[parts.length - 1]!)) return false;
  let i = parts.length - 2;
  let ancestor = el.parent;
  while (i >= 0 && ancestor) {
    if (matchCompound(ancestor, parts[i]!)) i--;
    ancestor = ancestor.parent;
  }
  return i < 0;
}

/** Parses the (well-formed) markup the page produces into `parent`. */
function parseInto(parent: MiniElement, html: string, doc: MiniDocument): void {
  let current = parent;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      current.childNodes.push(decodeEntities(html.slice(i)));
      break;
    }
    if (lt > i) current.childNodes.push(decodeEntities(html.slice(i, lt)));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<!', lt)) {
      i = html.indexOf('>', lt) + 1;
      continue;
    }
    if (html[lt + 1] === '/') {
      const end = html.indexOf('>', lt);
      const name = html.slice(lt + 2, end).trim().toUpperCase();
      let el: MiniElement | null = current;
      while (el && el !== parent && el.tagName !== name) el = el.parent;
      if (el && el !== parent) current = el.parent ?? parent;
      i = end + 1;
      continue;
    }
    const tagMatch = /^<([a-zA-Z][\w-]*)/.exec(html.slice(lt, lt + 64));
    if (!tagMatch) {
      current.childNodes.push('<');
      i = lt + 1;
      continue;
    }
    const tag = tagMatch[1]!;
    const el = new MiniElement(tag, doc);
    let j = lt + tagMatch[0].length;
    const attrRe = /\s*([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?|\s*(\/?>)/y;
    let selfClosing = false;
    for (;;) {
      attrRe.lastIndex = j;
      const a = attrRe.exec(html);
      if (!a) throw new Error(`mini-dom: cannot parse a tag at ${lt}: ${html.slice(lt, lt + 80)}`);
      j = attrRe.lastIndex;
      if (a[5]) {
        selfClosing = a[5] === '/>';
        break;
      }
      el.setAttribute(a[1]!, decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''));
    }
    el.parent = current;
    current.childNodes.push(el);
    const lower = tag.toLowerCase();
    if (RAW_TEXT.has(lower)) {
      const close = html.toLowerCase().indexOf(`</${lower}`, j);
      el.childNodes.push(html.slice(j, close));
      i = html.indexOf('>', close) + 1;
      continue;
    }
    if (!selfClosing && !VOID.has(lower)) current = el;
    i = j;
  }
}

export class MiniDocument {
  readonly documentElement: MiniElement;
  readonly body: MiniElement;
  activeElement: MiniElement | null = null;
  title = '';
  private readonly globalListeners = new Map<string, Listener[]>();

  constructor(bodyHtml: string) {
    this.documentElement = new MiniElement('html', this);
    this.body = new MiniElement('body', this);
    this.documentElement.appendChild(this.body);
    this.body.innerHTML = bodyHtml;
  }
  getElementById(id: string): MiniElement | null {
    return this.documentElement.descendants().find((el) => el.getAttribute('id') === id) ?? null;
  }
  createElement(tag: string): MiniElement {
    return new MiniElement(tag, this);
  }
  querySelector(selector: string): MiniElement | null {
    return this.documentElement.querySelector(selector);
  }
  querySelectorAll(selector: string): MiniElement[] {
    return this.documentElement.querySelectorAll(selector);
  }
  addEventListener(type: string, fn: Listener): void {
    const list = this.globalListeners.get(type) ?? [];
    list.push(fn);
    this.globalListeners.set(type, list);
  }
  dispatchGlobal(type: string, ev: MiniEvent): void {
    for (const fn of this.globalListeners.get(type) ?? []) fn(ev);
  }
}

export interface MiniPage {
  readonly document: MiniDocument;
  /** Sets location.hash and fires hashchange, as a click on a link would. */
  navigate(hash: string): void;
  readonly location: { hash: string };
  main(): MiniElement;
}

/** Loads index.html: builds the DOM of its <body> and runs its inline script against it. */
export function loadPage(html: string): MiniPage {
  const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1];
  if (body === undefined) throw new Error('no <body>');
  const document = new MiniDocument(body);
  const windowListeners = new Map<string, Listener[]>();
  let hash = '';
  const fireHashChange = (): void => {
    for (const fn of windowListeners.get('hashchange') ?? []) fn({ type: 'hashchange' } as MiniEvent);
  };
  const location = {
    get hash(): string {
      return hash;
    },
    set hash(v: string) {
      const next = v.startsWith('#') ? v : `#${v}`;
      if (next === hash) return;
      hash = next;
      fireHashChange();
    },
  };
  const window = {
    addEventListener(type: string, fn: Listener): void {
      const list = windowListeners.get(type) ?? [];
      list.push(fn);
      windowListeners.set(type, list);
    },
  };
  const scripts = document.querySelectorAll('script').filter((s) => s.getAttribute('type') === null);
  if (scripts.length !== 1) throw new Error(`expected one inline script, found ${scripts.length}`);
  const run = new Function('document', 'window', 'location', 'navigator', scripts[0]!.textContent);
  run(document, window, location, { clipboard: undefined });
  return {
    document,
    location,
    navigate(h: string) {
      location.hash = h;
    },
    main() {
      return document.getElementById('main')!;
    },
  };
}
