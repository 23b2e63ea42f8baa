// /staff/staff.css: the newsroom pages' additions to /static/app.css (a module string, so every
// runtime serves it). Wider pages for tables; a visible focus on the inbox row the keyboard is
// on; the unread marker is a word and weight, not colour alone; audit entries' details as a
// compact list of names and values.
export const STAFF_CSS = `
body.staff header, body.staff main { max-width: 80rem; }
body.staff header nav { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.25rem; }
body.staff .whoami { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0 0; }
#staff-status { max-width: 80rem; margin: 0 auto; padding: 0 1rem; min-height: 1.5rem; }
#staff-status.error { color: #b00020; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
table.inbox { overflow-wrap: normal; }
table.inbox th { white-space: nowrap; }
table.inbox td:first-child, table.inbox th:first-child { width: 1%; }
.inbox-caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.92rem; padding: 0.25rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
tr.tip-row:focus, tr.tip-row.current { outline: 3px solid var(--accent); outline-offset: -3px; background: var(--notice); }
tr.tip-row.unread td { font-weight: 600; }
tr.tip-row.selected { background: var(--notice); }
.preview { max-width: 32rem; color: var(--muted); }
.preview.done { color: var(--text); }
.unread-mark { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; }
.flag { display: inline-block; font-size: 0.8rem; border: 1px solid var(--line); border-radius: 3px; padding: 0 0.3rem; margin: 0 0.2rem 0.2rem 0; }
.flag.warn { border-color: #b00020; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; border: 1px solid var(--line); padding: 0.5rem 1rem; }
.filters .field { margin: 0; }
select, input[type="password"], input[type="number"] { font: inherit; color: inherit; background: transparent; border: 1px solid var(--line); border-radius: 4px; padding: 0.4rem; }
input[type="password"] { display: block; width: 100%; }
.bulk { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; margin: 0.75rem 0; }
.message-text, .note-text, .reply-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.panel { border: 1px solid var(--line); border-radius: 4px; padding: 0.5rem 1rem; margin: 1rem 0; }
.file-preview img { max-width: 100%; max-height: 40rem; display: block; margin: 0.5rem 0; }
.recovery-codes { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1.1rem; }
#totp-secret, .invite-link { font-family: ui-monospace, Menlo, Consolas, monospace; user-select: all; overflow-wrap: anywhere; }
#totp-qr { display: block; background: #fff; margin: 0.5rem 0; }
.pager { display: flex; gap: 1.5rem; margin: 1rem 0; }
.two-col { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 2rem; }
@media (max-width: 50rem) { .two-col { grid-template-columns: 1fr; } }
table.audit code { font-size: 0.85rem; }
.audit-details dl { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0 0.5rem; margin: 0; font-size: 0.9rem; }
.audit-details dt { color: var(--muted); }
.audit-details dd { margin: 0; overflow-wrap: anywhere; }
.audit-subject code { display: block; font-size: 0.8rem; color: var(--muted); }
.filters input[type="text"] { width: 16rem; }
.filters .hint { max-width: 16rem; margin-bottom: 0; }
input[type="date"] { font: inherit; color: inherit; background: transparent; border: 1px solid var(--line); border-radius: 4px; padding: 0.4rem; }
textarea.short { min-height: 4rem; font-family: ui-monospace, Menlo, Consolas, monospace; }
#verify-result code { overflow-wrap: anywhere; }
#desk-labels ul { list-style: none; padding: 0; }
#desk-labels li { margin: 0.25rem 0; }
@media print { header, nav, #staff-status, #enroll-form { display: none; } }
`;
