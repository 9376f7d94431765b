/**
 * Work a build will wait for, started as the build starts, so that it runs while Astro
 * syncs content and bundles instead of holding up the pages that need it: every diagram
 * the pages draw (headless Chromium, see prerenderDiagrams) and the config history of the
 * What changed and Config pages (a worker thread, see prefetchHistory). On warm caches
 * both find their results on disk at once.
 */
import type { AstroIntegration } from 'astro';
import { readBook } from '../../mdx/index.ts';
import { DOCS_DIR } from './book.ts';
import { pageDiagramSources } from './diagram-sources.ts';
import { closeDiagramRenderer, prerenderDiagrams, startDiagramRenderer } from './diagrams.ts';
import { prefetchHistory } from './history.ts';

/**
 * Starts the browser now, and works out what it will draw once the config hooks have run: the
 * chapters and the facts the diagrams are drawn from take a few hundred milliseconds to read
 * on a cold start, which the browser's own start covers, and which would otherwise hold up
 * Astro before Vite starts. Read then, they run while Vite waits on its bundler, and the drift
 * check finds them read. A book that does not read is left to the drift check to report.
 */
function startDiagrams(): void {
  try {
    startDiagramRenderer();
  } catch {
    return;
  }
  setImmediate(() => {
    let sources: string[];
    try {
      sources = pageDiagramSources(readBook(DOCS_DIR).chapters);
    } catch {
      void closeDiagramRenderer();
      return;
    }
    void prerenderDiagrams(sources);
  });
}

export function prefetchIntegration(): AstroIntegration {
  return {
    name: 'honeydue-prefetch',
    hooks: {
      'astro:config:setup': ({ command }) => {
        if (command !== 'build') return;
        prefetchHistory();
        startDiagrams();
      },
    },
  };
}
