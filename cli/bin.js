#!/usr/bin/env node
/**
 * The one executable: `node cli/bin.js <command> [args]` (cli/main.ts maps a command's result
 * onto the process). It is JavaScript so that Node reads it without its TypeScript stripper:
 * with the compile cache on before the first TypeScript module loads, every module after it
 * comes stripped and compiled from the cache, and the stripper (about 30 ms) never loads.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./main.ts');
