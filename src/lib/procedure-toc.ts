/**
 * Starlight route middleware: "On this page" for the two generated indexes of the procedures.
 * The Runbooks page lists every symptom group and every procedure in it;
 * Appendix B lists every tool under "Every command, by tool". The components
 * render those headings from data, where Starlight's own table of contents
 * (built from the MDX headings) cannot see them.
 */
import { defineRouteMiddleware, type StarlightRouteData } from '@astrojs/starlight/route-data';
import { commandIndex } from './command-index.ts';
import { procedureGroups } from './procedures.ts';

type TocItem = NonNullable<StarlightRouteData['toc']>['items'][number];

const item = (depth: number, slug: string, text: string, children: TocItem[] = []): TocItem => ({
  depth,
  slug,
  text,
  children,
});

export const onRequest = defineRouteMiddleware((context) => {
  // Starlight declares `starlightRoute` in an ambient file the Node-side typecheck does not load.
  const route = (context.locals as { starlightRoute: StarlightRouteData }).starlightRoute;
  if (!route.toc) return;
  if (route.id === 'runbooks') {
    // Keep Starlight's own entries (the page title, any MDX headings), then add the index.
    route.toc.items.push(
      ...procedureGroups().map((g) =>
        item(
          2,
          g.id,
          g.title,
          g.procedures.map((p) => item(3, p.id, p.title)),
        ),
      ),
    );
  }
  if (route.id === 'appendix-b-kubectl-cheatsheet') {
    const section = route.toc.items.find((i) => i.slug === 'every-command-by-tool');
    if (section) section.children = commandIndex().map(({ tool }) => item(3, `tool-${tool}`, tool));
  }
});
