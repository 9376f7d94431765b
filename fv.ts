import { extract } from '/work/main/scripts/extract/index.ts';
const r = extract('manifests');
const keys = process.argv.slice(2);
for (const k of keys) { const f = (r as any).registry.get(k); console.log(k, '=>', JSON.stringify(f?.value), '|', f?.display, '|', f?.class); }
