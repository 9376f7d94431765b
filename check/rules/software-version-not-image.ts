/**
 * The software list of the external-services inventory gives versions the book quotes ("Redis
 * 7"). When the cluster runs that software from an image, the image tag says which version it
 * runs, and the two can part: the tag moves to `8-alpine` and the book still says 7. A tag is
 * read for its leading version (`7.4-alpine` → 7.4, `v3.1` → 3.1); the two disagree when a
 * component both give differs (7 and 7.4 agree: the tag floats within 7). Tags without a
 * version (`latest`, a commit id, a date) and digests say nothing, and are not judged.
 */
import type { Container, Fact, Workload } from '../../engine/index.ts';
import { containerAt } from '../lib/locate.ts';
import { defineRule } from '../rule.ts';

/** The leading version of a tag or a version text, as numbers: `v7.4-alpine` → [7, 4]. */
export function leadingVersion(text: string): number[] | null {
  const m = /^v?(\d+(?:\.\d+)*)(?=$|[-_+])/i.exec(text.trim());
  const parts = m ? m[1].split('.').map(Number) : null;
  // A date or a build number (`20240101`, `2024.01`) is no version to compare.
  return parts && parts[0] < 1000 ? parts : null;
}

/** Whether two versions agree on every component both give. */
export const versionsAgree = (a: number[], b: number[]): boolean =>
  a.slice(0, Math.min(a.length, b.length)).every((x, i) => x === b[i]);

/** The image's name without its registry and path: `docker.io/library/redis` → `redis`. */
const imageName = (repository: string) => repository.split('/').at(-1)!.toLowerCase();

export default defineRule({
  meta: {
    id: 'software-version-not-image',
    code: 'INCONSISTENT',
    description:
      'The external-services inventory gives a software version (`software.redis.version`) that the tag of the image the cluster runs it from contradicts (`redis:8-alpine` against 7).',
    messages: {
      differs:
        'The inventory says {{software}} {{version}}, but container `{{workload}}/{{container}}` runs `{{image}}`, version {{tagVersion}}.',
    },
    hints: {
      differs:
        'Write the version the image runs in the inventory (the book renders it), or pin the image to the version the book gives.',
    },
    fix: 'Make the inventory version and the image tag agree.',
    docs: '#rule-software-version-not-image',
  },
  create(context) {
    const { shared, result } = context;
    // The software the inventory versions, by the image name it would run from (its id).
    const versions = new Map<string, Fact>();
    for (const f of result.registry.facts.values()) {
      const m = /^software\.([^.]+)\.version$/.exec(f.key);
      if (m && typeof f.value !== 'object') versions.set(m[1].toLowerCase(), f);
    }
    if (!versions.size) return {};
    const name = (id: string) => {
      const n = result.registry.get(`software.${id}.name`)?.value;
      return typeof n === 'string' ? n : id;
    };
    return {
      container(c: Container, w: Workload) {
        if (!w.applied || !c.imageTag) return;
        const id = imageName(c.imageRepository);
        const fact = versions.get(id);
        if (!fact) return;
        const declared = leadingVersion(String(fact.value));
        const tagged = leadingVersion(c.imageTag);
        if (!declared || !tagged || versionsAgree(declared, tagged)) return;
        context.report({
          messageId: 'differs',
          data: {
            software: name(fact.key.split('.')[1]),
            version: String(fact.value),
            workload: w.name,
            container: c.name,
            image: c.image,
            tagVersion: tagged.join('.'),
          },
          file: fact.source.file,
          line: fact.source.line,
          config: containerAt(shared, w, c, ['image']),
        });
      },
    };
  },
});
