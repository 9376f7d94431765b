/**
 * Starlight route middleware.
 *
 * The not-found page: Starlight's own 404 route renders the docs entry `404`
 * (src/content/docs/404.md) into dist/404.html, but its catch-all route would also
 * render that entry as a page at /404/ and the build warns about the two routes.
 * The entry is therefore a draft (drafts get no page of their own in a production
 * build), and here it stops being one, so the 404 page shows no "draft" notice.
 */
import { defineRouteMiddleware, type StarlightRouteData } from '@astrojs/starlight/route-data';

export const onRequest = defineRouteMiddleware((context) => {
  // Typed here because this file is checked outside Astro's generated environment types.
  const route = (context.locals as { starlightRoute: StarlightRouteData }).starlightRoute;
  if (route.id === '404' && route.entry.data.draft) {
    route.entry = { ...route.entry, data: { ...route.entry.data, draft: false } };
  }
});
