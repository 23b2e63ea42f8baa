#!/usr/bin/env node
// The `tipline` command. Commands in the prebuilt bundle (dist/cli/, today `tipline strip`) run
// from it when it is fresh (bin/cli-bundle.mjs): no tsx to start and no TypeScript to transpile,
// which was most of a short run's time. Everything else, and those commands when there is no fresh
// bundle (a clean `npm ci`, an edited source), runs the TypeScript sources through tsx, as
// `npm start` does. Both paths dispatch through src/cli/dispatch.ts and behave the same.
import { freshCliBundle } from './cli-bundle.mjs';

const argv = process.argv.slice(2);
const bundle = freshCliBundle(argv[0]);
let main;
if (bundle) {
  try {
    ({ main } = await import(bundle));
  } catch (error) {
    // Removed between the check and the import (a rebuild clearing old builds): use the sources.
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
}
if (!main) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(argv);
