// A forward-moving window on a ByteSource for scanning MPEG audio: reads ~1 MiB at a time so a
// long file is walked with a few hundred reads and never held whole.
import { reject } from './errors.ts';
import type { ByteSource } from './types.ts';

const WINDOW_BYTES = 1 << 20;

export class SourceWindow {
  private start = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  constructor(private readonly source: ByteSource, private readonly end: number) {}

  /** Makes [at, at + length) (clipped to the end) readable with byte(); returns how much is available. */
  async ensure(at: number, length: number): Promise<number> {
    const want = Math.min(length, this.end - at);
    if (want <= 0) return 0;
    if (at < this.start || at + want > this.start + this.bytes.length) {
      const size = Math.min(Math.max(WINDOW_BYTES, want), this.end - at);
      this.bytes = await this.source.read(at, size);
      this.start = at;
      if (this.bytes.length < size) reject('malformed', 'the file is cut short');
    }
    return want;
  }

  /** Whether [at, at + length) is in the window already (no read needed). */
  has(at: number, length: number): boolean {
    return at >= this.start && at + length <= this.start + this.bytes.length;
  }

  /** A byte previously made readable by ensure(); undefined outside the window. */
  byte(at: number): number | undefined {
    return this.bytes[at - this.start];
  }

  /** Last offset (exclusive) currently readable. */
  get windowEnd(): number {
    return this.start + this.bytes.length;
  }
}
