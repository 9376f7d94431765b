#!/usr/bin/env node
/**
 * The one executable: `node cli/bin.js <command> [args]` (cli/main.ts maps a command's result
 * onto the process). It runs the commands from one bundled module (cli/bundle.js), built
 * again when the code changes. It is JavaScript, and it turns Node's compile cache on first,
 * so that a run compiles nothing it compiled before and never loads the TypeScript stripper.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { entry } = await import('./bundle.js');
await import(entry());
