// A tip's files, decrypted on demand: the serialized part is fetched (ciphertext), opened with the
// tip key chunk by chunk (every chunk authenticated, truncation detected) and kept as a Blob.
// Common raster images are shown as <img> from a blob: URL (an image element runs no script).
// Everything else, PDFs and SVGs included, is offered as a download with a neutral type, so the
// browser never renders it as a document of this origin.
import { openPartChunks, parseSerializedPart } from '../../crypto/index.ts';
import { h } from '../client/dom.ts';
import { apiBytes } from './api.ts';
import { say } from './messages.ts';
import { showError } from './status.ts';
import type { TipContext } from './tip.ts';

const SHOWN_IMAGES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif']);

async function decryptFile(tip: TipContext, partId: string) {
  const serialized = await apiBytes(`/tips/${tip.tipId}/files/${partId}`);
  const { noncePrefix, chunks } = parseSerializedPart(serialized);
  const opened = await openPartChunks(tip.tipKey, noncePrefix, chunks.length, chunks);
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  for await (const piece of opened.content) pieces.push(piece.slice());
  const header = opened.header.kind === 'file' ? opened.header : { name: 'file', type: '' };
  return { name: header.name, type: header.type, pieces };
}

export function enhanceFiles(tip: TipContext): void {
  for (const item of document.querySelectorAll<HTMLElement>('li.tip-file')) {
    const button = item.querySelector<HTMLButtonElement>('button.open-file');
    button?.addEventListener('click', () => {
      button.disabled = true;
      void decryptFile(tip, item.dataset.partId!).then(({ name, type, pieces }) => {
        const preview = item.querySelector('.file-preview')!;
        item.querySelector('.file-name')!.textContent = name;
        const download = URL.createObjectURL(new Blob(pieces, { type: 'application/octet-stream' }));
        const nodes: Node[] = [h('a', { href: download, download: name, class: 'file-download' }, say('js.download', { name }))];
        if (SHOWN_IMAGES.has(type)) {
          const image = URL.createObjectURL(new Blob(pieces, { type }));
          nodes.unshift(h('img', { src: image, alt: say('js.image', { name }) }));
        }
        preview.replaceChildren(...nodes);
        button.remove();
      }, (error: unknown) => {
        button.disabled = false;
        showError(error);
      });
    });
  }
}
