// MPEG audio frame headers (ISO/IEC 11172-3 §2.4.1.3, ISO/IEC 13818-3 §2.4.1.3 and the
// unofficial MPEG 2.5 extension): what is needed to step from one frame to the next.
export interface FrameHeader {
  /** 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5 (the two version bits). */
  version: number;
  /** 3 = Layer I, 2 = Layer II, 1 = Layer III (the two layer bits). */
  layer: number;
  sampleRate: number;
  /** Whole frame, header included. */
  length: number;
}

// kbit/s by bitrate index 1..14.
const BITRATES = {
  v1l1: [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/**
 * The frame starting with these four bytes, or undefined if they are not a frame header we can
 * follow (free-format bitrate 0 has no computable length; reserved values are invalid).
 */
export function parseFrameHeader(b0: number, b1: number, b2: number): FrameHeader | undefined {
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const padding = (b2 >> 1) & 1;
  const sampleRate = SAMPLE_RATES[version]![rateIndex]!;
  const v1 = version === 3;
  const table = v1 ? (layer === 3 ? BITRATES.v1l1 : layer === 2 ? BITRATES.v1l2 : BITRATES.v1l3) : layer === 3 ? BITRATES.v2l1 : BITRATES.v2l23;
  const bitrate = table[bitrateIndex - 1]! * 1000;
  let length: number;
  if (layer === 3) length = (Math.floor((12 * bitrate) / sampleRate) + padding) * 4; // Layer I: 4-byte slots
  else if (layer === 1 && !v1) length = Math.floor((72 * bitrate) / sampleRate) + padding; // Layer III, MPEG-2/2.5: 576 samples
  else length = Math.floor((144 * bitrate) / sampleRate) + padding;
  return { version, layer, sampleRate, length };
}

export function sameStream(a: FrameHeader, b: FrameHeader): boolean {
  return a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;
}
