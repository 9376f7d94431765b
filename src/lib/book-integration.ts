/**
 * The book's Astro integration.
 *
 * Build: fails when a chapter names a fact or a manifest path that does not
 * exist, with the MDX file:line and the closest existing keys. The same
 * scanner and rule feed `npm run check` (BROKEN_REF), so both agree. Runs as
 * an integration hook rather than a remark plugin: Astro's default Markdown
 * processor does not run remark plugins, and switching to the unified one
 * costs far more build time than this scan.
 */
import { relative, resolve } from 'node:path';
import type { AstroIntegration } from 'astro';
import { readBook } from '../../mdx/index.ts';
import { brokenRefs } from '../../check/index.ts';
import { facts, MANIFESTS_DIR } from './facts.ts';

const DOCS = 'src/content/docs';

export function validateFactRefs(dir = DOCS): string[] {
  const problems: string[] = [];
  const result = facts();
  for (const chapter of readBook(dir).chapters) {
    const findings = brokenRefs(chapter.file, chapter, result);
    for (const f of findings)
      problems.push(`${f.file}:${f.line}:${f.col}  ${f.code}  ${f.message}\n  hint: ${f.hint}`);
  }
  return problems;
}

/**
 * Dev: watches manifests/ and reloads the open page when a manifest changes;
 * facts() re-reads the manifests when their modification times change.
 */
export function bookIntegration(): AstroIntegration {
  return {
    name: 'honeydue-book',
    hooks: {
      'astro:config:setup': ({ command }) => {
        if (command === 'dev') process.env.BOOK_WATCH = '1';
      },
      'astro:server:setup': ({ server, logger }) => {
        const dir = resolve(MANIFESTS_DIR);
        server.watcher.add(dir);
        const onChange = (file: string) => {
          if (!file.startsWith(dir) || !/\.ya?ml$/.test(file)) return;
          const problems = (() => {
            try {
              return validateFactRefs();
            } catch (e) {
              return [(e as Error).message];
            }
          })();
          if (problems.length) logger.warn(problems.join('\n\n'));
          logger.info(`${relative(process.cwd(), file)} changed: reloading`);
          server.ws.send({ type: 'full-reload' });
        };
        server.watcher.on('change', onChange);
        server.watcher.on('add', onChange);
        server.watcher.on('unlink', onChange);
      },
      'astro:build:start': ({ logger }) => {
        let problems: string[];
        try {
          problems = validateFactRefs();
        } catch (e) {
          // Bad manifests: the extraction engine's positioned errors, exit 2 like `npm run check`.
          logger.error((e as Error).message);
          process.exit(2);
        }
        if (problems.length) {
          // A writer's mistake, not a crash: say where and what to do, no stack trace, and stop
          // before anything is written.
          logger.error(
            `${problems.length} broken fact reference${problems.length === 1 ? '' : 's'} in the book:\n\n${problems.join('\n\n')}\n\n\`npm run check\` reports the same findings.`,
          );
          process.exit(1);
        }
      },
    },
  };
}
