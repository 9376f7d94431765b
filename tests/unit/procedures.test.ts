/**
 * The operator procedures as written: one page per incident, each command
 * marked read-only or changing, diagnosis free of changes, no command that can
 * block forever on a dead node (drains, waits and ssh all bounded), no preview
 * sharing a block with the change it gates, every supplied value a guarded shell variable,
 * one working directory, and chapters that link instead of copying. The lint
 * helpers are tested on small valid and invalid commands first, then run over
 * the real book.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandInvocations, readChapterFile } from '../../mdx/index.ts';
import { extract } from '../../engine/index.ts';
import { onPath } from '../../engine/render/tools.ts';
import { hardcodedIn } from '../../check/index.ts';
import { procedures, sidebarItem, type Procedure } from '../../src/lib/procedures.ts';
import { commandIndex } from '../../src/lib/command-index.ts';

const DOCS = 'src/content/docs';

/** A command as the shell sees it: `\n` escapes as newlines, `{{key}}` placeholders kept. */
const shell = (raw: string) => raw.replace(/\\n/g, '\n');

/** Variables assigned inside the block itself: `X=…`, `for X in`, `read -rs X`. */
function assigned(code: string): Set<string> {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:^|[\s;(])([A-Z][A-Z0-9_]*)=/g)) out.add(m[1]);
  for (const m of code.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\b/g)) out.add(m[1]);
  for (const m of code.matchAll(/\bread\s+(?:-\w+\s+)*([A-Za-z_]\w*)/g)) out.add(m[1]);
  return out;
}

/**
 * The text the workstation's shell expands: single-quoted spans opened outside double
 * quotes are blanked, since their `$VAR` belongs to the shell they are handed to
 * (`kubectl exec … -- sh -c '…'`), and so is a `$` escaped with a backslash.
 */
export function expandedLocally(code: string): string {
  let out = '';
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      out += c === '\n' ? c : ' ';
    } else if (c === '\\') {
      out += '  ';
      i++;
    } else {
      if (c === "'" && quote === null) quote = "'";
      else if (c === '"') quote = quote === '"' ? null : '"';
      out += c;
    }
  }
  return out;
}

