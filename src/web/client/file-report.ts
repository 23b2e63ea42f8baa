// The files a source chose, each stripped in the worker as soon as it is chosen, and the report
// of what was removed (#file-report, an aria-live region). A file whose metadata cannot be
// removed gets a warning and a "don't send this file" button; so does one that cannot be sent.
import type { RemovalCategory } from '../../strip/index.ts';
import { formatList } from '../i18n/i18n.ts';
import { h } from './dom.ts';
import { pageLocale, t } from './messages.ts';
import type { FileReport } from './protocol.ts';
import type { WorkerClient } from './worker-client.ts';

interface Entry {
  key: string;
  file: File;
  report?: FileReport;
  settled: Promise<void>;
  item: HTMLLIElement;
}

let nextKey = 1;

/** "location, device details and dates", as the no-JS confirmation page words it. */
export function removedText(categories: RemovalCategory[]): string {
  return formatList(pageLocale(), categories.map((c) => t(`removed.${c}`)));
}

/** Why a file cannot be sent, in the catalog's words for the strip rejection code. */
export function rejectionReason(code: string, fallback = code): string {
  const key = `reject.${code}`;
  const text = t(key);
  return text === key ? fallback : text; // a code the catalog does not know yet
}

/** The first file that stops sending, and why. */
export type SelectionProblem = { status: 'rejected'; name: string; code: string } | { status: 'unsupported'; name: string } | null;

export class FileSelection {
  #entries: Entry[] = [];
  readonly #list: HTMLUListElement;

  constructor(
    private readonly input: HTMLInputElement,
    report: HTMLElement,
    private readonly worker: WorkerClient,
  ) {
    this.#list = h('ul', { class: 'file-report-list' });
    report.replaceChildren(this.#list);
    input.addEventListener('change', () => this.#choose());
    // A file chosen before the bundle ran (slow connection) is checked too.
    if (input.files?.length) this.#choose();
  }

  /** Waits for every file's report. */
  async settled(): Promise<void> {
    await Promise.all(this.#entries.map((e) => e.settled));
  }

  problem(allowUnsupported: boolean): SelectionProblem {
    for (const { file, report } of this.#entries) {
      if (report?.status === 'rejected') return { status: 'rejected', name: file.name, code: report.code };
    }
    const unsupported = allowUnsupported ? undefined : this.#entries.find((e) => e.report?.status === 'unsupported');
    return unsupported ? { status: 'unsupported', name: unsupported.file.name } : null;
  }

  /** What the confirmation lists per file (the no-JS confirmation page shows the same). */
  get reports(): Array<{ name: string; report: FileReport }> {
    return this.#entries.flatMap((e) => (e.report ? [{ name: e.file.name, report: e.report }] : []));
  }

  get files(): Array<{ key: string; file: File }> {
    return this.#entries.map(({ key, file }) => ({ key, file }));
  }

  /** After sending: nothing chosen any more. */
  clear(): void {
    this.#forget(this.#entries);
    this.#entries = [];
    this.#list.replaceChildren();
    this.input.value = '';
  }

  #choose() {
    this.#forget(this.#entries);
    this.#entries = [...(this.input.files ?? [])].map((file) => {
      const key = `f${nextKey++}`;
      const item = h('li', { class: 'file-entry', 'data-status': 'checking' }, t('js.file.checking', { name: file.name }));
      const entry: Entry = { key, file, item, settled: Promise.resolve() };
      entry.settled = this.worker.call('strip', { key, file }).then(
        (report) => { entry.report = report; },
        // The worker failed on this file: treat it as one that cannot be sent.
        () => { entry.report = { status: 'rejected', kind: 'unknown', code: 'malformed', reason: 'it could not be checked' }; },
      ).then(() => this.#render(entry));
      return entry;
    });
    this.#list.replaceChildren(...this.#entries.map((e) => e.item));
  }

  #render(entry: Entry) {
    const report = entry.report!;
    const name = entry.file.name;
    entry.item.dataset.status = report.status;
    if (report.status === 'cleaned') {
      const text = report.categories.length
        ? t('confirm.file.cleaned', { name, removed: removedText(report.categories) })
        : t('confirm.file.nothing', { name });
      entry.item.replaceChildren(h('span', { class: 'file-result' }, text));
      return;
    }
    const warning = report.status === 'unsupported'
      ? t('js.file.unsupported', { name })
      : t('error.fileRejected', { name, reason: rejectionReason(report.code, report.reason) });
    const drop = h('button', { type: 'button', class: 'drop-file' }, t('js.file.drop'));
    drop.addEventListener('click', () => this.#drop(entry));
    entry.item.replaceChildren(h('p', { class: 'file-warning notice' }, warning), drop);
  }

  #drop(entry: Entry) {
    this.#entries = this.#entries.filter((e) => e !== entry);
    this.#forget([entry]);
    // Keep the file input honest about what will be sent, where the browser allows it.
    try {
      const transfer = new DataTransfer();
      for (const e of this.#entries) transfer.items.add(e.file);
      this.input.files = transfer.files;
    } catch {
      // Older browsers: the list of entries alone decides what is sent.
    }
    entry.item.replaceChildren(h('span', { class: 'file-result' }, t('js.file.dropped', { name: entry.file.name })));
    entry.item.dataset.status = 'dropped';
    this.input.focus();
  }

  #forget(entries: Entry[]) {
    if (entries.length) void this.worker.call('forget', { keys: entries.map((e) => e.key) }).catch(() => undefined);
  }
}
