/**
 * The single error type of the envelope module.
 *
 * Callers branch on `code`, never on `message`: messages are for logs and may
 * change, codes are part of the envelope v1 contract (docs/envelope.md §8).
 * Messages never contain key material or plaintext.
 */
export type EnvelopeErrorCode =
  | 'bad_seal' // sealed tip key does not open (wrong desk key, tampered, malformed)
  | 'bad_chunk' // a chunk failed authentication (tampered, reordered, other part/tip, wrong key)
  | 'truncated' // the chunk stream stopped before its authenticated final chunk
  | 'extra_chunk' // chunks continue after the authenticated final chunk
  | 'bad_header' // the authenticated part header is malformed or unexpected
  | 'bad_padding' // a Padmé padding byte is not zero
  | 'bad_length' // sizes disagree (ciphertext length, chunk count, header size)
  | 'bad_input'; // caller passed something unusable (wrong type/length, bad base64, ...)

export class EnvelopeError extends Error {
  readonly code: EnvelopeErrorCode;

  constructor(code: EnvelopeErrorCode, message?: string) {
    super(message === undefined ? code : `${code}: ${message}`);
    this.name = 'EnvelopeError';
    this.code = code;
  }
}

/** Throw helper so validation reads as one line and TypeScript knows it never returns. */
export function fail(code: EnvelopeErrorCode, message?: string): never {
  throw new EnvelopeError(code, message);
}
