/**
 * Browser side of a rendered value's provenance (see Val.astro).
 *
 * - Pointer: hovering a value, or tapping it, opens one shared popover with the
 *   manifest `file:line` and links to the value's Config entry (and to the repository
 *   line when the book was built with BOOK_SOURCE_URL). It is positioned inside the
 *   viewport and takes no layout room.
 * - Keyboard and screen readers: the "Show config sources" button under the page title
 *   writes each value's source after it as a link, so one Tab stop gives access to all
 *   of them instead of one Tab stop per value.
 *
 * Everything here is built at run time from data attributes, so the search index, which
 * reads the built HTML, never contains a `file:line`.
 */
// The one id scheme of the Config page's rows, imported from its own file rather than from
// engine/index.ts: that file has no imports, so no engine code reaches the page's JavaScript.
import { configHref } from '../../engine/fact-anchor.ts';

const STORE = 'hd-sources';
const MARGIN = 8;

function links(fact: HTMLElement): { config: string; repo: string | null } {
  return {
    config: configHref(fact.dataset.fact ?? ''),
    repo: fact.dataset.repo ?? null,
  };
}

function anchor(href: string, text: string, cls?: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  if (cls) a.className = cls;
  return a;
}

// ---------------------------------------------------------------------------
// The popover
// ---------------------------------------------------------------------------

let tip: HTMLElement | null = null;
let owner: HTMLElement | null = null;
let hideTimer = 0;

function popover(): HTMLElement {
  if (tip) return tip;
  tip = document.createElement('div');
  tip.className = 'hd-tip';
  tip.dataset.pagefindIgnore = '';
  tip.hidden = true;
  tip.addEventListener('pointerenter', () => clearTimeout(hideTimer));
  tip.addEventListener('pointerleave', (e) => {
    if (e.pointerType === 'mouse') scheduleHide();
  });
  document.body.append(tip);
  return tip;
}

function show(fact: HTMLElement): void {
  clearTimeout(hideTimer);
  const el = popover();
  const { config, repo } = links(fact);
  const source = document.createElement('code');
  source.textContent = fact.dataset.source ?? '';
  const nav = document.createElement('span');
  nav.className = 'hd-tip-links';
  nav.append(anchor(config, 'Config entry'));
  if (repo) nav.append(' · ', anchor(repo, 'Repository line'));
  el.replaceChildren(source, nav);
  el.hidden = false;
  owner = fact;
  place(el, fact);
}

/** Above the value when there is room, else below; always inside the viewport. */
function place(el: HTMLElement, fact: HTMLElement): void {
  const r = fact.getClientRects()[0] ?? fact.getBoundingClientRect();
  el.style.left = '0px';
  el.style.top = '0px';
  const { width, height } = el.getBoundingClientRect();
  const left = Math.max(MARGIN, Math.min(r.left, innerWidth - width - MARGIN));
  const above = r.top - height - 6;
  const top = above >= MARGIN ? above : Math.min(r.bottom + 6, innerHeight - height - MARGIN);
  el.style.left = `${Math.round(left)}px`;
  el.style.top = `${Math.round(top)}px`;
}

function hide(): void {
  clearTimeout(hideTimer);
  if (tip) tip.hidden = true;
  owner = null;
}

function scheduleHide(): void {
  clearTimeout(hideTimer);
  hideTimer = window.setTimeout(hide, 250);
}

const factOf = (t: EventTarget | null) =>
  t instanceof Element ? t.closest<HTMLElement>('.hd-fact') : null;

function wirePopover(): void {
  document.addEventListener('pointerover', (e) => {
    if (e.pointerType !== 'mouse') return;
    const fact = factOf(e.target);
    if (fact && fact !== owner) show(fact);
    else if (fact) clearTimeout(hideTimer);
  });
  document.addEventListener('pointerout', (e) => {
    if (e.pointerType === 'mouse' && factOf(e.target) && !factOf(e.relatedTarget)) scheduleHide();
  });
  // A tap (or click) on a value opens it; a tap anywhere else closes it.
  document.addEventListener('click', (e) => {
    const fact = factOf(e.target);
    if (fact && !(e.target instanceof Element && e.target.closest('a'))) show(fact);
    else if (!(tip && e.target instanceof Node && tip.contains(e.target))) hide();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
  // Scrolling (or a block above rendering late and moving the page) keeps the popover on
  // its value; it closes once the value leaves the screen.
  addEventListener(
    'scroll',
    () => {
      if (!owner || !tip) return;
      const r = owner.getBoundingClientRect();
      if (r.bottom < 0 || r.top > innerHeight) hide();
      else place(tip, owner);
    },
    { passive: true },
  );
  addEventListener('resize', () => owner && hide());
}

// ---------------------------------------------------------------------------
// "Show config sources"
// ---------------------------------------------------------------------------

function writeSources(): void {
  for (const fact of document.querySelectorAll<HTMLElement>('.hd-fact')) {
    if (fact.nextElementSibling?.classList.contains('hd-fact-src')) continue;
    const { config, repo } = links(fact);
    const a = anchor(repo ?? config, fact.dataset.source ?? '', 'hd-fact-src');
    a.dataset.pagefindIgnore = '';
    a.setAttribute('aria-label', `source: ${fact.dataset.source ?? ''}`);
    fact.after(a);
  }
}

function setSources(on: boolean, button: HTMLButtonElement): void {
  if (on) writeSources();
  document.documentElement.classList.toggle('hd-sources-on', on);
  button.setAttribute('aria-pressed', String(on));
  try {
    if (on) localStorage.setItem(STORE, '1');
    else localStorage.removeItem(STORE);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
}

function wireToggle(): void {
  const button = document.querySelector<HTMLButtonElement>('button.hd-sources-toggle');
  if (!button) return;
  button.addEventListener('click', () =>
    setSources(button.getAttribute('aria-pressed') !== 'true', button),
  );
  let stored = false;
  try {
    stored = localStorage.getItem(STORE) === '1';
  } catch {
    // As above.
  }
  if (stored) setSources(true, button);
}

if (document.querySelector('.hd-fact')) {
  wirePopover();
  wireToggle();
} else {
  // A safety net: the build decided from the page's source that it renders values; it does not.
  document.querySelector('.hd-sources')?.remove();
}
