/**
 * Diagrams in a build: every diagram the pages draw starts rendering when the build
 * starts (in parallel with Astro's bundling; see prerenderDiagrams), and the headless
 * Chromium is closed once Astro is done, so `astro build` exits as soon as the pages are
 * written.
 */
import type { AstroIntegration } from 'astro';
import { readBook } from '../../mdx/index.ts';
import { DOCS_DIR } from './book.ts';
import { pageDiagramSources } from './diagram-sources.ts';
import { closeDiagramRenderer, prerenderDiagrams } from './diagrams.ts';

/** Starts the diagrams' renders; a book that does not read is left to the drift check to report. */
function startDiagrams(): void {
  let sources: string[];
  try {
    sources = pageDiagramSources(readBook(DOCS_DIR).chapters);
  } catch {
    return;
  }
  void prerenderDiagrams(sources);
}

export function diagramsIntegration(): AstroIntegration {
  return {
    name: 'honeydue-diagrams',
    hooks: {
      'astro:config:setup': ({ command }) => {
        if (command === 'build') startDiagrams();
      },
      'astro:build:done': async () => {
        await closeDiagramRenderer();
      },
      'astro:server:done': async () => {
        await closeDiagramRenderer();
      },
    },
  };
}
