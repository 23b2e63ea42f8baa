// The authenticator secret is made here (20 random bytes, RFC 6238 SHA-1, 6 digits, 30 s) and
// shown as base32 text and as a QR code of its otpauth:// URI, drawn on a canvas (no markup from
// strings, no data: URL). The server learns it at enrollment: it must hold it to check codes.
import { base32nopad } from '@scure/base';
import encodeQR from 'qr';
import { randomBytes } from '../../crypto/index.ts';

export const TOTP_SECRET_BYTES = 20;

export function newTotpSecret(): Uint8Array {
  return randomBytes(TOTP_SECRET_BYTES);
}

export function base32Secret(secret: Uint8Array): string {
  return base32nopad.encode(secret);
}

export function otpauthUri(secret: Uint8Array, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account || 'staff')}`;
  const params = new URLSearchParams({ secret: base32Secret(secret), issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${params.toString()}`;
}

export function drawQr(canvas: HTMLCanvasElement, text: string): void {
  const modules = encodeQR(text, 'raw', { ecc: 'medium', border: 2 });
  const scale = Math.max(1, Math.floor(Math.min(canvas.width, canvas.height) / modules.length));
  const context = canvas.getContext('2d');
  if (!context) return;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000';
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) context.fillRect(x * scale, y * scale, scale, scale);
  }));
}
