/**
 * Whether a page's MDX renders config values, decided from its source before the page
 * is rendered (the title, which carries the "Show config sources" control, renders
 * first). A page renders values when it uses `<V>` or any book component other than
 * the ones below, which show commands, YAML, drawings or indexes, not values.
 */
const WITHOUT_VALUES = new Set([
  'Cmd',
  'Manifest',
  'Diagram',
  'ArchitectureDiagram',
  'RequestFlowDiagram',
  'Citations',
  'CommandIndex',
  'FactIndex',
  'RunbookIndex',
]);

export function rendersFacts(body: string): boolean {
  // Starlight's own components (Aside, Tabs…) are imported from @astrojs/starlight.
  const starlight = new Set(
    [...body.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]@astrojs\/starlight[^'"]*['"]/g)].flatMap(
      (m) =>
        m[1].split(',').map((s) =>
          s
            .trim()
            .split(/\s+as\s+/)
            .pop()!,
        ),
    ),
  );
  for (const m of body.matchAll(/<([A-Z][A-Za-z0-9]*)\b/g)) {
    if (!WITHOUT_VALUES.has(m[1]) && !starlight.has(m[1])) return true;
  }
  return false;
}
