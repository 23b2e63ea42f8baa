// Builds the browser bundle (dist/web, served as /static/*) once before the tests, so the
// end-to-end tests drive the code in this checkout. A build failure (a Node-only import in
// browser code, eval in the output) fails the run here.
import { buildWeb } from '../scripts/build-web.ts';

export default async function setup() {
  await buildWeb({ quiet: true });
}
