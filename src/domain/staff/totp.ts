// The second factor: RFC 6238 TOTP (SHA-1, 6 digits, 30 s, what every authenticator app
// speaks) through `otpauth`. A code is accepted one step either side of now, and only once: the
// accepted step is stored and a code of that step or an earlier one is refused.
import { Secret, TOTP } from 'otpauth';

export const TOTP_SECRET_BYTES = 20;
const PERIOD = 30;

function totpOf(secret: Uint8Array, label = 'staff', issuer = 'Tipline'): TOTP {
  const buffer = secret.slice().buffer;
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: new Secret({ buffer }) });
}

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD);
}

/** The time step the code belongs to, or null when it matches none near now. */
export function matchTotp(secret: Uint8Array, code: string, now: Date): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : totpStep(now) + delta;
}

/** The current code (for the CLI and tests). */
export function totpCode(secret: Uint8Array, now: Date): string {
  return totpOf(secret).generate({ timestamp: now.getTime() });
}

/** otpauth:// URI an authenticator app imports (shown as text and as a QR code). */
export function totpUri(secret: Uint8Array, label: string, issuer: string): string {
  return totpOf(secret, label, issuer).toString();
}
