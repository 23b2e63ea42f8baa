// Two projects, one run (`npm test`), one JSON report (CI_JSON_REPORT, read by .ci/run):
//   node     everything under tests/ except tests/worker/workerd, in Node (forks)
//   workers  tests/worker/workerd, inside workerd through @cloudflare/vitest-pool-workers: the
//            Worker of wrangler.toml against a real sqld started by tests/worker/global-setup.ts
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { configDefaults, defineConfig } from 'vitest/config';

const WORKERD_TESTS = 'tests/worker/workerd/**/*.test.ts';

export default defineConfig({
  test: {
    reporters: process.env.CI_JSON_REPORT
      ? ['default', ['json', { outputFile: process.env.CI_JSON_REPORT }]]
      : ['default'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, WORKERD_TESTS],
          // Builds dist/web (the source pages' browser bundle) once per run.
          globalSetup: ['tests/global-setup.ts'],
          // Servers are started as child processes in some tests; give them room on a 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // What `wrangler secret put` and [vars] give the deployed Worker; the access log
              // is on so the tests can see what it writes.
              bindings: {
                DATABASE_URL: inject('sqldUrl'),
                DATABASE_AUTH_TOKEN: inject('sqldToken'),
                TIPLINE_POW_DIFFICULTY: '6',
                TIPLINE_ACCESS_LOG: '1',
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: [WORKERD_TESTS],
          globalSetup: ['tests/worker/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
