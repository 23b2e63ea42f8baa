// The page's one status line (role="status", read out by screen readers) and the "working" state
// of a form while keys are derived or something is sent.
import { say } from './messages.ts';

export function showStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  const line = document.getElementById('staff-status');
  if (!line) return;
  line.textContent = text;
  line.classList.toggle('error', kind === 'error');
}

export function showError(error: unknown): void {
  showStatus(say('js.failed', { message: error instanceof Error ? error.message : String(error) }), 'error');
}

/** Disables the form's buttons and shows its <progress> (if any) while `work` runs. */
export async function whileWorking<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button')];
  const progress = form.querySelector('progress');
  buttons.forEach((b) => (b.disabled = true));
  form.setAttribute('aria-busy', 'true');
  if (progress) progress.hidden = false;
  try {
    return await work();
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    form.removeAttribute('aria-busy');
    if (progress) progress.hidden = true;
  }
}
