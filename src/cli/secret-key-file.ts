// The desk secret key file: JSON, written with mode 0600, refused if it already exists.
import { readFileSync, writeFileSync } from 'node:fs';
import { boxKeyPairFromSecretKey, fromBase64, toBase64, type KeyPair } from '../crypto/index.ts';
import { CliError } from './util.ts';

const FORMAT = 'tipline-desk-secret-key-v1';

export interface DeskSecretKey {
  desk: string;
  keyVersion: number;
  keyPair: KeyPair;
}

export function writeSecretKeyFile(path: string, key: DeskSecretKey): void {
  const body = {
    format: FORMAT,
    desk: key.desk,
    keyVersion: key.keyVersion,
    publicKey: toBase64(key.keyPair.publicKey),
    secretKey: toBase64(key.keyPair.secretKey),
  };
  try {
    writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'} (it must not exist yet)`);
  }
}

export function readSecretKeyFile(path: string): DeskSecretKey {
  let parsed: { format?: unknown; desk?: unknown; keyVersion?: unknown; secretKey?: unknown; publicKey?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CliError(`${path} is not a readable desk secret key file`);
  }
  if (parsed.format !== FORMAT || typeof parsed.desk !== 'string' || typeof parsed.keyVersion !== 'number' || typeof parsed.secretKey !== 'string') {
    throw new CliError(`${path} is not a ${FORMAT} file`);
  }
  const keyPair = boxKeyPairFromSecretKey(fromBase64(parsed.secretKey));
  if (typeof parsed.publicKey === 'string' && toBase64(keyPair.publicKey) !== parsed.publicKey) {
    throw new CliError(`${path}: the secret key does not match its public key`);
  }
  return { desk: parsed.desk, keyVersion: parsed.keyVersion, keyPair };
}
