/**
 * `npm run schema:doc`: writes docs/extract-schema.json, the JSON Schema of
 * `extract --format json`, from the contract's zod schemas (engine/contract.ts).
 * Written atomically: a temp file, then a rename. A test fails when it is stale.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { loadContract } from '../engine/index.ts';

const FILE = 'docs/extract-schema.json';
const { extractJsonSchema } = await loadContract();
writeFileSync(`${FILE}.tmp`, extractJsonSchema());
renameSync(`${FILE}.tmp`, FILE);
process.stdout.write(`${FILE}: written.\n`);
