import { redactSecretValues } from '../../scripts/extract/redact.ts';
const cases = [
`kind: Secret\nstringData:\n  POSTGRES_PASSWORD: hunter2-SECRET\n  B: "x"\ntype: Opaque\n`,
`kind: Secret\nstringData: { POSTGRES_PASSWORD: hunter2-SECRET }\n`,
`kind: Secret\nstringData: # real values below\n  POSTGRES_PASSWORD: hunter2-SECRET\n`,
`kind: Secret\nstringData:\n  key.pem: |\n    line1\n    pass: hunter2-SECRET\n    hunter2-SECRET: x\n`,
`kind: Secret\nstringData:\n  POSTGRES_PASSWORD: >-\n    hunter2-SECRET\n`,
`kind: Secret\n"stringData":\n  POSTGRES_PASSWORD: hunter2-SECRET\n`,
`kind: Secret\nstringData:\n- POSTGRES_PASSWORD: hunter2-SECRET\n`,
`kind: Secret\r\nstringData:\r\n  POSTGRES_PASSWORD: hunter2-SECRET\r\n`,
`kind: Secret\nstringData:\n  POSTGRES_PASSWORD:\n    hunter2-SECRET\n`,
];
for (const c of cases) { const r = redactSecretValues(c); console.log(r.includes('hunter2') ? 'LEAK' : 'ok', JSON.stringify(r)); }
