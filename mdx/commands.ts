/**
 * The commands a command block runs, named by tool and subcommand (`kubectl drain`,
 * `hcloud server reset`, `k3s crictl rmi`): what Appendix B's command index lists, by tool,
 * and so the ids it gives each tool's heading, which the drift check must know to check a
 * link to one.
 */
import type { Chapter, Element } from './types.ts';

/** Shell plumbing that says nothing about what a block does. */
const PLUMBING = new Set(
  (
    'echo printf sleep seq sed awk grep head tail sort uniq wc xargs base64 cut less tee diff jq ' +
    'true false test [ then do done fi if else for while until break read unset export cat ls ' +
    'time date shred sh bash env kill cd install cp mv rm mkdir hostname uptime free df du'
  ).split(' '),
);

/** How many words after the tool name make its subcommand. */
const DEPTH: Record<string, number> = {
  kubectl: 1,
  hcloud: 2,
  docker: 1,
  neonctl: 2,
  asynq: 1,
  aws: 2,
  b2: 2,
  git: 1,
  npm: 2,
  systemctl: 1,
  ufw: 1,
  crictl: 1,
  ctr: 2,
  k3s: 1,
  'etcd-snapshot': 1,
  openssl: 1,
  journalctl: 0,
  curl: 0,
  ssh: 0,
  scp: 0,
  psql: 0,
  pg_dump: 0,
  dig: 0,
  nc: 0,
  ping: 0,
  ip: 1,
  ipvsadm: 0,
  tcpdump: 0,
  sysctl: 0,
  'redis-cli': 1,
  'ssh-keygen': 0,
  'ssh-add': 0,
};
/** kubectl verbs whose next word is part of the command (`rollout undo`, `config set-cluster`). */
const KUBECTL_TWO = new Set(['rollout', 'config', 'auth', 'top', 'set', 'create', 'etcd-snapshot']);
const FLAG_WITH_VALUE = /^(-n|--namespace|-l|--selector|-o|--kubeconfig|-c|--context|-f|-k|-u|-p)$/;

/** The words of one simple command, quotes dropped so a quoted remote command reads as words. */
function words(segment: string): string[] {
  return segment.replace(/["']/g, '').split(/\s+/).filter(Boolean);
}

/** The subcommand words after a tool, skipping flags and their values. */
function subcommand(tool: string, rest: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const want = tool === 'kubectl' && KUBECTL_TWO.has(out[0] ?? '') ? 2 : (DEPTH[tool] ?? 0);
    if (out.length >= want) break;
    const w = rest[i];
    if (w.startsWith('-')) {
      if (FLAG_WITH_VALUE.test(w)) i++;
      continue;
    }
    if (!/^[a-z][a-z0-9-]*$/.test(w)) break;
    out.push(w);
  }
  return out;
}

/** The tool invocations in a command: `ssh host sudo k3s crictl rmi` names `ssh` and `k3s crictl rmi`. */
export function commandInvocations(code: string): string[] {
  const found: string[] = [];
  for (const segment of code.split(/\n|&&|\|\||;|\||\$\(|`|\bdo\b|\bthen\b/)) {
    let ws = words(segment).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    while (ws.length) {
      const [tool, ...rest] = ws;
      if (tool === 'sudo' || tool === 'for' || tool === 'while' || tool === 'until') {
        ws = tool === 'sudo' ? rest : [];
        continue;
      }
      if (PLUMBING.has(tool) || !(tool in DEPTH)) break;
      if (tool === 'ssh') {
        found.push('ssh');
        // The remote command follows the host (the first word that is not a flag).
        const host = rest.findIndex((w) => !w.startsWith('-') && !/^[A-Za-z]+=/.test(w));
        ws = host >= 0 ? rest.slice(host + 1) : [];
        continue;
      }
      if (tool === 'k3s' && rest[0] && DEPTH[rest[0]] !== undefined && rest[0] !== 'kubectl') {
        found.push(['k3s', rest[0], ...subcommand(rest[0], rest.slice(1))].join(' '));
        break;
      }
      if (tool === 'k3s' && rest[0] === 'kubectl') {
        found.push(['kubectl', ...subcommand('kubectl', rest.slice(1))].join(' '));
        break;
      }
      found.push([tool, ...subcommand(tool, rest)].join(' '));
      break;
    }
  }
  return [...new Set(found)];
}

/** The tool a command names: its first word (`kubectl` of `kubectl rollout undo`). */
export function commandTool(command: string): string {
  return command.split(' ')[0];
}

/** The id of a tool's heading in the command index. */
export function toolAnchor(tool: string): string {
  return `tool-${tool}`;
}

const PLACEHOLDER = /\{\{\s*([^}\s]+)\s*\}\}/g;

/**
 * A command as its block shows it: `\n` written in the attribute is a line break, and each
 * `{{key}}` placeholder is replaced by `value(key)` (left as written when that is undefined).
 */
export function fillPlaceholders(code: string, value: (key: string) => string | undefined): string {
  return code.replace(/\\n/g, '\n').replace(PLACEHOLDER, (m, key: string) => value(key) ?? m);
}

/** How a fact's value reads in a command: a list as its items, space-separated (`for h in …`). */
export function placeholderText(value: unknown): string {
  return Array.isArray(value) ? value.join(' ') : String(value);
}

/** The file, under the docs folder, that defines the command blocks procedures share. */
export const SHARED_BLOCKS_FILE = 'runbooks/_shared.mdx';

/**
 * The shared command blocks (each `<Cmd name>` of SHARED_BLOCKS_FILE), by name: what a
 * `<Block name>` shows. The site looks a name up in that file only, so a `<Cmd name>` on
 * another page is that page's own block, not a shared one.
 */
export function sharedCommands(chapters: readonly Chapter[]): Map<string, Element> {
  const out = new Map<string, Element>();
  const isShared = (file: string) =>
    `/${file.replace(/\\/g, '/')}`.endsWith(`/${SHARED_BLOCKS_FILE}`);
  for (const ch of chapters.filter((c) => isShared(c.file)))
    for (const el of ch.elements)
      if (el.name === 'Cmd' && el.attrs.name) out.set(el.attrs.name, el);
  return out;
}

/** The code of every command block a page shows, its own and the shared ones, as written. */
export function pageCommands(ch: Chapter, shared: ReadonlyMap<string, Element>): string[] {
  return ch.elements.flatMap((el) => {
    const cmd = el.name === 'Block' ? shared.get(el.attrs.name ?? '') : el;
    return cmd?.name === 'Cmd' && cmd.attrs.code ? [cmd.attrs.code] : [];
  });
}
