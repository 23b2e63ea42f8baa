// Builds the browser bundle (dist/web, served as /static/*) once before the tests, so the
// end-to-end tests drive the code in this checkout. A build failure (a Node-only import in
// browser code, eval in the output) fails the run here.
// The CLI bundle (dist/cli) too, so that `tipline strip` in the tests runs from it as it does for
// users after `npm start`.
import { buildCli } from '../scripts/build-cli.ts';
import { buildWeb } from '../scripts/build-web.ts';

export default async function setup() {
  await buildWeb({ quiet: true });
  await buildCli({ quiet: true });
}
