/**
 * Envelope v1: the only module in Tipline that touches cryptography (and the
 * only importer of tweetnacl). Format and rationale: docs/envelope.md.
 * Runs unchanged in browsers, Cloudflare Workers and Node (no node:*, no Buffer).
 */
export { EnvelopeError, type EnvelopeErrorCode } from './errors.ts';
export {
  CHUNK_CIPHERTEXT_SIZE,
  CHUNK_SIZE,
  MAX_HEADER_BYTES,
  NONCE_PREFIX_BYTES,
  PART_FORMAT_VERSION,
  SEALED_TIP_KEY_BYTES,
  TAG_BYTES,
  TIP_KEY_BYTES,
} from './constants.ts';
export { randomBytes } from './random.ts';
export { fromBase64, toBase64 } from './base64.ts';
export { boxKeyPairFromSecretKey, generateBoxKeyPair, newTipKey, type KeyPair } from './keys.ts';
export { openSealed, sealToPublicKey } from './sealed-box.ts';
export { isPaddedSize, padme } from './padme.ts';
export { chunkCiphertextLength, chunkCount, paddedPartSize, paddedSizeFromCiphertextLength } from './layout.ts';
export type { PartHeader } from './header.ts';
export { newNoncePrefix } from './nonce.ts';
export { sealPartChunks } from './part-seal.ts';
export { ChunkSealer, partPlaintextChunks, type PlainChunk } from './part-chunks.ts';
export { openPartChunks, type OpenedPart } from './part-open.ts';
export { openMessage, sealMessage } from './message.ts';
export { parseSerializedPart, serializePart } from './serialize.ts';
export { deriveSourceKeys, lookupHash, SOURCE_KDF_PARAMS, type SourceKdfParams, type SourceKeys } from './source-keys.ts';
export { openSession, SEALED_SESSION_BYTES, sealSession, type SessionContents } from './session-box.ts';
export {
  decryptSecretKey, deriveStaffKeys, ENCRYPTED_SECRET_KEY_BYTES, encryptSecretKey, loginVerifier, MIN_PASSPHRASE_CHARS,
  newStaffSalt, STAFF_KDF_LOG_N, STAFF_SALT_BYTES, type StaffKeys,
} from './staff-keys.ts';
export {
  checkpointMessage, CHECKPOINT_SIGNATURE_BYTES, checkpointVerifier, type CheckpointVerifier, generateSigningKeyPair, signCheckpoint, SIGNING_PUBLIC_KEY_BYTES, SIGNING_SEED_BYTES,
  signingKeyPairFromSeed, verifyCheckpoint, type SigningKeyPair,
} from './checkpoint-sign.ts';
