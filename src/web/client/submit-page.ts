// /submit/{desk}: the submission form sent through the worker. On success the page becomes
// what the no-JS confirmation page shows (src/web/pages/Confirmation.tsx): the codename once, in
// #codename, with the advice, and what happened to each file.
import { h } from './dom.ts';
import { removedText } from './file-report.ts';
import { pagePath, t } from './messages.ts';
import { enhanceTipForm, type SentTip } from './tip-form.ts';
import type { WorkerClient } from './worker-client.ts';

export function enhanceSubmitPage(form: HTMLFormElement, worker: WorkerClient): void {
  enhanceTipForm({
    form,
    worker,
    desk: () => form.dataset.desk ?? '',
    minLength: Number(form.dataset.minLength ?? 0) || 0,
    onSent: (sent) => showConfirmation(form, sent),
  });
}

function showConfirmation(form: HTMLFormElement, sent: SentTip) {
  const main = form.closest('main') ?? document.body;
  const title = h('h1', { tabindex: '-1' }, t('confirm.title'));
  main.replaceChildren(...[
    title,
    sent.filesFailed ? h('p', { class: 'notice', role: 'alert' }, t('js.sent.filesFailed')) : null,
    h('section', { class: 'codename', 'aria-labelledby': 'codename-heading' },
      h('h2', { id: 'codename-heading' }, t('confirm.codename.heading')),
      h('p', { id: 'codename' }, sent.codename ?? ''),
      h('p', {}, t('confirm.codename.advice')),
      h('p', {}, t('confirm.codename.return'), ' ', h('a', { href: pagePath('/return') }, t('layout.return'))),
    ),
    sent.files.length > 0 ? h('section', { 'aria-labelledby': 'files-heading' },
      h('h2', { id: 'files-heading' }, t('confirm.files.heading', { count: sent.files.length })),
      h('ul', { class: 'file-report' }, ...sent.files.map(({ name, report }) => h('li', {}, describeFile(name, report)))),
    ) : null,
  ].filter((node) => node !== null));
  document.title = document.title.replace(/^[^·]*/, `${t('confirm.title')} `);
  // As on the no-JS confirmation: no language links while the codename shows, since following
  // one would reload the page, and the codename exists nowhere else.
  document.querySelector('nav.languages')?.remove();
  // Focus the news, so keyboard and screen-reader users land on it.
  title.focus();
}

function describeFile(name: string, report: SentTip['files'][number]['report']): string {
  if (report.status !== 'cleaned') return t('confirm.file.unsupported', { name });
  if (report.categories.length === 0) return t('confirm.file.nothing', { name });
  return t('confirm.file.cleaned', { name, removed: removedText(report.categories) });
}
