#!/usr/bin/env node
import { runExtract } from './cli.ts';

const result = runExtract(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
