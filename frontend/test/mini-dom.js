// Just enough of the DOM for render.js and bell.js, with a guard: setting innerHTML/outerHTML or calling
// insertAdjacentHTML throws, so a test proves that data only ever reaches the page as text. Events bubble from
// the target up to the document; focus() moves doc.activeElement.

class ClassList {
  constructor(node) { this.node = node; }
  get set() { return new Set(this.node.className.split(/\s+/).filter(Boolean)); }
  contains(name) { return this.set.has(name); }
  add(name) { const s = this.set; s.add(name); this.node.className = [...s].join(' '); }
  remove(name) { const s = this.set; s.delete(name); this.node.className = [...s].join(' '); }
  toggle(name, force) {
    const on = force === undefined ? !this.contains(name) : Boolean(force);
    if (on) this.add(name); else this.remove(name);
    return on;
  }
}

export class Text {
  constructor(data) { this.data = String(data); this.parentNode = null; }
  get textContent() { return this.data; }
}

/** Listeners by type, and dispatch that bubbles to the parent (and from the root element to the document). */
class Target {
  constructor() { this.listeners = new Map(); }
  addEventListener(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
  }
  removeEventListener(type, fn) {
    this.listeners.set(type, (this.listeners.get(type) || []).filter((f) => f !== fn));
  }
  /** Fires an event of this type here and on every ancestor; returns the event. */
  dispatch(type, init = {}) {
    const event = {
      type, target: this, defaultPrevented: false, stopped: false, ...init,
      preventDefault() { this.defaultPrevented = true; },
      stopPropagation() { this.stopped = true; },
    };
    for (let node = this; node && !event.stopped; node = node.parentNode || (node === this.root() ? doc : null)) {
      for (const fn of node.listeners.get(type) || []) fn(event);
      if (node === doc) break;
    }
    return event;
  }
  root() { let node = this; while (node.parentNode) node = node.parentNode; return node; }
}

export class Element extends Target {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase();
    this.childNodes = [];
    this.parentNode = null;
    this.attributes = new Map();
    this.className = '';
    this.classList = new ClassList(this);
    this.dataset = {};
    this.hidden = false;
    this.checked = false;
    this.disabled = false;
    this.value = '';
  }
  get children() { return this.childNodes.filter((n) => n instanceof Element); }
  get textContent() { return this.childNodes.map((n) => n.textContent).join(''); }
  set textContent(value) {
    for (const n of this.childNodes) n.parentNode = null;
    this.childNodes = value === '' || value == null ? [] : [new Text(value)];
    this.childNodes.forEach((n) => { n.parentNode = this; });
  }
  set innerHTML(_) { throw new Error('innerHTML used'); }
  get innerHTML() { throw new Error('innerHTML used'); }
  set outerHTML(_) { throw new Error('outerHTML used'); }
  insertAdjacentHTML() { throw new Error('insertAdjacentHTML used'); }
  setAttribute(name, value) { this.attributes.set(name, String(value)); }
  getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; }
  removeAttribute(name) { this.attributes.delete(name); }
  append(...nodes) { for (const n of nodes) this.insertBefore(typeof n === 'string' ? new Text(n) : n, null); }
  appendChild(node) { this.insertBefore(node, null); return node; }
  insertBefore(node, ref) {
    if (node.parentNode) node.parentNode.removeChild(node);
    const index = ref ? this.childNodes.indexOf(ref) : -1;
    if (index < 0) this.childNodes.push(node); else this.childNodes.splice(index, 0, node);
    node.parentNode = this;
    return node;
  }
  removeChild(node) {
    this.childNodes = this.childNodes.filter((n) => n !== node);
    node.parentNode = null;
    return node;
  }
  remove() { if (this.parentNode) this.parentNode.removeChild(this); }
  contains(node) { for (let n = node; n; n = n.parentNode) if (n === this) return true; return false; }
  focus() {
    const previous = doc.activeElement;
    if (previous === this) return;
    doc.activeElement = this;
    if (previous && previous.dispatch) previous.dispatch('focusout', { relatedTarget: this });
  }
  /** Every element below, depth first. */
  all() { return this.children.flatMap((c) => [c, ...c.all()]); }
  find(className) { return this.all().find((e) => e.classList.contains(className)) || null; }
}

class Doc extends Target {
  constructor() {
    super();
    this.activeElement = null;
  }
  createElement(tag) { return new Element(tag); }
}

export const doc = new Doc();
