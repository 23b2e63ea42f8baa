// The ordered routing rules as one editable list. The bundle reads the rows in order and replaces
// the whole list through PUT /api/v1/staff/routing-rules (new tips only; audited); the
// <template> row is what "add rule" copies. Empty fields match anything.
import { LOCALE_NAMES, LOCALES } from '../../domain/locales.ts';
import type { RouteMatch } from '../../domain/routing/rules.ts';
import type { AdminDesk } from './AdminPage.tsx';
import { sayer, type StaffPage } from './context.ts';
import { JsSubmit } from './Field.tsx';

export interface RoutingView {
  rules: { match: RouteMatch; targetDeskId: string }[];
}

export function RoutingRules({ page, routing, desks }: { page: StaffPage; routing: RoutingView | null; desks: AdminDesk[] }) {
  const say = sayer(page);
  if (routing === null) return <p>{say('admin.routingUnavailable')}</p>;
  return (
    <form id="routing-form">
      <p class="hint">{say('admin.routingExplain')}</p>
      <table>
        <thead>
          <tr>
            <th>{say('rule.desk')}</th><th>{say('rule.topic')}</th><th>{say('rule.language')}</th>
            <th>{say('rule.hasFiles')}</th><th>{say('rule.urgent')}</th><th>{say('admin.ruleTarget')}</th><th></th>
          </tr>
        </thead>
        <tbody id="routing-rows">
          {routing.rules.map((rule, i) => <RuleRow page={page} desks={desks} rule={rule} index={i} />)}
        </tbody>
      </table>
      {routing.rules.length === 0 ? <p>{say('admin.routingNone')}</p> : null}
      <template id="routing-row-template"><RuleRow page={page} desks={desks} rule={null} index={-1} /></template>
      <p><button type="button" class="secondary" id="routing-add" disabled data-needs-js>{say('admin.ruleAdd')}</button></p>
      <JsSubmit label={say('admin.rulesSave')} />
    </form>
  );
}

function RuleRow({ page, desks, rule, index }: { page: StaffPage; desks: AdminDesk[]; rule: RoutingView['rules'][number] | null; index: number }) {
  const say = sayer(page);
  const m = rule?.match ?? {};
  const n = index + 1;
  const flag = (value: boolean | undefined) => (value === undefined ? '' : value ? 'true' : 'false');
  const yesNo = (name: string, value: boolean | undefined, label: string) => (
    <select name={name} aria-label={`${label} ${n}`}>
      <option value="" selected={value === undefined}>{say('filter.any')}</option>
      <option value="true" selected={flag(value) === 'true'}>{say('yes')}</option>
      <option value="false" selected={flag(value) === 'false'}>{say('no')}</option>
    </select>
  );
  return (
    <tr class="routing-row">
      <td>
        <select name="desk" aria-label={`${say('rule.desk')} ${n}`}>
          <option value="" selected={m.desk === undefined}>{say('filter.any')}</option>
          {desks.map((d) => <option value={d.slug} selected={m.desk === d.slug}>{d.name}</option>)}
        </select>
      </td>
      <td><input type="text" name="topic" value={m.topic ?? ''} maxlength={80} aria-label={`${say('rule.topic')} ${n}`} /></td>
      <td>
        <select name="language" aria-label={`${say('rule.language')} ${n}`}>
          <option value="" selected={m.language === undefined}>{say('filter.any')}</option>
          {LOCALES.map((l) => <option value={l} selected={m.language === l}>{LOCALE_NAMES[l]}</option>)}
        </select>
      </td>
      <td>{yesNo('hasFiles', m.hasFiles, say('rule.hasFiles'))}</td>
      <td>{yesNo('urgent', m.urgent, say('rule.urgent'))}</td>
      <td>
        <select name="targetDeskId" aria-label={`${say('admin.ruleTarget')} ${n}`}>
          {desks.map((d) => <option value={d.id} selected={rule?.targetDeskId === d.id}>{d.name}</option>)}
        </select>
      </td>
      <td><button type="button" class="secondary routing-remove">{say('admin.ruleRemove')}</button></td>
    </tr>
  );
}
