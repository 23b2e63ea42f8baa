// A sealing lane: the other side of seal-pool.ts. In the browser each lane is a Web Worker
// (src/web/client/seal-worker.ts) running this handler; tests run it in-process. A lane holds
// one ChunkSealer per open part and seals the batches of pieces it is sent, in the order sent.
// Runtime-neutral: messages are structured-cloneable; sealed chunks go back with their buffers
// transferred (no copy).
import { ChunkSealer, type PlainChunk } from '../crypto/index.ts';

export type LaneRequest =
  /** Opens a part: its tip key and nonce prefix (the lane keeps its own copy). */
  | { op: 'key'; part: number; tipKey: Uint8Array; noncePrefix: Uint8Array }
  /** Pieces of one part (consecutive or not), sealed in one go: one message per batch, not per chunk. */
  | { op: 'seal'; part: number; batch: number; pieces: PlainChunk[] }
  /** Closes a part: its key copy is wiped. */
  | { op: 'drop'; part: number };

export type LaneReply =
  /** Sent once when the lane's script has started: only then is work sent to it. */
  | { op: 'ready' }
  /** The batch's chunks, in the order of its pieces. */
  | { op: 'sealed'; batch: number; chunks: Array<Uint8Array<ArrayBuffer>> }
  | { op: 'failed'; batch: number; detail: string };

export type Reply = (message: LaneReply, transfer: ArrayBuffer[]) => void;

/** The lane's message handler. Received copies of keys and plaintexts are wiped after use. */
export function laneHandler(reply: Reply): (request: LaneRequest) => void {
  const sealers = new Map<number, ChunkSealer>();
  return (request) => {
    if (request.op === 'key') {
      sealers.get(request.part)?.dispose();
      try {
        sealers.set(request.part, new ChunkSealer(request.tipKey, request.noncePrefix));
      } catch {
        sealers.delete(request.part); // every batch of this part then fails, with a reason
      } finally {
        request.tipKey.fill(0);
      }
    } else if (request.op === 'seal') {
      const { part, batch, pieces } = request;
      try {
        const sealer = sealers.get(part);
        if (!sealer) throw new Error(`no key for part ${part}`);
        const chunks = pieces.map((piece) => sealer.seal(piece));
        reply({ op: 'sealed', batch, chunks }, chunks.map((c) => c.buffer));
      } catch (error) {
        reply({ op: 'failed', batch, detail: error instanceof Error ? error.message : String(error) }, []);
      } finally {
        for (const piece of pieces) piece.plaintext.fill(0);
      }
    } else if (request.op === 'drop') {
      sealers.get(request.part)?.dispose();
      sealers.delete(request.part);
    }
  };
}
