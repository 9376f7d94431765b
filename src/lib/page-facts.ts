/**
 * Whether a page's MDX renders config values, decided from its source before the page
 * is rendered (the title, which carries the "Show config sources" control, renders
 * first). A page renders values when it uses `<V>` or one of the table components,
 * the only components that render a value with its source; commands, YAML, drawings,
 * indexes and the book's other blocks do not.
 */
import { TABLE_COMPONENTS } from './views.ts';

export const VALUE_COMPONENTS: ReadonlySet<string> = new Set([
  'V',
  ...Object.keys(TABLE_COMPONENTS),
]);

export function rendersFacts(body: string): boolean {
  for (const m of body.matchAll(/<([A-Z][A-Za-z0-9]*)\b/g))
    if (VALUE_COMPONENTS.has(m[1])) return true;
  return false;
}
