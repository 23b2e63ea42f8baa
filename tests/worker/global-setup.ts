// Global setup of the `workers` vitest project (vitest.config.ts), run in Node before the
// workerd tests: a real sqld demanding a token, migrated the way an operator migrates Turso
// (`tipline db migrate`'s code path), and the browser bundle that the ASSETS binding serves.
// The URL and token reach the Worker as its DATABASE_URL and DATABASE_AUTH_TOKEN bindings.
import { existsSync, readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildWeb, WEB_OUT } from '../../scripts/build-web.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { startSqld } from '../helpers/sqld.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sqldUrl: string;
    sqldToken: string;
    /** tests/fixtures/strip/images/phone.jpg, base64: workerd tests cannot read files. */
    phoneJpeg: string;
  }
}

export default async function setup(project: TestProject) {
  // The node project's setup builds it too; building here keeps `--project workers` whole.
  // The build replaces files by rename, so two builds at once never leave a half file.
  if (!existsSync(`${WEB_OUT}/source.js`)) await buildWeb({ quiet: true });
  const sqld = await startSqld({ auth: true });
  try {
    (await openNodeDatabase({ url: sqld.url, authToken: sqld.authToken })).close();
  } catch (error) {
    await sqld.stop();
    throw error;
  }
  project.provide('sqldUrl', sqld.url);
  project.provide('sqldToken', sqld.authToken!);
  project.provide('phoneJpeg', readFileSync(new URL('../fixtures/strip/images/phone.jpg', import.meta.url)).toString('base64'));
  return () => sqld.stop();
}
