/**
 * The Config page's id for a fact's row, and the link to it. The build gives each row this
 * id (engine/config-page.ts) and the browser script that opens a value's popover
 * (src/components/provenance-client.ts) builds the link from the value's `data-fact`, so the
 * two cannot disagree and no page carries the link once per value.
 *
 * No imports, and none may be added: the page script bundles this file as is, and any import
 * here would pull engine code into every page's JavaScript.
 */

/** The Config page's id for a fact's row. */
export function factAnchor(key: string): string {
  return `fact-${key.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** The link to a fact's row on the Config page. */
export function configHref(key: string): string {
  return `/config/#${factAnchor(key)}`;
}
