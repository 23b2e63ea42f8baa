// The Worker's settings from its real bindings in workerd (wrangler.toml [vars] plus the vitest
// config's bindings): enumerated there as src/worker/config.ts expects, and read into the same
// settings the Node server would get from those values as its environment.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { appConfigFromEnv } from '../../../src/settings.ts';
import { configFromVars } from '../../../src/worker/config.ts';

describe('the Worker settings in workerd', () => {
  it('come from the bindings, as the Node server reads the same values', () => {
    const config = configFromVars(env);
    expect(config.intake?.powDifficulty).toBe(6); // vitest.config.ts
    expect(config.accessLog).toBe(true);
    expect(config.formSlots).toBe(1); // wrangler.toml [vars]
    expect(config.formMaxBytes).toBe(16_777_216);
    expect(config).toEqual(appConfigFromEnv({
      TIPLINE_POW_DIFFICULTY: '6', TIPLINE_ACCESS_LOG: '1', TIPLINE_FORM_SLOTS: '1', TIPLINE_FORM_MAX_BYTES: '16777216',
    }));
  });
});
