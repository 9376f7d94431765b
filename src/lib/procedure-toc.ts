/**
 * "On this page" for the two generated indexes of the procedures, called from
 * the route middleware: the Runbooks page lists every symptom group and every
 * procedure in it; Appendix B lists every tool under "Every command, by tool".
 * The components render those headings from data, where Starlight's own table
 * of contents (built from the MDX headings) cannot see them.
 */
import type { StarlightRouteData } from '@astrojs/starlight/route-data';
import { toolAnchor } from '../../mdx/index.ts';
import { commandIndex } from './command-index.ts';
import { procedureGroups } from './procedures.ts';

type TocItem = NonNullable<StarlightRouteData['toc']>['items'][number];

const item = (depth: number, slug: string, text: string, children: TocItem[] = []): TocItem => ({
  depth,
  slug,
  text,
  children,
});

/** Adds the generated headings of the Runbooks page and Appendix B to their route's TOC. */
export function addProcedureToc(route: StarlightRouteData): void {
  if (!route.toc) return;
  if (route.id === 'runbooks') {
    const groups = procedureGroups().map((g) =>
      item(
        2,
        g.id,
        g.title,
        g.procedures.map((p) => item(3, p.id, p.title)),
      ),
    );
    route.toc = { ...route.toc, items: [...route.toc.items, ...groups] };
  }
  if (route.id === 'appendix-b-kubectl-cheatsheet') {
    const tools = commandIndex().map(({ tool }) => item(3, toolAnchor(tool), tool));
    route.toc = {
      ...route.toc,
      items: route.toc.items.map((i) =>
        i.slug === 'every-command-by-tool' ? { ...i, children: tools } : i,
      ),
    };
  }
}
