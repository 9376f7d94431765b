#!/usr/bin/env node
import { runCheck } from './check/run.ts';

const result = runCheck(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