/** Upper-case variables used without a `${VAR:?…}` (or `${VAR?…}`) guard and not set in the block. */
export function unguarded(command: string): string[] {
  const code = expandedLocally(command);
  const own = assigned(code);
  const bad: string[] = [];
  for (const m of code.matchAll(/\$\{(#?)([A-Z][A-Z0-9_]*)(:?\?)?|\$([A-Z][A-Z0-9_]*)/g)) {
    const name = m[2] ?? m[4];
    const guarded = m[3] !== undefined;
    if (!guarded && !own.has(name)) bad.push(name);
  }
  return [...new Set(bad)];
}

/** Hand-made placeholders the book no longer uses: `<new-tag>`, `SRC=SOURCE_CIDR`, `/RECORD_ID`. */
export function placeholders(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/<([a-z][a-z0-9-]*)>/g)) out.push(m[0]);
  for (const m of code.matchAll(/(?:^|[\s;])[A-Z_]+=([A-Z][A-Z0-9_]{3,})(?=[\s;]|$)/gm))
    out.push(m[1]);
  for (const m of code.matchAll(/\/([A-Z][A-Z0-9_]{3,})(?=["'\s]|$)/gm)) out.push(m[1]);
  return out;
}

/** What a command changes: cluster objects, nodes, providers or local files. */
const CHANGES: [RegExp, string][] = [
  [
    /\bkubectl\b(?![^\n|;]*--dry-run)[^\n|;]*\s(delete|drain|cordon|uncordon|apply|create|replace|patch|edit|label|annotate|scale|taint)\b/,
    'kubectl $1',
  ],
  [/\bkubectl\b[^\n|;]*\srollout\s+(undo|restart|pause|resume)\b/, 'kubectl rollout $1'],
  [/\bkubectl\b[^\n|;]*\sset\s+(image|env|resources)\b/, 'kubectl set $1'],
  [/\bkubectl\s+config\s+(set-cluster|set-context|use-context|delete-\w+)\b/, 'kubectl config $1'],
  // A node debugging pod is a root shell on the host, not a look.
  [/\bkubectl\s+debug\s+"?node\//, 'kubectl debug node'],
  [/\b(reboot|shutdown)\b/, '$1'],
  [/\bsystemctl\s+(stop|start|restart|reboot|reload|disable|enable)\b/, 'systemctl $1'],
  [/\bufw\s+(allow|deny|delete|reset|enable|disable|--force)\b/, 'ufw $1'],
  [/(?:^|[\s;&|"])(rm|shred|install|tee|mv|cp)\s/m, '$1'],
  [/\bcrictl\s+rmi\b/, 'crictl rmi'],
  [/\bctr\b[^\n]*\bimport\b/, 'ctr import'],
  [/\betcd-snapshot\s+save\b|--cluster-reset\b/, 'etcd change'],
  [/\bjournalctl\b[^\n]*--vacuum/, 'journalctl --vacuum'],
  [
    /\bhcloud\s+server\s+(reset|reboot|poweron|poweroff|shutdown|change-type|enable-rescue|delete)\b/,
    'hcloud server $1',
  ],
  [/\bcurl\b[^\n]*-X\s*(DELETE|POST|PUT|PATCH)\b/, 'curl -X $1'],
  [/\bneonctl\s+branches\s+(create|delete)\b/, 'neonctl branches $1'],
  [/\bdocker\s+(login|push|buildx\s+build|save)\b/, 'docker $1'],
  [/\bredis-cli\b[^\n]*\b(BGREWRITEAOF|FLUSHALL|FLUSHDB|DEL|CONFIG\s+SET)\b/, 'redis-cli $1'],
  [/\basynq\b[^\n]*\btask\s+(runall|run|delete|deleteall|archive|archiveall)\b/, 'asynq task $1'],
  [/\bget\.k3s\.io\b/, 'k3s installer'],
  [/\{\{external\.checkout\.deployScript\}\}/, 'the release script'],
  [/\bpg_dump\b|\bsysctl\s+(-w|--system)\b|\bssh-keygen\s+-R\b/, 'local or node change'],
  [/(^|[^<>&2])>\s*[\w"$]/m, 'writes a file'],
];

export function changesIn(code: string): string[] {
  return CHANGES.flatMap(([re, what]) => {
    const m = re.exec(code);
    return m ? [what.replace('$1', m[1] ?? '')] : [];
  });
}

/** Waits that could hang on a dead node or a stuck object. */
export function unbounded(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split('\n')) {
    if (/\bkubectl\b.*\s(drain|wait|rollout\s+status)\b/.test(line) && !/--timeout=/.test(line))
      out.push(line.trim());
    if (
      /\bkubectl\b.*\sdelete\s+(pvc|persistentvolumeclaim|pv|node|pods?)\b/.test(line) &&
      !/--wait=false/.test(line)
    )
      out.push(line.trim());
  }
  return out;
}

/** ssh and scp options that take an argument, so the word after them is no host. */
const SSH_ARG_OPTIONS = new Set('BbcDEeFIiJLlmOopPQRSWw'.split('').map((c) => `-${c}`));

/**
 * ssh and scp calls without a connect timeout: against a dead node they wait for the
 * kernel's TCP timeout, minutes long. `ssh -G` only prints the configuration and connects
 * to nothing.
 */
export function sshWithoutTimeout(code: string): string[] {
  const out: string[] = [];
  const calls = /(?:^|[;&|(!]|\b(?:do|then|else|if|sudo))\s*((?:ssh|scp)\s+[^\n;|&]*)/gm;
  for (const m of code.matchAll(calls)) {
    const words = m[1].split(/\s+/).slice(1);
    let bounded = false;
    let printsConfig = false;
    for (let i = 0; i < words.length && words[i].startsWith('-'); i++) {
      const w = words[i];
      if (w === '-G') printsConfig = true;
      const option = w === '-o' ? words[i + 1] : w.startsWith('-o') ? w.slice(2) : '';
      if (/^ConnectTimeout=\d+$/i.test(option ?? '')) bounded = true;
      if (SSH_ARG_OPTIONS.has(w)) i++;
    }
    if (!bounded && !printsConfig) out.push(m[1].trim());
  }
  return out;
}

/**
 * A credential handed to a command as an argument, which the workstation's process list shows
 * while the command runs: a password or token option with a variable as its value, or an HTTP
 * `Authorization` header or `user:password` written on the command line. Read from a file
 * (`-H @<(echo …)`) or the environment, it stays out of the list.
 */
export function secretArguments(code: string): string[] {
  const patterns = [
    /--(?:password|passwd|pass|token|secret|api-key|apikey)(?:=|\s+)["']?\$[^\s;|&]*/gi,
    /(?:-H|--header)\s+["']?(?:Authorization|Proxy-Authorization|X-Auth-Token|X-Api-Key):[^\n;|&]*/gi,
    /(?:\s-u|--user)\s+["']?[^\s"':]*:\$[^\s;|&]*/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[0].trim()));
}

/** Read-only looks that decide whether to go on: they belong in a block of their own. */
const PREVIEW = /^\s*kubectl\b[^|;&\n]*\s(diff|top|get)\b/;

/**
 * A change block that opens with a preview (`kubectl diff`, `top`, `get`) and then changes
 * something: pasted whole, the preview's answer cannot stop the change.
 */
export function previewThenChange(code: string): string | null {
  const [first, ...rest] = code.split('\n');
  if (!PREVIEW.test(first) || changesIn(first).length > 0) return null;
  return changesIn(rest.join('\n')).length > 0 ? first.trim() : null;
}

describe('the lint helpers', () => {
  test('an unset variable must be guarded where it is used', () => {
    assert.deepEqual(unguarded('kubectl drain "$NODE"'), ['NODE']);
    assert.deepEqual(unguarded('kubectl drain "${NODE}"'), ['NODE']);
    assert.deepEqual(unguarded('kubectl drain "${NODE:?set NODE first}"'), []);
    assert.deepEqual(unguarded('echo "${ARGS?set ARGS first}"'), []);
    assert.deepEqual(unguarded('TAG=$(git rev-parse HEAD)\necho "$TAG"'), []);
    assert.deepEqual(unguarded('for h in a b; do ssh "$h" true; done'), []);
    assert.deepEqual(unguarded('read -rs TOKEN\necho ${#TOKEN}'), []);
    assert.deepEqual(unguarded("kubectl exec deploy/redis -- sh -c 'echo $REDIS_PASSWORD'"), []);
    assert.deepEqual(unguarded('ssh h "echo \'$TOKEN\'"'), ['TOKEN']);
    assert.deepEqual(unguarded("echo '$A' $B"), ['B']);
    assert.deepEqual(unguarded('echo \\$A'), []);
  });
  test('hand-made placeholders are found', () => {
    assert.deepEqual(placeholders('hcloud server change-type x <new-type>'), ['<new-type>']);
    assert.deepEqual(placeholders('SRC=SOURCE_CIDR; PORT=22'), ['SOURCE_CIDR']);
    assert.deepEqual(placeholders('curl -X DELETE "https://x/dns_records/RECORD_ID"'), [
      'RECORD_ID',
    ]);
    assert.deepEqual(
      placeholders('kubectl get deploy -o "custom-columns=NAME:.metadata.name"'),
      [],
    );
    assert.deepEqual(placeholders('psql -c "SELECT 1;" 2>/dev/null'), []);
  });
  test('changes are told from looks', () => {
    assert.deepEqual(changesIn('ssh h "df -h / && sudo du -sh /var"'), []);
    assert.deepEqual(changesIn('ssh h "df -h /; sudo k3s crictl rmi --prune"'), ['crictl rmi']);
    assert.deepEqual(changesIn('kubectl -n honeydue rollout undo deployment/api'), [
      'kubectl rollout undo',
    ]);
    assert.deepEqual(changesIn('kubectl label --dry-run=server ns honeydue x=y'), []);
    assert.deepEqual(changesIn('kubectl get pods 2>/dev/null | grep x'), []);
    assert.deepEqual(
      changesIn('kubectl run dnscheck --rm -it --restart=Never -- nslookup redis'),
      [],
    );
    assert.deepEqual(changesIn('ssh h "sudo cp -p a a.old"'), ['cp']);
    assert.ok(changesIn('kubectl get secret x -o yaml > backup.yaml').includes('writes a file'));
  });
  test('waits without a limit are found', () => {
    assert.equal(unbounded('kubectl drain n --ignore-daemonsets').length, 1);
    assert.equal(unbounded('kubectl drain n --timeout=10m').length, 0);
    assert.equal(unbounded('kubectl -n honeydue delete pvc redis-data').length, 1);
    assert.equal(unbounded('kubectl -n honeydue delete pvc redis-data --wait=false').length, 0);
    assert.equal(unbounded('kubectl -n honeydue rollout status deployment/api').length, 1);
  });
  test('credentials passed as arguments are found', () => {
    for (const bad of [
      'asynq --uri=127.0.0.1:16379 --password="$REDIS_PASSWORD" stats',
      'redis-cli --pass "$P" ping',
      'curl -fsS -H "Authorization: Bearer ${CF_API_TOKEN:?set it}" https://api.example',
      'curl --header \'X-Api-Key: \'"$KEY" https://api.example',
      'curl -u admin:$ADMIN_PASSWORD https://gitea.example',
    ])
      assert.equal(secretArguments(bad).length, 1, bad);
    for (const good of [
      'PASSWORD="$REDIS_PASSWORD" asynq --uri=127.0.0.1:16379 stats',
      'curl -fsS -H @<(echo "Authorization: Bearer ${CF_API_TOKEN:?set it}") https://api.example',
      'curl -H "Content-Type: application/json" --data @body.json https://api.example',
      'kubectl -n honeydue get secret x -o "jsonpath={.data.P}"',
      'curl -u admin https://gitea.example',
    ])
      assert.deepEqual(secretArguments(good), [], good);
  });

  test('ssh without a connect timeout is found', () => {
    assert.deepEqual(sshWithoutTimeout('ssh "$h" sudo ufw status'), ['ssh "$h" sudo ufw status']);
    assert.deepEqual(sshWithoutTimeout('ssh -o ConnectTimeout=10 "$h" sudo ufw status'), []);
    assert.deepEqual(sshWithoutTimeout('ssh -v -oConnectTimeout=10 -o BatchMode=yes h true'), []);
    assert.deepEqual(sshWithoutTimeout('ssh -G h | grep -E "^hostname "'), []);
    assert.deepEqual(sshWithoutTimeout('X=$(ssh -i key h cat t)'), ['ssh -i key h cat t)']);
    assert.equal(sshWithoutTimeout('for h in a b; do scp f "$h:" && ssh "$h" ls; done').length, 2);
    assert.deepEqual(sshWithoutTimeout('ufw allow ssh\nsystemctl status ssh --no-pager'), []);
  });
  test('a preview and the change it gates are found in one block', () => {
    const diff = 'kubectl diff -f traefik.yaml\nkubectl apply -f traefik.yaml';
    assert.equal(previewThenChange(diff), 'kubectl diff -f traefik.yaml');
    assert.ok(previewThenChange('kubectl -n x top pods -l a=b\nkubectl apply -f hpa.yaml'));
    assert.equal(previewThenChange('kubectl apply -f hpa.yaml\nkubectl -n x get hpa api'), null);
    assert.equal(
      previewThenChange('kubectl get secret s -o json | jq . | kubectl apply -f -'),
      null,
    );
    assert.equal(previewThenChange('kubectl diff -f traefik.yaml'), null);
  });
  test('tool invocations are named through ssh and sudo', () => {
    assert.deepEqual(commandInvocations('ssh "$h" sudo k3s crictl rmi --prune'), [
      'ssh',
      'k3s crictl rmi',
    ]);
    assert.deepEqual(commandInvocations('kubectl -n honeydue rollout undo deployment/api'), [
      'kubectl rollout undo',
    ]);
    assert.deepEqual(commandInvocations('hcloud server reset x || hcloud server poweron x'), [
      'hcloud server reset',
      'hcloud server poweron',
    ]);
  });
});

const all = procedures();
const byId = new Map(all.map((p) => [p.id, p]));
const h2 = (p: Procedure) => p.model.headings.filter((h) => h.depth === 2);
/** The h2 section a line belongs to. */
const sectionOf = (p: Procedure, line: number) =>
  h2(p)
    .filter((h) => h.line < line)
    .at(-1)?.text ?? '';

describe('the procedures', () => {
  test('cover the incidents operators meet', () => {
    for (const id of [
      'triage',
      'every-request-fails',
      'rollback',
      'origin-certificate',
      'node-unreachable',
      'node-down',
      'disk-pressure',
      'node-maintenance',
      'k3s-upgrade',
      'pods-pending',
      'redis',
      'db-migration',
    ])
      assert.ok(byId.has(id), `no procedure ${id}`);
  });

  test('each has the sections its kind needs', () => {
    const need = {
      incident: ['Which case is it', 'Verify', 'Back out'],
      change: ['Steps', 'Verify', 'Back out'],
      check: [],
    } as const;
    for (const p of all)
      for (const s of need[p.data.kind])
        assert.ok(
          h2(p).some((h) => h.text === s),
          `${p.file}: a ${p.data.kind} procedure needs a "## ${s}" section`,
        );
  });

  test('every command says whether it changes anything, and says it truly', () => {
    for (const p of all)
      for (const c of p.commands) {
        const where = `${p.file}:${c.line} "${c.title}"`;
        assert.ok(c.effect, `${where}: give it effect="read" or effect="change"`);
        const changes = changesIn(shell(c.raw));
        if (c.effect === 'read') assert.deepEqual(changes, [], `${where} is marked read-only`);
        if (c.effect === 'change') assert.ok(changes.length > 0, `${where}: what does it change?`);
      }
  });

  test('diagnosis only reads', () => {
    for (const p of all)
      for (const c of p.commands) {
        const s = sectionOf(p, c.line);
        if (s === 'Which case is it' || s === 'Before you begin')
          assert.equal(c.effect, 'read', `${p.file}:${c.line} changes something in "${s}"`);
      }
  });

  test('values you supply are guarded shell variables, not hand-made placeholders', () => {
    for (const p of all)
      for (const c of p.commands) {
        const code = shell(c.raw);
        assert.deepEqual(unguarded(code), [], `${p.file}:${c.line} "${c.title}"`);
        assert.deepEqual(placeholders(code), [], `${p.file}:${c.line} "${c.title}"`);
      }
  });

  test('nothing waits forever', () => {
    for (const p of all)
      for (const c of p.commands)
        assert.deepEqual(unbounded(shell(c.raw)), [], `${p.file}:${c.line} "${c.title}"`);
  });

  test('no credential is a command argument', () => {
    for (const p of all)
      for (const c of p.commands)
        assert.deepEqual(secretArguments(shell(c.raw)), [], `${p.file}:${c.line} "${c.title}"`);
  });

  test('every ssh call has a connect timeout', () => {
    for (const p of all)
      for (const c of p.commands)
        assert.deepEqual(sshWithoutTimeout(shell(c.raw)), [], `${p.file}:${c.line} "${c.title}"`);
  });

  test('a preview that decides whether to go on is a block of its own', () => {
    for (const p of all)
      for (const c of p.commands.filter((c) => c.effect === 'change'))
        assert.equal(previewThenChange(shell(c.raw)), null, `${p.file}:${c.line} "${c.title}"`);
  });

  test('drain and uncordon are never one copyable block', () => {
    for (const p of all)
      for (const c of p.commands)
        assert.ok(
          !(/\bdrain\b/.test(c.raw) && /\buncordon\b/.test(c.raw)),
          `${p.file}:${c.line} drains and uncordons in one block`,
        );
  });

  test('the k3s installer always gets an explicit version', () => {
    const uses = all.flatMap((p) => p.commands.filter((c) => /get\.k3s\.io/.test(c.raw)));
    assert.ok(uses.length >= 2);
    for (const c of uses)
      assert.match(c.raw, /INSTALL_K3S_VERSION=(\{\{cluster\.k3s\}\}|\$\{K3S_VERSION:\?)/, c.title);
  });

  test('Redis moves in the order that never blocks on a dead node', () => {
    const redis = byId.get('redis')!.commands.map((c) => c.raw);
    const at = (re: RegExp) => {
      const i = redis.findIndex((c) => re.test(c));
      assert.ok(i >= 0, `no Redis step matches ${re}`);
      return i;
    };
    const stop = at(/scale deployment\/redis --replicas=0/);
    const force = at(/delete pod -l app\.kubernetes\.io\/name=redis --force --grace-period=0/);
    const pvc = at(/delete pvc redis-data --wait=false/);
    const claim = at(/apply -f \{\{external\.checkout\.manifests\}\}\/redis\/pvc\.yaml/);
    const start = at(/scale deployment\/redis --replicas=\{\{deployment\/redis\.replicas\}\}/);
    assert.ok(stop < force && force < pvc && pvc < claim && claim < start);
    assert.ok(!redis.some((c) => /apply -k/.test(c)), 'no full apply in the middle of an incident');
  });

  /**
   * A folder for PATH whose tools log their arguments before they run: the real tool, or a
   * stand-in script given by name. Secrets passed to a command show up in the log.
   */
  function loggedTools(tools: Record<string, string | null>) {
    const bin = mkdtempSync(join(tmpdir(), 'hd-argv-'));
    const log = join(bin, 'argv.log');
    writeFileSync(log, '');
    for (const [tool, body] of Object.entries(tools)) {
      const run = body ?? `exec '${onPath(tool)}' "$@"`;
      writeFileSync(
        join(bin, tool),
        `#!/bin/sh\nprintf '%s\\n' "${tool} $*" >> '${log}'\n${run}\n`,
        {
          mode: 0o755,
        },
      );
    }
    return {
      bin,
      env: (extra: Record<string, string>) => ({
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        ...extra,
      }),
      argv: () => readFileSync(log, 'utf8'),
      dispose: () => rmSync(bin, { recursive: true, force: true }),
    };
  }

  const commandOf = (id: string, title: string) => {
    const cmd = byId.get(id)!.commands.find((c) => c.title === title);
    assert.ok(cmd, `${id}: "${title}"`);
    return cmd.raw.replace(/\\n/g, '\n');
  };
  const facts = extract('manifests').registry;
  const fill = (code: string) => {
    const out = code.replace(/\{\{([^}]+)\}\}/g, (_, k: string) => String(facts.get(k)!.value));
    assert.ok(!/\{\{/.test(out), out);
    return out;
  };

  test(
    "the registry token reaches kubectl on its input, never as a command's argument, and makes the Secret docker-registry makes",
    { skip: onPath('kubectl') ? false : 'kubectl is not installed' },
    () => {
      const host = String(facts.get('external.gitea.host')!.value);
      // No cluster here: the Secret kubectl would apply is printed instead.
      const code = fill(
        commandOf('rotate-secret', 'Replace the gitea-credentials pull Secret'),
      ).replace('| kubectl apply -f -', '');
      const tools = loggedTools({ kubectl: null, base64: null, tr: null });
      const token = 'f3a9c0de11token77b2';
      try {
        const out = execFileSync('bash', ['-c', code], {
          input: `${token}\n`,
          encoding: 'utf8',
          env: tools.env({ GITEA_USER: 'deploy-bot' }),
        });
        const argv = tools.argv();
        assert.match(argv, /^kubectl -n honeydue create secret generic gitea-credentials/m);
        assert.match(argv, /^base64/m);
        assert.ok(!argv.includes(token), `the token is an argument:\n${argv}`);
        const expected = execFileSync(
          onPath('kubectl')!,
          [
            '-n',
            'honeydue',
            'create',
            'secret',
            'docker-registry',
            'gitea-credentials',
            `--docker-server=${host}`,
            '--docker-username=deploy-bot',
            `--docker-password=${token}`,
            '--dry-run=client',
            '-o',
            'yaml',
          ],
          { encoding: 'utf8' },
        );
        assert.equal(out, expected);
      } finally {
        tools.dispose();
      }
    },
  );

  test("the k3s join token reaches the installer's environment on ssh's input, never as an argument", () => {
    const code = fill(
      commandOf('replace-node', 'Install k3s on the new server and join it to the cluster'),
    );
    const seen = join(tmpdir(), `hd-k3s-installer-${process.pid}.txt`);
    const tools = loggedTools({
      // The remote side, run here by /bin/sh: ssh's last argument is the remote command.
      ssh: 'for a; do cmd="$a"; done; exec /bin/sh -c "$cmd"',
      // sudo's environment rules (env_reset): only what --preserve-env names and VAR=value sets.
      sudo: [
        'keep="PATH=$PATH"',
        'while [ $# -gt 0 ]; do case "$1" in',
        '  --preserve-env=*) v="${1#--preserve-env=}"; keep="$keep $v=$(printenv "$v")"; shift;;',
        '  *=*) keep="$keep $1"; shift;;',
        '  *) break;;',
        'esac; done',
        'exec env -i $keep "$@"',
      ].join('\n'),
      // The installer records what it was given.
      curl: `echo 'printf "%s|%s|%s" "$K3S_TOKEN" "$INSTALL_K3S_VERSION" "$*" > ${seen}'`,
    });
    const token = 'K10f00dcafe::server:5ecret77';
    try {
      execFileSync('bash', ['-c', code], {
        encoding: 'utf8',
        env: tools.env({
          K3S_TOKEN: token,
          NEW_SSH: 'hetzner9',
          SURVIVOR_IP: '203.0.113.7',
          K3S_SERVER_ARGS: '--disable=servicelb --tls-san=k3s.example',
        }),
      });
      const [got, version, args] = readFileSync(seen, 'utf8').split('|');
      assert.equal(got, token);
      assert.equal(version, String(facts.get('cluster.k3s')!.value));
      const port = String(facts.get('listener/k3s-apiserver.port')!.value);
      assert.equal(
        args,
        `server --server https://203.0.113.7:${port} --disable=servicelb --tls-san=k3s.example`,
      );
      const argv = tools.argv();
      assert.match(argv, /^ssh -o ConnectTimeout=10 hetzner9 /m);
      assert.match(argv, /^sudo --preserve-env=K3S_TOKEN INSTALL_K3S_VERSION=/m);
      assert.ok(!argv.includes(token), `the token is an argument:\n${argv}`);
    } finally {
      tools.dispose();
      rmSync(seen, { force: true });
    }
  });

  test('command titles are unique on each page, so every block has its own anchor', () => {
    for (const p of all) {
      const anchors = p.commands.map((c) => c.anchor);
      assert.equal(new Set(anchors).size, anchors.length, `${p.file} repeats a command title`);
    }
  });

  test('symptoms, search words and warning titles hold no hand-typed config values', () => {
    const result = extract('manifests');
    for (const p of all)
      for (const text of [
        ...p.data.symptoms,
        ...p.data.keywords,
        ...p.warnings.map((w) => w.title),
      ])
        assert.deepEqual(
          hardcodedIn(text, result).map((l) => l.text),
          [],
          `${p.file}: "${text}"`,
        );
  });

  test('every warning has a title for the Runbooks page', () => {
    for (const p of all) for (const w of p.warnings) assert.ok(w.title, `${p.file}:${w.line}`);
  });
});

/** Every `<Cmd>` of the whole book, chapters included. */
function allCommands(): { file: string; line: number; code: string }[] {
  const out: { file: string; line: number; code: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.mdx?$/.test(e.name))
        for (const t of readChapterFile(p).elements)
          if (t.name === 'Cmd' && t.attrs.code)
            out.push({ file: p, line: t.line, code: shell(t.attrs.code) });
    }
  };
  walk(DOCS);
  return out;
}

describe('the book around the procedures', () => {
  test('every command runs from the checkout root and names the manifests by their fact', () => {
    for (const c of allCommands()) {
      assert.ok(!c.code.includes('deploy-k3s/'), `${c.file}:${c.line} types the manifests path`);
      for (const m of c.code.matchAll(/\bkubectl\s+(?:apply|diff)\b[^\n|;]*?\s-([kf])\s+(\S+)/g))
        assert.ok(
          m[2] === '-' || m[2].startsWith('{{external.checkout.manifests}}'),
          `${c.file}:${c.line} applies ${m[2]}`,
        );
    }
  });

  test('commands live in the procedures only; chapters link to them', () => {
    const outside = allCommands().filter((c) => !c.file.startsWith(`${DOCS}/runbooks/`));
    assert.deepEqual(
      outside.map((c) => `${c.file}:${c.line}`),
      [],
    );
    for (const f of readdirSync(DOCS).filter((n) => /^(\d\d-|appendix-[abc]|index)/.test(n))) {
      const s = readChapterFile(join(DOCS, f));
      const start = s.headings.find((h) => h.depth === 2 && h.text === 'Operator runbook');
      assert.ok(start, `${f} has no Operator runbook section`);
      const links = s.elements.filter((t) => t.name === 'ProcedureLinks' && t.line > start.line);
      assert.ok(links.length > 0, `${f}: its Operator runbook links no procedure`);
      for (const l of links)
        for (const id of l.attrs.ids.split(',').map((x) => x.trim()))
          assert.ok(byId.has(id), `${f}:${l.line} links the unknown procedure ${id}`);
    }
  });

  test('the command index links every procedure command, under its tool', () => {
    const index = commandIndex();
    const linked = new Set(
      index.flatMap((t) => t.entries.flatMap((e) => e.uses.map((u) => u.block))),
    );
    for (const p of all)
      for (const c of p.commands)
        if (commandInvocations(c.code).length)
          assert.ok(linked.has(c), `${p.file}:${c.line} "${c.title}" is not in the index`);
    const tools = index.map((t) => t.tool);
    for (const t of ['kubectl', 'ssh', 'hcloud', 'curl']) assert.ok(tools.includes(t), t);
  });
});

test("a procedure's sidebar entry leads to its page, wherever its front matter puts it", () => {
  // A `slug:` in the front matter moves the page; the entry follows it, not the file's name.
  const moved = { href: '/runbooks/when-redis-is-down/', title: 'Redis is down' };
  assert.deepEqual(sidebarItem(moved), {
    slug: 'runbooks/when-redis-is-down',
    label: 'Redis is down',
  });
  for (const p of procedures())
    assert.equal(`/${sidebarItem(p).slug}/`, p.href, `${p.file}: its entry and its page`);
});
