// The choices a source makes for routing on the first submission's form (not on follow-ups,
// which stay with their conversation's desk): an urgency flag and, when the newsroom routes on
// topics, a topic. Names `urgent` and `topic` are read by the no-JS form reader
// (src/web/no-js/route-form.ts) and the browser bundle (src/web/client/tip-form.ts).
import { t } from '../i18n/i18n.ts';
import type { PageContext } from './context.ts';

export interface RouteChoices {
  /** The topics offered (GET /api/v1/topics); none: no topic field. */
  topics: string[];
  /** What the source chose, shown again after a refusal. */
  urgent?: boolean;
  topic?: string | null;
}

export function RouteFields({ page, routing }: { page: PageContext; routing: RouteChoices }) {
  const { locale } = page;
  return (
    <>
      <p class="field check">
        <input type="checkbox" id="urgent" name="urgent" value="1" checked={routing.urgent === true} aria-describedby="urgent-hint" />
        <label for="urgent">{t(locale, 'submit.urgent.label')}</label>
        <span class="hint" id="urgent-hint">{t(locale, 'submit.urgent.hint')}</span>
      </p>
      {routing.topics.length > 0 ? (
        <p class="field">
          <label for="topic">{t(locale, 'submit.topic.label')}</label>
          <select id="topic" name="topic">
            <option value="">{t(locale, 'submit.topic.none')}</option>
            {routing.topics.map((topic) => <option value={topic} selected={routing.topic === topic}>{topic}</option>)}
          </select>
        </p>
      ) : null}
    </>
  );
}
