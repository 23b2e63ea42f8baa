// The audit checkpoint signing key, kept outside the database (issue 6): a JSON file written
// with mode 0600 by `tipline audit keygen`, named by TIPLINE_AUDIT_SIGNING_KEY_FILE for the
// server and `tipline audit checkpoint`. The public key that verifiers trust comes from outside
// the database too: `--public-key`, TIPLINE_AUDIT_PUBLIC_KEY, or the key file's public half.
// Node only (the server entry and the CLI).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import {
  fromBase64, generateSigningKeyPair, SIGNING_PUBLIC_KEY_BYTES, signingKeyPairFromSeed, toBase64, type SigningKeyPair,
} from '../crypto/index.ts';
import { CliError } from './util.ts';

const FORMAT = 'tipline-audit-signing-key-v1';

/** Makes a key pair and writes it to `path` (which must not exist yet); returns the public key. */
export function writeSigningKeyFile(path: string): Uint8Array {
  const pair = generateSigningKeyPair();
  // The RFC 8032 private key (the 32-byte seed); the 64-byte nacl form is derived on reading.
  const body = { format: FORMAT, publicKey: toBase64(pair.publicKey), seed: toBase64(pair.seed) };
  try {
    writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'} (it must not exist yet)`);
  } finally {
    pair.seed.fill(0);
    pair.secretKey.fill(0);
  }
  return pair.publicKey;
}

export function readSigningKeyFile(path: string): SigningKeyPair {
  let parsed: { format?: unknown; publicKey?: unknown; seed?: unknown };
  try {
    // Like ssh with an identity file: a key others can read is not a secret any more.
    if ((statSync(path).mode & 0o077) !== 0) throw new CliError(`${path} is readable by other users: chmod 600 it`);
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path} is not a readable audit signing key file`);
  }
  if (parsed.format !== FORMAT || typeof parsed.seed !== 'string') throw new CliError(`${path} is not a ${FORMAT} file`);
  let pair: SigningKeyPair;
  try {
    pair = signingKeyPairFromSeed(fromBase64(parsed.seed));
  } catch {
    throw new CliError(`${path}: the seed is not 32 bytes of base64`);
  }
  if (typeof parsed.publicKey === 'string' && toBase64(pair.publicKey) !== parsed.publicKey) {
    throw new CliError(`${path}: the seed does not match its public key`);
  }
  return pair;
}

/** A public key given as base64, or as a file holding base64 or a signing key file. */
export function parsePublicKey(value: string): Uint8Array {
  const decoded = decodeKey(value.trim());
  if (decoded) return decoded;
  let text: string;
  try {
    text = readFileSync(value, 'utf8').trim();
  } catch {
    throw new CliError(`--public-key ${value}: neither a base64 Ed25519 public key nor a readable file`, 2);
  }
  const fromText = decodeKey(text);
  if (fromText) return fromText;
  try {
    const parsed = JSON.parse(text) as { publicKey?: unknown };
    const key = typeof parsed.publicKey === 'string' ? decodeKey(parsed.publicKey) : null;
    if (key) return key;
  } catch { /* not JSON */ }
  throw new CliError(`${value}: holds no base64 Ed25519 public key`, 2);
}

function decodeKey(text: string): Uint8Array | null {
  try {
    const bytes = fromBase64(text);
    return bytes.length === SIGNING_PUBLIC_KEY_BYTES ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * The keys a verifier trusts: those on the command line, else TIPLINE_AUDIT_PUBLIC_KEY (comma-
 * separated, for a key that was replaced), else the public half of TIPLINE_AUDIT_SIGNING_KEY_FILE.
 * Never the public key stored in a checkpoint row.
 */
export function trustedPublicKeys(given: readonly string[], env: NodeJS.ProcessEnv = process.env): Uint8Array[] {
  if (given.length) return given.map(parsePublicKey);
  const fromEnv = env.TIPLINE_AUDIT_PUBLIC_KEY?.split(',').map((v) => v.trim()).filter(Boolean) ?? [];
  if (fromEnv.length) return fromEnv.map(parsePublicKey);
  if (env.TIPLINE_AUDIT_SIGNING_KEY_FILE) return [readSigningKeyFile(env.TIPLINE_AUDIT_SIGNING_KEY_FILE).publicKey];
  return [];
}
