// The Worker's settings: its bindings ([vars] and secrets) read by the same parser as the Node
// server's environment (src/settings.ts), so both runtimes take the same names, defaults and
// checks. Only the Worker's own step is here: picking the settings out of its bindings.
import type { AppConfig } from '../app.ts';
import * as settings from '../settings.ts';

/**
 * The bindings as a settings environment: strings as they are (wrangler.toml `[vars]` values
 * written as TOML numbers arrive as numbers: made strings, as Node would see them); other
 * bindings (ASSETS, JSON vars) are not settings.
 */
function settingsEnvOf(bindings: object): settings.SettingsEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(bindings)) {
    if (typeof value === 'string') env[name] = value;
    else if (typeof value === 'number') env[name] = String(value);
  }
  return env;
}

export function configFromVars(bindings: object): AppConfig {
  return settings.appConfigFromEnv(settingsEnvOf(bindings));
}

/** Days before an unfinished upload is purged (TIPLINE_UNFINISHED_UPLOAD_DAYS). */
export function unfinishedUploadDays(bindings: object): number {
  return settings.unfinishedUploadDays(settingsEnvOf(bindings));
}
