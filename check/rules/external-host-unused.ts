/**
 * The external-services inventory gives the host of a service outside the cluster
 * (`external.posthog.host`), and the book renders it. The pods reach that service through their
 * config: a URL in a ConfigMap or an env value, a flag, the registry of an image. When no value
 * of the config names the host any more (the service moved, and only the config was changed),
 * the book describes a host nothing uses. A Secret's values are never read: when a Secret holds
 * a key that may be an address (`SMTP_HOST`, `DATABASE_URL`) and no setting is named after the
 * service, the host may be there, and it is not judged.
 */
import type { Fact } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

/** Facts that are the inventories themselves, not config the cluster runs with. */
const INVENTORY = /^(?:external|software|alternative|cloudflare)\./;

/** A Secret key that may hold an address: a host, a URL, an endpoint, a DSN. */
const ADDRESS_KEY = /(?:HOST|HOSTNAME|URL|URI|ENDPOINT|DSN|SERVER|ADDR|ADDRESS)$/i;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A value's texts: each item of a list, or the one value. */
const texts = (f: Fact): string[] =>
  (Array.isArray(f.value) ? f.value : [f.value]).filter((v) => typeof v === 'string');

export default defineRule({
  meta: {
    id: 'external-host-unused',
    code: 'INCONSISTENT',
    description:
      'The external-services inventory gives a service a host (`external.posthog.host`) that no value of the config names: no URL, env value, flag or image registry.',
    messages: {
      unused:
        'The inventory puts {{service}} at {{host}}, but no value of the config names that host{{instead}}.',
    },
    hints: {
      unused:
        'If the service moved, write its new host in the inventory (the book renders it); if the config is wrong, point it back at {{host}}.',
    },
    fix: 'Make the inventory host and the config agree.',
    docs: '#rule-external-host-unused',
  },
  create(context) {
    const { registry } = context.result;
    return {
      configEnd() {
        // Each service's host, with the service's id: `external.posthog.host` → posthog.
        const hosts = [...registry.facts.values()].flatMap((f) => {
          const id = /^external\.([^.]+)\.host$/.exec(f.key)?.[1];
          return id && typeof f.value === 'string' && f.value.trim()
            ? [{ f, id, host: f.value.trim() }]
            : [];
        });
        if (!hosts.length) return;
        const config = [...registry.facts.values()].filter((f) => !INVENTORY.test(f.key));
        const hiddenAddress = context.ex.secrets.some(
          (x) => x.applied && x.keys.some((k) => ADDRESS_KEY.test(k.key)),
        );
        for (const { f, id: serviceId, host } of hosts) {
          const named = new RegExp(`(?<![\\w.-])${escapeRe(host)}(?![\\w-]|\\.[\\w-])`, 'i');
          if (config.some((c) => texts(c).some((t) => named.test(t)))) continue;
          // The setting that looks like the service's own (POSTHOG_HOST for posthog), if any.
          const id = serviceId.toLowerCase();
          const own = config.find(
            (c) =>
              c.key.toLowerCase().includes(id) &&
              texts(c).some((t) => /^[a-z][\w+.-]*:\/\/|^[\w-]+(\.[\w-]+)+$/i.test(t)),
          );
          if (!own && hiddenAddress) continue;
          const service = registry.get(`external.${serviceId}.name`)?.value;
          context.report({
            messageId: 'unused',
            data: {
              service: typeof service === 'string' ? service : serviceId,
              host: `\`${host}\``,
              instead: own ? ` (\`${own.key.split('.').at(-1)}\` is \`${texts(own)[0]}\`)` : '',
            },
            file: f.source.file,
            line: f.source.line,
            config: own?.source,
          });
        }
      },
    };
  },
});
