// /static/seal-worker.js: one sealing lane of the source pages (src/client/seal-lane.ts). The
// main worker (strip-worker.ts) starts a few of these when a large file is sent and gives each
// the tip key and pieces of the padded plaintext; each seals pieces on its own core. It fetches
// nothing and keeps nothing: key copies are wiped when a part is dropped, pieces after sealing.
import { laneHandler, type LaneReply, type LaneRequest } from '../../client/seal-lane.ts';

// The DOM lib types `self` as a Window; in a dedicated worker it is the worker's global scope.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LaneRequest>) => void) | null;
  postMessage(message: LaneReply, transfer: Transferable[]): void;
};

const handle = laneHandler((message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (event) => handle(event.data);
scope.postMessage({ op: 'ready' }, []);
