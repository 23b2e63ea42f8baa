// A refusal or failure on a newsroom page: what happened, and the way back to the inbox.
import { sayer, staffHref, type StaffPage } from './context.ts';
import { StaffLayout } from './StaffLayout.tsx';

export function StaffErrorPage({ page, message, otherLanguageHref }: { page: StaffPage; message: string; otherLanguageHref: string }) {
  const say = sayer(page);
  return (
    <StaffLayout page={page} title={say('error.title')} kind="error" otherLanguageHref={otherLanguageHref}>
      <h1>{say('error.title')}</h1>
      <p class="notice" role="alert">{message}</p>
      {page.me ? <p><a href={staffHref(page, '/staff')}>{say('tip.back')}</a></p> : null}
    </StaffLayout>
  );
}
