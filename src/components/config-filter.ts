/**
 * Browser side of the Config page (FactIndex.astro):
 * - the filter box shows only the facts whose key, value or source contain every word
 *   typed, opening the objects that hold them;
 * - a link to a fact (`#fact-…`) opens its object and brings the row into view, for
 *   browsers that do not open a closed disclosure on fragment navigation themselves.
 */
const root = document.querySelector<HTMLElement>('.hd-cfg');
const input = document.querySelector<HTMLInputElement>('#hd-cfg-filter');
const status = document.querySelector<HTMLElement>('.hd-cfg-count');

function reveal(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (!target || !root?.contains(target)) return;
  const details = target.closest('details');
  if (details && !details.open) details.open = true;
  target.scrollIntoView({ block: 'center' });
}

if (root && input && status) {
  const rows = [...root.querySelectorAll<HTMLElement>('li[id]')];
  const objects = [...root.querySelectorAll<HTMLDetailsElement>('details')];
  const sections = [...root.querySelectorAll<HTMLElement>('section')];
  let texts: string[] | null = null;
  let timer = 0;

  const apply = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    texts ??= rows.map((r) => (r.textContent ?? '').toLowerCase());
    let shown = 0;
    rows.forEach((r, i) => {
      const match = words.every((w) => texts![i].includes(w));
      r.hidden = !match;
      if (match) shown++;
    });
    for (const d of objects) {
      const any = d.querySelector('li:not([hidden])') !== null;
      d.hidden = !any;
      // Open what the filter found; close again what only the filter had opened.
      if (words.length && any && !d.open) {
        d.open = true;
        d.dataset.filterOpened = '';
      } else if (!words.length && d.dataset.filterOpened !== undefined) {
        d.open = false;
        delete d.dataset.filterOpened;
      }
    }
    for (const s of sections) s.hidden = s.querySelector('details:not([hidden])') === null;
    status.textContent = words.length
      ? `${shown} of ${rows.length} facts match`
      : (status.dataset.total ?? '');
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(apply, 120);
  });
  addEventListener('hashchange', reveal);
  reveal();
}
