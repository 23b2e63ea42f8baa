// The fields of a tip, shared by the first submission and the follow-up form. The names and
// ids are a contract with the browser bundle and the server's form reader (docs/source-flow.md).
import { t } from '../i18n/i18n.ts';
import type { PageContext } from './context.ts';
import { RouteFields, type RouteChoices } from './RouteFields.tsx';

export interface TipLimits {
  /** Characters a message needs (1 for a follow-up). */
  minLength: number;
  maxFiles: number;
  /** The whole form, in MB. */
  megabytes: number;
}

/**
 * `message`: what the source wrote, shown again after a refusal so that nothing typed is lost.
 * `routing`: the urgency and topic choices, on the first submission only.
 */
export function TipFields({ page, limits, message, routing }: { page: PageContext; limits: TipLimits; message?: string; routing?: RouteChoices }) {
  const { locale } = page;
  return (
    <>
      <p class="field">
        <label for="message">{t(locale, 'submit.message.label')}</label>
        <span class="hint" id="message-hint">{t(locale, 'submit.message.hint', { min: limits.minLength })}</span>
        <textarea id="message" name="message" rows={10} required minlength={limits.minLength} aria-describedby="message-hint">{message ?? ''}</textarea>
      </p>
      <p class="field">
        <label for="files">{t(locale, 'submit.files.label')}</label>
        <span class="hint" id="files-hint">{t(locale, 'submit.files.hint', { max: limits.maxFiles, megabytes: limits.megabytes })}</span>
        <input id="files" name="files" type="file" multiple aria-describedby="files-hint" />
      </p>
      <p class="field check">
        <input type="checkbox" id="allow-unsupported" name="allow_unsupported" value="1" />
        <label for="allow-unsupported">{t(locale, 'submit.allowUnsupported.label')}</label>
      </p>
      {routing ? <RouteFields page={page} routing={routing} /> : null}
      {/* A field people never see or fill; form-filling bots do. */}
      <p class="hp" aria-hidden="true">
        <label for="website">{t(locale, 'submit.honeypot.label')}</label>
        <input id="website" name="website" class="hp" tabindex={-1} autocomplete="off" aria-hidden="true" />
      </p>
      <div id="file-report" aria-live="polite"></div>
      <progress id="upload-progress" hidden max={100} value={0} aria-label={t(locale, 'submit.progress.label')}></progress>
      <p>
        <button id="submit-button" type="submit">{t(locale, 'submit.button')}</button>
      </p>
    </>
  );
}
