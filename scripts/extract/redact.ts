/**
 * Secrets in manifests are key-name templates, but even if a real value is
 * committed by mistake, nothing that renders YAML may show it. This blanks the
 * value of every key under `data:` / `stringData:` in a Secret's YAML text.
 */
export function redactSecretValues(yamlText: string): string {
  const out: string[] = [];
  let inData = -1;
  for (const line of yamlText.split('\n')) {
    const indent = /^\s*/.exec(line)![0].length;
    if (inData >= 0 && line.trim() && indent <= inData) inData = -1;
    if (/^\s*(data|stringData):\s*$/.test(line)) {
      inData = indent;
      out.push(line);
      continue;
    }
    if (inData >= 0 && line.trim()) {
      const m = /^(\s*(?:"[^"]*"|'[^']*'|[^:#]+):)(.*)$/.exec(line);
      out.push(m ? `${m[1]} ""` : `${' '.repeat(indent)}# (value hidden)`);
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}
