// Sending a tip from a form through the worker: the submission form (a first tip, which makes a
// codename) and the follow-up form on /return share this. Both carry the fields of
// docs/source-flow.md (message, files, allow_unsupported, the honeypot `website`, #file-report,
// #upload-progress) as rendered by src/web/pages/TipFields.tsx.
import { SubmitError } from '../../client/http.ts';
import { FileSelection, rejectionReason } from './file-report.ts';
import { pageLocale, t } from './messages.ts';
import { StatusLine, UploadProgress } from './progress.ts';
import type { FileReport } from './protocol.ts';
import { WorkerCallError, type WorkerClient } from './worker-client.ts';

export interface SentTip {
  /** A first tip's codename; absent for a follow-up. */
  codename?: string;
  files: Array<{ name: string; report: FileReport }>;
  /** The tip is stored but some of its files could not be sent. */
  filesFailed: boolean;
}

export interface TipFormOptions {
  form: HTMLFormElement;
  worker: WorkerClient;
  desk: () => string;
  /** Fewest characters a message may have (data-min-length). */
  minLength: number;
  /** Present for a follow-up: the conversation's lookup key. */
  followUp?: () => Uint8Array;
  onSent(sent: SentTip): void;
}

/** The words for a failure from the worker or the API, the server's where it has them. */
export function failureText(error: unknown): string {
  const code = error instanceof WorkerCallError ? error.failure.code
    : error instanceof SubmitError ? error.code
    // fetch rejects with a TypeError when the network fails.
    : error instanceof TypeError ? 'network'
    : 'failed';
  switch (code) {
    case 'network': return t('js.error.network');
    case 'worker_failed': return t('js.error.worker');
    case 'busy': return t('error.busy', { seconds: 60 });
    case 'too_many_files': return t('error.tooManyFiles', { max: 50 });
    case 'message_too_large': return t('error.messageTooLong');
    case 'unknown_reply': return t('error.unknownReply');
    case 'internal': return t('error.server');
    default: return t('js.error.failed');
  }
}

export function enhanceTipForm(options: TipFormOptions): void {
  const { form, worker } = options;
  const field = <T extends Element>(selector: string) => form.querySelector<T>(selector);
  const message = field<HTMLTextAreaElement>('[name="message"]');
  const filesInput = field<HTMLInputElement>('input[type="file"][name="files"]');
  const allow = field<HTMLInputElement>('[name="allow_unsupported"]');
  const honeypot = field<HTMLInputElement>('[name="website"]');
  // Only the first submission's form has these (TipFields.tsx); follow-ups are not routed.
  const urgent = field<HTMLInputElement>('[name="urgent"]');
  const topic = field<HTMLSelectElement>('[name="topic"]');
  const button = field<HTMLButtonElement>('button[type="submit"], button:not([type])');
  const report = field<HTMLElement>('#file-report');
  const selection = filesInput && report ? new FileSelection(filesInput, report, worker) : null;
  const progress = new UploadProgress(field<HTMLProgressElement>('#upload-progress'));
  const status = new StatusLine(button?.parentElement === form ? button : (button?.parentElement ?? form.lastElementChild ?? form));
  let busy = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // A filled honeypot is a bot: send nothing, say nothing.
    if (busy || honeypot?.value) return;
    busy = true;
    if (button) button.disabled = true;
    send().finally(() => {
      busy = false;
      if (button) button.disabled = false;
    });
  });

  /** Says what stops sending and puts the focus where it can be fixed. */
  function refuse(text: string, focus: HTMLElement | null) {
    status.error(text);
    focus?.focus();
  }

  async function send() {
    if (worker.failure) return refuse(failureText(new WorkerCallError(worker.failure)), null);
    const text = message?.value ?? '';
    if ([...text.trim()].length < options.minLength) {
      return refuse(t(text.trim() ? 'error.messageTooShort' : 'error.messageMissing', { min: options.minLength }), message);
    }
    if (selection) {
      status.info(t('js.status.checking'));
      await selection.settled();
      const problem = selection.problem(allow?.checked ?? false);
      if (problem?.status === 'rejected') return refuse(t('error.fileRejected', { name: problem.name, reason: rejectionReason(problem.code) }), filesInput);
      if (problem?.status === 'unsupported') return refuse(t('error.fileUnsupported', { name: problem.name }), filesInput);
    }
    const files = selection?.reports ?? [];
    let created: { codename?: string } | undefined;
    try {
      const followUp = options.followUp?.();
      await worker.call('submit', {
        desk: options.desk(), message: text, files: selection?.files ?? [], allowUnsupported: allow?.checked ?? false, locale: pageLocale(),
        routing: { urgent: urgent?.checked ?? false, ...(topic?.value ? { topic: topic.value } : {}) },
        ...(followUp ? { followUp: { lookupKey: followUp } } : {}),
      }, (event) => {
        if (event.type === 'phase') status.info(t(event.phase === 'keys' ? 'js.status.keys' : 'js.status.sending'));
        else if (event.type === 'plan') progress.plan(event.chunks);
        else if (event.type === 'chunk') progress.chunk();
        else if (event.type === 'created') created = { codename: event.codename };
      });
      finish({ codename: created?.codename, files, filesFailed: false });
    } catch (error) {
      // Once the tip exists, a failed file must not hide the codename: it is live now.
      if (created) finish({ codename: created.codename, files: [], filesFailed: true });
      else {
        progress.hide();
        status.error(failureText(error));
      }
    }
  }

  function finish(sent: SentTip) {
    progress.hide();
    status.clear();
    if (message) message.value = '';
    selection?.clear();
    options.onSent(sent);
  }
}
