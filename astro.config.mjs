// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { bookIntegration } from './src/lib/book-integration.ts';
import { diagramsIntegration } from './src/lib/diagrams-integration.ts';
import { nodeOnlyExternals } from './src/lib/node-externals.ts';
import { prefetchIntegration } from './src/lib/prefetch-integration.ts';
import { procedureSidebar } from './src/lib/procedures.ts';

/** @param {string} slug */
const chapter = (slug) => ({ slug });

export default defineConfig({
  site: process.env.BOOK_SITE_URL || 'https://book.myhoneydue.com',
  trailingSlash: 'always',
  // Pages that wait (for a diagram Chromium is still drawing, the config history, a code
  // block being highlighted) let the next pages render meanwhile: on a cold build the
  // pages take about 0.2 s less (median of 4 cold builds each); the output is the same.
  build: { concurrency: 4 },
  // BOOK_OUT_DIR lets the rebuild test build a mutated copy next to dist/.
  outDir: process.env.BOOK_OUT_DIR || './dist',
  vite: {
    plugins: [nodeOnlyExternals()],
    build: {
      rolldownOptions: {
        // Astro marks every MDX module with its own `"use astro:head-inject"` directive and
        // handles it itself; the bundler warns once per chapter that it will not keep it.
        // Dropping only that message keeps a real warning visible in the build output.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('astro:head-inject'))
            return;
          handler(level, log);
        },
      },
    },
  },
  integrations: [
    prefetchIntegration(),
    bookIntegration(),
    diagramsIntegration(),
    starlight({
      title: 'honeyDue deployment book',
      description: 'How honeyDue runs in production, generated from the cluster config.',
      customCss: ['./src/styles/book.css', './src/styles/procedures.css'],
      components: {
        PageTitle: './src/components/PageTitle.astro',
        MarkdownContent: './src/components/MarkdownContent.astro',
      },
      lastUpdated: false,
      routeMiddleware: './src/lib/route-middleware.ts',
      // Long commands and YAML lines wrap instead of scrolling: readable on a phone and
      // no keyboard-unreachable scroll regions. Shiki's JavaScript regex engine highlights
      // them as its default Oniguruma does, without compiling WebAssembly on a cold start.
      expressiveCode: { defaultProps: { wrap: true }, shiki: { engine: 'javascript' } },
      pagination: true,
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
      sidebar: [
        {
          label: 'Start here',
          items: [
            { slug: 'index', label: 'About this book' },
            { slug: 'runbooks' },
            { slug: 'config' },
            { slug: 'changes' },
          ],
        },
        // One page per procedure, grouped by symptom as on the Runbooks page.
        { label: 'Procedures', items: procedureSidebar() },
        {
          label: 'Part I — The system',
          items: ['00-overview', '01-infrastructure', '02-orchestrator-choice'].map(chapter),
        },
        { label: 'Part II — Networking', items: ['03-networking', '04-firewall'].map(chapter) },
        { label: 'Part III — Security', items: ['05-security', '06-traefik-ingress'].map(chapter) },
        {
          label: 'Part IV — Workloads',
          items: [
            '07-services',
            '08-database',
            '09-storage',
            '10-secrets-config',
            '11-registry',
          ].map(chapter),
        },
        {
          label: 'Part V — Edge and operation',
          items: [
            '12-data-flow',
            '13-cloudflare',
            '14-deployment-process',
            '15-observability',
            '16-failure-modes',
            '17-runbook',
          ].map(chapter),
        },
        {
          label: 'Part VI — Context',
          items: ['18-cost', '19-postmortem-swarm', '20-roadmap'].map(chapter),
        },
        {
          label: 'Appendices',
          items: [
            'appendix-a-glossary',
            'appendix-b-kubectl-cheatsheet',
            'appendix-c-file-locations',
            'appendix-d-citations',
          ].map(chapter),
        },
      ],
    }),
  ],
});
