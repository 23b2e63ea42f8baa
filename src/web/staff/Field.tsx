// One labelled form field, as every newsroom form uses it. Forms on these pages are sent by the
// staff bundle (it derives keys and seals before anything leaves the browser), so their submit
// buttons start disabled: without the bundle nothing, a passphrase least of all, can be posted.
import type { Child } from 'hono/jsx';

export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  children: Child;
}

export function Field({ id, label, hint, children }: FieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? <span class="hint" id={`${id}-hint`}>{hint}</span> : null}
      {children}
    </div>
  );
}

/** A submit button the bundle enables once it has taken over the form. */
export function JsSubmit({ label, id }: { label: string; id?: string }) {
  return <button type="submit" id={id} disabled data-needs-js>{label}</button>;
}
