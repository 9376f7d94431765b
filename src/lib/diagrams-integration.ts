/**
 * Closes the headless Chromium used by Diagram.astro once Astro is done with
 * it, so `astro build` exits as soon as the pages are written.
 */
import type { AstroIntegration } from 'astro';
import { closeDiagramRenderer } from './diagrams.ts';

export function diagramsIntegration(): AstroIntegration {
  return {
    name: 'honeydue-diagrams',
    hooks: {
      'astro:build:done': async () => {
        await closeDiagramRenderer();
      },
      'astro:server:done': async () => {
        await closeDiagramRenderer();
      },
    },
  };
}
