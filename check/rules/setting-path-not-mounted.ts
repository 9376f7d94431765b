/**
 * A setting that points the app at a file the pod mounts (`APNS_AUTH_KEY_PATH:
 * /secrets/apns/apns_auth_key.p8`, `-promscrape.config=/config/scrape.yaml`) must name the path
 * the file is mounted at. When the mount moves and the setting does not, the app looks for a
 * file that is not there; nothing else in the config disagrees. A `subPath` mount puts one
 * file (or folder) of the volume at the mount path itself.
 */
import type { Container, Source, Workload } from '../../engine/index.ts';
import { flagSettings, settingsOf } from '../lib/config-reads.ts';
import { containerAt } from '../lib/locate.ts';
import { defineRule, type RuleContext } from '../rule.ts';

interface MountedFile {
  path: string;
  /** The volumeMount's line. */
  at: Source;
}

/** Every file a container's Secret and ConfigMap volumes put under its mounts, by file name. */
function mountedFiles(context: RuleContext, w: Workload, c: Container): Map<string, MountedFile[]> {
  const out = new Map<string, MountedFile[]>();
  c.volumeMounts.forEach((m, i) => {
    const vol = w.volumes.find((v) => v.name === m.name);
    for (const ref of vol?.refs ?? []) {
      if (ref.kind === 'persistentVolumeClaim') continue;
      let names = ref.paths;
      if (!names.length) {
        const found = context.shared.declared(
          ref.kind === 'secret' ? 'Secret' : 'ConfigMap',
          w.namespace,
          ref.name,
        );
        if (found === 'no' || found === 'unknown') continue;
        names = 'keys' in found ? found.keys.map((k) => k.key) : found.data.map((d) => d.key);
      }
      const at = containerAt(context.shared, w, c, ['volumeMounts', i, 'mountPath']);
      const dir = m.mountPath.replace(/\/+$/, '');
      if (m.subPath) {
        const sub = m.subPath.replace(/\/+$/, '');
        // The file itself at the mount path, or the files of a folder of the volume under it.
        for (const name of names) {
          const path =
            name === sub
              ? dir
              : name.startsWith(`${sub}/`)
                ? `${dir}${name.slice(sub.length)}`
                : null;
          if (!path) continue;
          const base = path.split('/').at(-1)!;
          (out.get(base) ?? out.set(base, []).get(base)!).push({ path, at });
        }
        return;
      }
      for (const name of names) {
        const file = { path: `${dir}/${name}`, at };
        const base = name.split('/').at(-1)!;
        (out.get(base) ?? out.set(base, []).get(base)!).push(file);
      }
    }
  });
  return out;
}

export default defineRule({
  meta: {
    id: 'setting-path-not-mounted',
    code: 'INCONSISTENT',
    description:
      "A container's setting (a ConfigMap entry it reads, an env value, a command-line flag) names a file its Secret or ConfigMap volumes do not provide: one they put elsewhere, or one missing from the folder a volume fills.",
    messages: {
      absent:
        '{{setting}} points container `{{workload}}/{{container}}` at `{{path}}`, but the volume mounted at `{{dir}}` holds only {{files}}.',
      moved:
        '{{setting}} points container `{{workload}}/{{container}}` at `{{path}}`, but its volume puts `{{file}}` at `{{mounted}}`.',
    },
    hints: {
      absent:
        'Name one of those files, or add the key to the Secret or ConfigMap (and to the volume `items`).',
      moved:
        'Point the setting at `{{mounted}}`, or mount the volume where the setting expects it.',
    },
    fix: 'Make the setting and the volume mount name the same path.',
    docs: '#rule-setting-path-not-mounted',
  },
  create(context) {
    return {
      container(c, w) {
        if (!w.applied || !c.volumeMounts.length) return;
        const settings = [
          ...settingsOf(c, w.namespace, context.ex.configMaps),
          ...flagSettings(c),
        ].filter((s) => /^\/\S+$/.test(s.value));
        // A folder is no file: one written as such (`/etc/app/`), or the mount path itself.
        const folders = new Set(c.volumeMounts.map((m) => m.mountPath.replace(/\/+$/, '')));
        if (!settings.length) return;
        const files = mountedFiles(context, w, c);
        const all = [...files.values()].flat();
        for (const s of settings) {
          const path = s.value.replace(/\/{2,}/g, '/');
          if (path.endsWith('/') || folders.has(path)) continue;
          const file = path.split('/').at(-1)!;
          if (all.some((f) => f.path === path)) continue;
          // In a folder a volume fills, but not a file it puts there.
          const dir = path.slice(0, path.lastIndexOf('/'));
          const beside = all.filter((f) => f.path.slice(0, f.path.lastIndexOf('/')) === dir);
          if (beside.length) {
            context.report({
              messageId: 'absent',
              data: {
                setting: s.label,
                workload: w.name,
                container: c.name,
                path: s.value,
                dir,
                files: beside.map((f) => `\`${f.path.split('/').at(-1)}\``).join(', '),
              },
              file: s.source.file,
              line: s.source.line,
              config: beside[0].at,
            });
            continue;
          }
          const where = files.get(file);
          if (!where) continue;
          context.report({
            messageId: 'moved',
            data: {
              setting: s.label,
              workload: w.name,
              container: c.name,
              path: s.value,
              file,
              mounted: where.map((f) => f.path).join('` or `'),
            },
            file: s.source.file,
            line: s.source.line,
            config: where[0].at,
          });
        }
      },
    };
  },
});
