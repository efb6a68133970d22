#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (run `npm run build` first).
import { main } from '../dist/src/cli/index.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
