/**
 * Credentials in free text (a chapter's line, a commit subject): the patterns that cannot be
 * anything else. A private key, the token formats of well-known services, a password inside a
 * URL, and a literal value given to a variable, flag or YAML key whose name says credential
 * (isCredentialName). A value that says where the credential comes from (`$VAR`, `${VAR}`,
 * `<token>`, `***`, a file name) is no credential.
 */
import { isCredentialName, mayNameCredential } from './redact.ts';

/** Token formats that are a credential wherever they appear. */
const TOKENS: { what: string; re: RegExp }[] = [
  { what: 'a private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { what: 'an AWS access key', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { what: 'a GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})/g },
  { what: 'a GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { what: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { what: 'a Stripe key', re: /\b[sr]k_live_[A-Za-z0-9]{16,}/g },
  { what: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  {
    what: 'a JSON Web Token',
    re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
];

/** `scheme://user:password@`: the password is group 1. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]*:([^\s@/'"`]+)@/gi;
/** `NAME=value` (shell, env files): name and value. */
const ASSIGNMENT = /(?<![\w-])([A-Za-z_][A-Za-z0-9_]*)=(["']?)([^\s"'`;|&)]+)\2/g;
/** `--password=value`, `--password value`: the flag's name, the separator and the value. */
const FLAG = /(?<!\w)--([a-z][a-z0-9-]*)(=|\s+)(["']?)([^\s"'`;|&)]+)\3/g;
/** `password: value` on a line of its own (YAML, env-style lists). */
const YAML_PAIR = /^\s*(?:-\s+)?([A-Za-z_][\w.-]*):\s+(["']?)([^\s"'`#]+)\2\s*(?:#.*)?$/;

/** A value that says where the credential comes from (a variable, a file), or that it is left out. */
function placeholder(value: string): boolean {
  return (
    /^[$%{<([@]/.test(value) ||
    /[/\\]|\.[A-Za-z][A-Za-z0-9]{0,4}$/.test(value) ||
    /^(?:[*xX.…_-]+|true|false|null|none|empty|redacted|placeholder|changeme|secret|password|token)$/i.test(
      value,
    ) ||
    value.length < 4
  );
}

export interface CredentialHit {
  what: string;
  col: number;
}

/** Every token format's leading text: a line without one holds no token. */
const TOKEN_LEAD =
  /-----BEGIN |AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|k_live_|AIza|eyJ/;

/** The credentials one line of a chapter holds, with their 1-based columns. */
export function credentialsIn(line: string): CredentialHit[] {
  const hits: CredentialHit[] = [];
  if (TOKEN_LEAD.test(line))
    for (const { what, re } of TOKENS)
      for (const m of line.matchAll(re)) hits.push({ what, col: m.index + 1 });
  if (line.includes('://'))
    for (const m of line.matchAll(URL_PASSWORD))
      if (!placeholder(m[1])) hits.push({ what: 'a password in a URL', col: m.index + 1 });
  const named = mayNameCredential(line);
  if (named && line.includes('='))
    for (const m of line.matchAll(ASSIGNMENT))
      if (!placeholder(m[3]) && isCredentialName(m[1]))
        hits.push({ what: `a literal value for \`${m[1]}\``, col: m.index + 1 });
  if (named && line.includes('--'))
    for (const m of line.matchAll(FLAG)) {
      // After a space, a plain word is prose ("--password only when asked"), not a value.
      const word = m[2] !== '=' && /^[A-Za-z]+[.,:!?]?$/.test(m[4]);
      if (!word && !placeholder(m[4]) && isCredentialName(m[1]))
        hits.push({ what: `a literal value for \`${m[1]}\``, col: m.index + 1 });
    }
  const pair = named && line.includes(':') ? YAML_PAIR.exec(line) : null;
  if (pair && isCredentialName(pair[1]) && !placeholder(pair[3]))
    hits.push({ what: `a literal value for \`${pair[1]}\``, col: line.indexOf(pair[1]) + 1 });
  // One finding per place: a token inside an assignment is reported once.
  return hits
    .sort((a, b) => a.col - b.col)
    .filter((h, i, all) => i === 0 || h.col !== all[i - 1].col);
}
