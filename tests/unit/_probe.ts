import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { runExtract } from '../../scripts/extract/cli.ts';
const DEP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ok
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: ok
          image: nginx:1.27
`;
const cases: Record<string, string | Buffer> = {
  syntax: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n',
  tab: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n',
  dup: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n',
  three: DEP.replace('replicas: 2', 'replicas: "three"').replace('name: ok\nspec', 'name: bad\nspec'),
  quoted: DEP.replace('replicas: 2', 'replicas: "3"').replace('name: ok\nspec', 'name: bad\nspec'),
  qty: DEP.replace('image: nginx:1.27', 'image: nginx:1.27\n          resources:\n            limits:\n              memory: 12XB'),
  tmpl: DEP.replace('replicas: 2', 'replicas: {{ .Values.replicas }}'),
  bin: Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x41]),
};
for (const [name, content] of Object.entries(cases)) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-'));
  fs.writeFileSync(path.join(d, 'ok.yaml'), DEP);
  fs.writeFileSync(path.join(d, 'x.yaml'), content);
  const r = runExtract(['--manifests', d, '--format', 'json']);
  console.log('=====', name, r.code, JSON.stringify(r.stdout.slice(0, 50)));
  console.log(r.stderr);
}
