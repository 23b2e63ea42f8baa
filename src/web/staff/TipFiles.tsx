// A tip's files: per file the metadata-stripping report (cleaned, unsupported, unknown) and a
// button that has the bundle fetch, decrypt and offer it. Images are shown from a blob: URL;
// everything else, PDFs included, is a download only: nothing from a file runs in this page.
import { sayer, type StaffPage } from './context.ts';
import type { TipView } from './tip-types.ts';

export function TipFiles({ page, view }: { page: StaffPage; view: TipView }) {
  const say = sayer(page);
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">{say('tip.files')}</h2>
      {view.files.length === 0 ? <p>{say('tip.noFiles')}</p> : (
        <ol id="tip-files">
          {view.files.map((f, i) => (
            <li class="tip-file" data-part-id={f.id} data-metadata={f.metadata ?? 'unknown'}>
              <strong class="file-name">{say('tip.file', { n: i + 1 })}</strong>
              <p class={f.metadata === 'cleaned' ? 'hint' : 'notice'}>{say(`tip.file.${f.metadata ?? 'unknown'}`)}</p>
              <button type="button" class="secondary open-file" disabled data-needs-js>{say('tip.file.open')}</button>
              <div class="file-preview"></div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
