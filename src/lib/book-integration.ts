/**
 * The book's Astro integration: a drifted book cannot be published.
 *
 * Build: before Astro writes a page, the full drift check (`npm run check`,
 * every rule) runs over the chapters and the manifests; any finding stops the
 * build with the positioned findings. `BOOK_ALLOW_DRIFT=1` builds anyway, for
 * a preview of a change under review, printing the findings as warnings — but
 * bad input and broken references still stop it, since the pages could not
 * render them, and so does a credential in a chapter, which a page would publish.
 * A broken link renders (as a link that leads nowhere), so a preview warns of it.
 *
 * Dev: the findings are shown, never stopping the server; editing a manifest
 * empties the facts cache from the watcher event and reloads the open page.
 */
import { relative, resolve } from 'node:path';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { AstroError } from 'astro/errors';
import { firstOf } from '../../engine/index.ts';
import { readBook } from '../../mdx/index.ts';
import {
  checkParsedBook,
  humanFinding,
  INPUT_CODES,
  inputFindings,
  type Finding,
} from '../../check/index.ts';
import { invalidateChapters, DOCS_DIR } from './book.ts';
import { stopDiagramRenderer } from './diagrams.ts';
import { facts, invalidateFacts, MANIFESTS_DIR } from './facts.ts';

/**
 * Findings that stop even a BOOK_ALLOW_DRIFT build: the pages could not be rendered from them,
 * or a page would publish a credential.
 */
const unrenderable = (f: Finding) =>
  INPUT_CODES.has(f.code) ||
  (f.code === 'BROKEN_REF' && f.ruleId !== 'broken-link') ||
  f.code === 'CREDENTIAL_IN_BOOK';

export interface Gate {
  /** Findings that stop the build. */
  stop: Finding[];
  /** Findings printed as warnings (BOOK_ALLOW_DRIFT=1). */
  warn: Finding[];
}

/** What the build does with the check's findings. */
export function buildGate(findings: Finding[], allowDrift: boolean): Gate {
  return allowDrift
    ? { stop: findings.filter(unrenderable), warn: findings.filter((f) => !unrenderable(f)) }
    : { stop: findings, warn: [] };
}

/** Runs the full check over the docs folder and the manifests; bad input becomes findings. */
export function checkForSite(dir = DOCS_DIR): Finding[] {
  try {
    return checkParsedBook(readBook(dir), facts()).findings;
  } catch (e) {
    const bad = inputFindings(e);
    if (bad) return bad;
    throw e;
  }
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
/** The findings as the check prints them, the first 50 of them. */
const listed = (findings: Finding[]) => firstOf(findings, humanFinding, 'finding').join('\n\n');

/** Stops the build on the check's findings (or warns of them, BOOK_ALLOW_DRIFT=1). */
export function gateBuild(
  logger: Pick<AstroIntegrationLogger, 'warn'>,
  findings: Finding[] = checkForSite(),
): void {
  const allow = process.env.BOOK_ALLOW_DRIFT === '1';
  const { stop, warn } = buildGate(findings, allow);
  if (warn.length)
    logger.warn(
      `BOOK_ALLOW_DRIFT=1: building a book with ${count(warn.length, 'drift finding')}; do not publish it.\n\n${listed(warn)}`,
    );
  if (!stop.length) return;
  const input = stop.some((f) => INPUT_CODES.has(f.code));
  // A writer's mistake, not a crash: the findings with their positions and no stack trace,
  // raised before anything is written.
  const err = new AstroError(
    `The drift check found ${count(stop.length, 'problem')}; the book is not built.\n\n${listed(stop)}`,
    input
      ? 'Fix the input at the positions above (`npm run check` reports the same), then build again.'
      : allow
        ? 'Broken references cannot be rendered, and a credential in a chapter would be published, even with BOOK_ALLOW_DRIFT=1: fix them (`npm run check` lists them).'
        : 'Fix the findings (`npm run check` lists them), or build a preview anyway with BOOK_ALLOW_DRIFT=1 npm run build.',
  );
  err.stack = '';
  throw err;
}

function watchForDev(
  server: Parameters<NonNullable<AstroIntegration['hooks']['astro:server:setup']>>[0]['server'],
  logger: AstroIntegrationLogger,
): void {
  const manifests = resolve(MANIFESTS_DIR);
  const docs = resolve(DOCS_DIR);
  const report = () => {
    const findings = checkForSite();
    if (findings.length)
      logger.warn(
        `${count(findings.length, 'drift finding')} (the dev server keeps running):\n\n${listed(findings)}`,
      );
  };
  server.watcher.add(manifests);
  const onChange = (file: string) => {
    const manifest = file.startsWith(manifests) && /\.ya?ml$/.test(file);
    const chapter = file.startsWith(docs) && /\.mdx?$/.test(file);
    if (!manifest && !chapter) return;
    invalidateChapters();
    if (manifest) {
      invalidateFacts();
      logger.info(`${relative(process.cwd(), file)} changed: reloading`);
      server.ws.send({ type: 'full-reload' });
    }
    report();
  };
  server.watcher.on('change', onChange);
  server.watcher.on('add', onChange);
  server.watcher.on('unlink', onChange);
  report();
}

export function bookIntegration(): AstroIntegration {
  return {
    name: 'honeydue-book',
    hooks: {
      'astro:server:setup': ({ server, logger }) => watchForDev(server, logger),
      'astro:build:start': async ({ logger }) => {
        try {
          gateBuild(logger);
        } catch (e) {
          // The browser started for the diagrams closes first: the process ends after this
          // error, and would leave the browser's temporary folders behind.
          await stopDiagramRenderer();
          throw e;
        }
      },
    },
  };
}
