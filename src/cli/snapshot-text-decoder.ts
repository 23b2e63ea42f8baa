// A TextDecoder that V8 can keep in a startup snapshot (src/cli/snapshot.ts, which imports this
// module first, so that it runs before any other module's code). Node 20 backs each
// TextDecoder with a native ICU converter, which a snapshot cannot hold, and fflate makes one when
// its module loads. While the snapshot is built, TextDecoder is this stand-in: it makes a real
// decoder per call and keeps none (a streaming decode of real input keeps one until its last
// call, so a stream left open at snapshot time fails the build loudly instead of decoding wrongly
// later).
// `restoreTextDecoder` puts the real one back when the snapshot starts; stand-ins made before
// that keep working, one real decoder per call.
const RealTextDecoder = globalThis.TextDecoder;

class SnapshotTextDecoder {
  readonly #label: string | undefined;
  readonly #options: TextDecoderOptions | undefined;
  #streaming: TextDecoder | undefined;

  constructor(label?: string, options?: TextDecoderOptions) {
    this.#label = label;
    this.#options = options;
  }

  get encoding(): string { return new RealTextDecoder(this.#label, this.#options).encoding; }
  get fatal(): boolean { return this.#options?.fatal ?? false; }
  get ignoreBOM(): boolean { return this.#options?.ignoreBOM ?? false; }

  decode(input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
    const decoder = this.#streaming ?? new RealTextDecoder(this.#label, this.#options);
    // An empty chunk leaves nothing pending (fflate decodes one at load, to test stream support).
    const empty = input === undefined || input.byteLength === 0;
    this.#streaming = options?.stream && !(empty && this.#streaming === undefined) ? decoder : undefined;
    return decoder.decode(input, options);
  }
}

// Loaded only while the snapshot is built: every TextDecoder made from here on is a stand-in.
globalThis.TextDecoder = SnapshotTextDecoder as unknown as typeof TextDecoder;

/** When the snapshot starts: new TextDecoders are real ones again. */
export function restoreTextDecoder(): void {
  globalThis.TextDecoder = RealTextDecoder;
}
