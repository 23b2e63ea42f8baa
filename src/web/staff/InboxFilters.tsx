// The queue's filters as a plain GET form: every filtered view is a link that can be shared
// with a colleague or bookmarked, and the form works without the bundle (it carries no secret).
import { TIP_STATUSES } from '../../domain/staff/roles.ts';
import { sayer, type StaffPage } from './context.ts';
import { SORTS, type InboxView } from './inbox-types.ts';

export function InboxFilters({ page, view }: { page: StaffPage; view: InboxView }) {
  const say = sayer(page);
  const f = view.filters;
  const select = (id: string, label: string, options: [string, string][], value: string | undefined) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={id.replace('filter-', '')}>
        <option value="">{say('filter.any')}</option>
        {options.map(([v, text]) => <option value={v} selected={value === v}>{text}</option>)}
      </select>
    </div>
  );
  const check = (id: string, label: string, on: boolean | undefined) => (
    <div class="field check">
      <input type="checkbox" id={id} name={id.replace('filter-', '')} value="true" checked={Boolean(on)} />
      <label for={id}>{label}</label>
    </div>
  );
  return (
    <form class="filters" method="get" action={view.path} aria-label={say('filter.title')}>
      {page.locale !== 'en' ? <input type="hidden" name="lang" value={page.locale} /> : null}
      {select('filter-status', say('filter.status'), TIP_STATUSES.map((s) => [s, say(`status.${s}`)]), f.status)}
      {select('filter-priority', say('filter.priority'), [3, 2, 1, 0].map((p) => [String(p), say(`priority.${p as 0 | 1 | 2 | 3}`)]), f.priority?.toString())}
      {select('filter-label', say('filter.label'), view.labels.map((l) => [l.id, view.kind === 'desk' ? l.name : `${l.name} (${l.deskName})`]), f.label)}
      {view.kind === 'assigned' ? null : select('filter-assignee', say('filter.assignee'),
        [['me', say('filter.me')], ['none', say('filter.nobody')], ...view.members.map((m): [string, string] => [m.id, m.displayName])], f.assignee)}
      {select('filter-hasFiles', say('filter.hasFiles'), [['true', say('filter.withFiles')], ['false', say('filter.withoutFiles')]], f.hasFiles?.toString())}
      {check('filter-unsupported', say('filter.unsupported'), f.unsupported)}
      {check('filter-unread', say('filter.unread'), f.unread)}
      <div class="field">
        <label for="filter-sort">{say('filter.sort')}</label>
        <select id="filter-sort" name="sort">
          {SORTS.map((s) => <option value={s} selected={(f.sort ?? 'newest') === s}>{say(`sort.${s}`)}</option>)}
        </select>
      </div>
      <button type="submit">{say('filter.apply')}</button>
      <a href={view.path + (page.locale !== 'en' ? `?lang=${page.locale}` : '')}>{say('filter.reset')}</a>
    </form>
  );
}
