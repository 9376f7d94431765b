/**
 * The Config page's anchor for a fact key. Shared by the build (which gives each Config
 * row this id) and the browser script that links a rendered value to its row, so the
 * two cannot disagree. No imports: it is bundled into the page script as is.
 */
export function factAnchor(key: string): string {
  return `fact-${key.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** The link to a fact's row on the Config page. */
export function configHref(key: string): string {
  return `/config/#${factAnchor(key)}`;
}
