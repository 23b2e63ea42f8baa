// The routing choices of a form without JavaScript (src/web/pages/RouteFields.tsx): the urgency
// checkbox and the topic select. Anything odd (a repeated field, a file, an oversized value) is
// read as "not chosen": these are hints for routing, not worth refusing a tip over.
import type { Locale } from '../../domain/locales.ts';
import { MAX_TOPIC_CHARS } from '../../domain/routing/rules.ts';
import type { FormTipTarget } from './form-intake.ts';

export function routeChoicesFromForm(body: Record<string, unknown>, locale: Locale): NonNullable<FormTipTarget['routing']> {
  const topic = typeof body.topic === 'string' && body.topic !== '' && body.topic.length <= MAX_TOPIC_CHARS * 2 ? body.topic : undefined;
  // The page's language routes too; like everything the source chose, it is not stored.
  return { urgent: body.urgent === '1', ...(topic ? { topic } : {}), language: locale };
}
