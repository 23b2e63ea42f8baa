// /static/staff.js: the newsroom pages' bundle (never loaded by source pages). The pages are
// rendered by the server with ciphertext in data attributes; this decrypts in place, seals what
// staff write before it is sent, and drives the forms. Plaintext goes to the DOM as text nodes
// and nowhere else: nothing decrypted is ever sent back to the server.
import { enhanceAdmin } from './admin.ts';
import { enhanceAudit } from './audit.ts';
import { enhanceDraftPages } from './drafts.ts';
import { enhanceEnroll } from './enroll.ts';
import { enhanceGrants } from './grants.ts';
import { enhanceInbox } from './inbox.ts';
import { enhanceLabels } from './labels.ts';
import { enhanceLogin } from './login.ts';
import { enhanceLogout } from './logout.ts';
import { showError } from './status.ts';
import { enhanceTip } from './tip.ts';

function start() {
  document.documentElement.classList.add('js');
  // Forms are sent only by this bundle: their buttons start disabled in the HTML.
  document.querySelectorAll<HTMLButtonElement>('[data-needs-js]').forEach((b) => (b.disabled = false));
  const logout = document.getElementById('logout');
  if (logout instanceof HTMLButtonElement) enhanceLogout(logout);
  const form = (id: string) => document.getElementById(id) as HTMLFormElement | null;
  switch (document.body.dataset.page) {
    case 'login': return enhanceLogin(form('login-form')!);
    case 'enroll': return form('enroll-form') ? enhanceEnroll(form('enroll-form')!) : undefined;
    case 'inbox':
      enhanceGrants();
      return void enhanceInbox().catch(showError);
    case 'tip':
      // Label deletion needs no key: it works while the tab waits to be unlocked.
      enhanceLabels();
      return void enhanceTip().catch(showError);
    case 'drafts':
    case 'draft': return void enhanceDraftPages().catch(showError);
    case 'admin': return enhanceAdmin();
    case 'audit': return enhanceAudit();
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
