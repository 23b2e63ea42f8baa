// Splits a WebP file into its RIFF chunks. RFC 9649 (WebP Image Format) §2.3-2.4: "RIFF",
// little-endian size of what follows, "WEBP", then chunks of FourCC, little-endian payload size,
// payload and one padding byte when the size is odd. §2.7.1.1: an ANMF frame's payload is a
// 16-byte header followed by its own chunks (ALPH, VP8/VP8L, unknown).
import { ascii, u32le, writeU32le } from './bytes.ts';
import { reject } from './errors.ts';

export interface RiffChunk {
  fourcc: string;
  /** Header (8 bytes) to the end of the padding byte, clipped to the container. */
  start: number;
  end: number;
  dataStart: number;
  dataEnd: number;
}

/** Chunks between `from` and `to`. A final chunk may lack its padding byte (common, harmless). */
export function scanRiffChunks(bytes: Uint8Array, from: number, to: number, budget: { left: number }): RiffChunk[] {
  const chunks: RiffChunk[] = [];
  let pos = from;
  while (pos < to) {
    if (--budget.left < 0) reject('too_many_elements', 'WebP has too many chunks');
    if (pos + 8 > to) reject('malformed', 'WebP chunk header runs past its container');
    const fourcc = ascii(bytes, pos, 4);
    const size = u32le(bytes, pos + 4);
    const dataStart = pos + 8;
    const dataEnd = dataStart + size;
    if (dataEnd > to) reject('malformed', `WebP ${JSON.stringify(fourcc)} chunk runs past its container`);
    const end = Math.min(to, dataEnd + (size & 1));
    chunks.push({ fourcc, start: pos, end, dataStart, dataEnd });
    pos = end;
  }
  return chunks;
}

/** A chunk with its header and padding (RFC 9649 §2.3). */
export function riffChunk(fourcc: string, parts: Uint8Array[]): Uint8Array {
  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(8 + size + (size & 1));
  for (let i = 0; i < 4; i++) out[i] = fourcc.charCodeAt(i);
  writeU32le(out, 4, size);
  let at = 8;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A chunk copied from the file, with the padding byte restored if the file left it out. */
export function copyChunk(bytes: Uint8Array, chunk: RiffChunk): Uint8Array {
  const whole = bytes.subarray(chunk.start, chunk.end);
  const padded = chunk.dataEnd - chunk.start + ((chunk.dataEnd - chunk.dataStart) & 1);
  if (whole.length === padded) return whole;
  const out = new Uint8Array(padded);
  out.set(whole);
  return out;
}
