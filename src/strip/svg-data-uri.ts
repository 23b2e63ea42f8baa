// data: URIs (RFC 2397) embedded in SVG: decoding, and re-encoding a cleaned payload. Base64 is
// written here because Buffer is Node-only and atob/btoa work on binary strings one character
// per byte, which is slow and easy to get wrong.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
DECODE['-'.charCodeAt(0)] = 62; // base64url, which some tools emit
DECODE['_'.charCodeAt(0)] = 63;

export interface DataUri {
  /** "image/jpeg", without parameters (which may carry a file name). */
  mediaType: string;
  bytes: Uint8Array;
}

/** A data: URI (RFC 2397), leading white space allowed as in attribute values. */
export const isDataUri = (value: string) => /^\s*data:/i.test(value);

/** Decodes a data: URI; null if it is not one or cannot be decoded. */
export function parseDataUri(uri: string): DataUri | null {
  const comma = uri.indexOf(',');
  if (!isDataUri(uri) || comma === -1) return null;
  const header = uri.slice(uri.indexOf(':') + 1, comma).trim();
  const parameters = header.split(';').map((p) => p.trim().toLowerCase());
  const mediaType = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(parameters[0] ?? '') ? parameters[0]! : 'text/plain';
  const payload = uri.slice(comma + 1);
  if (parameters.includes('base64')) {
    const bytes = decodeBase64(payload);
    return bytes && { mediaType, bytes };
  }
  try {
    return { mediaType, bytes: new TextEncoder().encode(decodeURIComponent(payload)) };
  } catch {
    return null;
  }
}

export function dataUri(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${encodeBase64(bytes)}`;
}

/** Base64 (RFC 4648 §4, whitespace and missing padding tolerated); null on any other character. */
export function decodeBase64(text: string): Uint8Array | null {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d /* = */) break;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    const value = c < 128 ? DECODE[c]! : -1;
    if (value < 0) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    chunk += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    chunk += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    chunk += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}
