// After a submission: the codename, once, with the advice that goes with it (first tip), and
// what happened to each file. A follow-up gets the same page without a codename.
import type { RemovalCategory } from '../../strip/index.ts';
import { formatList, t } from '../i18n/i18n.ts';
import { pagePath, type PageContext } from './context.ts';
import { Layout } from './Layout.tsx';

export interface FileReport {
  name: string;
  metadata: 'cleaned' | 'unsupported';
  /** What kinds of hidden information were removed (empty: nothing was found). */
  removed: RemovalCategory[];
}

export interface ConfirmationProps {
  page: PageContext;
  /** Present for a first tip; a follow-up keeps the codename the source already has. */
  codename?: string;
  files: FileReport[];
}

export function Confirmation({ page, codename, files }: ConfirmationProps) {
  const { locale } = page;
  const title = t(locale, codename === undefined ? 'confirm.followUp.title' : 'confirm.title');
  return (
    // No language menu under a codename: it is shown once, and a link away would lose it.
    <Layout page={page} title={title} script path={codename === undefined ? '/conversation' : null}>
      <h1>{title}</h1>
      {codename === undefined ? (
        <p><a href={pagePath(page, '/conversation')}>{t(locale, 'confirm.followUp.back')}</a></p>
      ) : (
        <section class="codename" aria-labelledby="codename-heading">
          <h2 id="codename-heading">{t(locale, 'confirm.codename.heading')}</h2>
          <p id="codename">{codename}</p>
          <p>{t(locale, 'confirm.codename.advice')}</p>
          <p>{t(locale, 'confirm.codename.return')}</p>
        </section>
      )}
      {files.length > 0 ? (
        <section aria-labelledby="files-heading">
          <h2 id="files-heading">{t(locale, 'confirm.files.heading', { count: files.length })}</h2>
          <ul class="file-report">
            {files.map((file) => <li>{describeFile(page, file)}</li>)}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

/** Most telling first: where, on what, by whom. */
const CATEGORY_ORDER: RemovalCategory[] = [
  'location', 'device', 'author', 'software', 'dates', 'thumbnails', 'comments', 'history', 'paths', 'identifiers', 'other',
];

function describeFile({ locale }: PageContext, file: FileReport): string {
  if (file.metadata === 'unsupported') return t(locale, 'confirm.file.unsupported', { name: file.name });
  if (file.removed.length === 0) return t(locale, 'confirm.file.nothing', { name: file.name });
  const categories = CATEGORY_ORDER.filter((category) => file.removed.includes(category));
  const removed = formatList(locale, categories.map((category) => t(locale, `removed.${category}`)));
  return t(locale, 'confirm.file.cleaned', { name: file.name, removed });
}
