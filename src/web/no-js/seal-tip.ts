// Sealing a whole tip in server memory, exactly as a browser would (src/client/submit.ts): a
// fresh tip key, the message as a serialized part, each file as chunks under its own nonce
// prefix. Only ciphertext leaves this file; the caller wipes the tip key.
import {
  newNoncePrefix, paddedPartSize, sealMessage, sealPartChunks, type PartHeader,
} from '../../crypto/index.ts';
import type { SealedFilePart } from '../../domain/form-tip.ts';
import type { PreparedFile } from './strip-files.ts';

export interface SealedContent {
  message: Uint8Array;
  files: SealedFilePart[];
}

export async function sealContent(tipKey: Uint8Array, message: string, files: PreparedFile[]): Promise<SealedContent> {
  const sealedFiles: SealedFilePart[] = [];
  for (const file of files) sealedFiles.push(await sealFile(tipKey, file));
  return { message: sealMessage(tipKey, message), files: sealedFiles };
}

async function sealFile(tipKey: Uint8Array, file: PreparedFile): Promise<SealedFilePart> {
  const header: PartHeader = file.header;
  const noncePrefix = newNoncePrefix();
  const chunks: Uint8Array[] = [];
  // The sealer wipes its own plaintext staging buffer when it finishes (part-seal.ts).
  for await (const chunk of sealPartChunks(tipKey, noncePrefix, header, file.open())) chunks.push(chunk);
  return { noncePrefix, paddedSize: paddedPartSize(header), chunks, metadata: file.metadata };
}
