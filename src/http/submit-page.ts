// GET/POST /submit/{desk}: the tip form, and what it posts when the browser runs no JavaScript.
// The handler validates, passes flood control, and hands the rest to the no-JS intake.
import { Hono, type Context } from 'hono';
import { toBase64 } from '../crypto/index.ts';
import { codenameWordlist, generateCodename } from '../domain/codename.ts';
import { localiseDesk } from '../domain/desk-translations.ts';
import { DESK_SLUG_PATTERN, findDeskBySlug, type PublicDesk } from '../domain/desks.ts';
import { listTopics } from '../domain/routing/route.ts';
import { t } from '../web/i18n/i18n.ts';
import { sendFormTip } from '../web/no-js/form-intake.ts';
import { routeChoicesFromForm } from '../web/no-js/route-form.ts';
import type { RouteChoices } from '../web/pages/RouteFields.tsx';
import { Confirmation } from '../web/pages/Confirmation.tsx';
import type { PageContext } from '../web/pages/context.ts';
import { SubmitForm, type SubmitFormProps } from '../web/pages/SubmitForm.tsx';
import { parseForm, tipFromForm, wipeFormBody, type FormProblem } from './form-fields.ts';
import type { PageDeps } from './page-deps.ts';
import { errorPage, formBodyLimit, problemPage, problemStatus, problemText, renderPage, tipLimits } from './page-render.ts';

export function submitPageRoutes(deps: PageDeps, page: PageContext) {
  const { ctx, settings } = deps;
  // The desk's name and description in the page's language; sealing needs only its key.
  const findDesk = async (slug: string) => (DESK_SLUG_PATTERN.test(slug) ? localiseDesk(ctx.db.read, await findDeskBySlug(ctx.db.read, slug), page.locale) : undefined);
  const unknownDesk = (c: Context) => errorPage(c, page, 404, t(page.locale, 'error.unknownDesk'));

  const form = (desk: PublicDesk, refusal?: SubmitFormProps['refusal'], routing?: RouteChoices) =>
    SubmitForm({ page, desk: { ...desk, publicKey: toBase64(desk.publicKey) }, limits: tipLimits(settings, settings.minMessageChars), refusal, routing });
  /** A refused submission: the form again, saying why, with the message as it was written. */
  const refuse = (c: Context, desk: PublicDesk, problem: FormProblem, message: unknown, routing?: RouteChoices) =>
    typeof message === 'string'
      ? renderPage(c, form(desk, { notice: problemText(page, settings, problem), message }, routing), problemStatus(problem))
      : problemPage(c, page, settings, problem);

  return new Hono()
    .get('/:desk', async (c) => {
      const desk = await findDesk(c.req.param('desk'));
      if (!desk) return unknownDesk(c);
      return renderPage(c, form(desk, undefined, { topics: await listTopics({ ctx }) }));
    })
    .post('/:desk', deps.formSlots.hold(page), formBodyLimit(page, settings), wipeFormBody, async (c) => {
      const desk = await findDesk(c.req.param('desk'));
      if (!desk) return unknownDesk(c);
      const body = await parseForm(c);
      if (!body) return problemPage(c, page, settings, { kind: 'unreadable' });
      const read = tipFromForm(body, { minMessageChars: settings.minMessageChars });
      const choices = routeChoicesFromForm(body, page.locale);
      const routing = { topics: await listTopics({ ctx }), urgent: choices.urgent, topic: choices.topic };
      // A bot that filled the honeypot gets what a person would see, with a codename for nothing.
      if (read.kind === 'honeypot') return renderPage(c, Confirmation({ page, codename: generateCodename(codenameWordlist(page.locale)), files: [] }));
      if (read.kind === 'problem') return refuse(c, desk, read.problem, body.message, routing);

      const wait = deps.gate.admit(desk.slug);
      if (wait > 0) {
        // Nothing was taken in, and nothing typed is lost: the form comes back with the message.
        c.header('Retry-After', String(wait));
        return renderPage(c, form(desk, { notice: t(page.locale, 'error.busy', { seconds: wait }), message: read.tip.message }, routing), 429);
      }
      const target = { desk, refreshDesk: async () => (await findDeskBySlug(ctx.db.read, desk.slug)) ?? desk, source: { kind: 'new', locale: page.locale } as const, routing: choices };
      const result = await sendFormTip(ctx, target, read.tip);
      if (!result.ok) return refuse(c, desk, result.problem, read.tip.message, routing);
      return renderPage(c, Confirmation({ page, codename: result.codename, files: result.files }));
    });
}
