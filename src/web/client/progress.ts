// The upload progress bar (#upload-progress, hidden until there is something to upload) and the
// status line under the form: progress in words for screen readers, errors as alerts.
import { h } from './dom.ts';

export class UploadProgress {
  #done = 0;
  constructor(private readonly bar: HTMLProgressElement | null) {}

  plan(chunks: number) {
    this.#done = 0;
    if (!this.bar || chunks === 0) return;
    this.bar.max = chunks;
    this.bar.value = 0;
    this.bar.hidden = false;
  }

  chunk() {
    this.#done += 1;
    if (this.bar) this.bar.value = this.#done;
  }

  hide() {
    if (this.bar) this.bar.hidden = true;
  }
}

export class StatusLine {
  readonly element: HTMLParagraphElement;

  /** Placed before `anchor` (the submit button) so it is read where the source is. */
  constructor(anchor: Element) {
    this.element = h('p', { class: 'js-status', role: 'status', hidden: true });
    anchor.before(this.element);
  }

  info(text: string) {
    this.element.classList.remove('error', 'notice');
    this.element.setAttribute('role', 'status');
    this.element.textContent = text;
    this.element.hidden = false;
  }

  /** role=alert: announced at once, as the no-JS error pages would be read first. */
  error(text: string) {
    this.element.classList.add('error', 'notice');
    this.element.setAttribute('role', 'alert');
    this.element.textContent = text;
    this.element.hidden = false;
  }

  clear() {
    this.element.textContent = '';
    this.element.hidden = true;
  }
}
