// Driving the no-JavaScript pages as a browser without JavaScript would: multipart forms,
// urlencoded forms, the session cookie, the CSRF token in hidden fields.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.ts';

export interface FormFile {
  name: string;
  type?: string;
  bytes: Uint8Array | string;
}

export const PHONE_JPEG = new URL('../fixtures/strip/images/phone.jpg', import.meta.url);
export const phoneJpeg = () => new Uint8Array(readFileSync(PHONE_JPEG));

export function multipart(fields: Record<string, string | string[]>, files: FormFile[] = []): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  for (const file of files) {
    const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
    form.append('files', new File([bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
  }
  return form;
}

export function postForm(t: TestApp, path: string, body: FormData | URLSearchParams, headers: Record<string, string> = {}) {
  return t.app.request(path, { method: 'POST', body, headers });
}

export async function submitTipForm(t: TestApp, desk: string, message: string, files: FormFile[] = [], extra: Record<string, string> = {}) {
  return postForm(t, `/submit/${desk}`, multipart({ message, ...extra }, files));
}

export function codenameOf(html: string): string {
  const match = /<p id="codename">([^<]+)<\/p>/.exec(html);
  if (!match) throw new Error('no codename on the page');
  return match[1]!;
}

export function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

/** Logs in through POST /return; returns the `tl_session=...` pair to send back. */
export async function logIn(t: TestApp, codename: string): Promise<string> {
  const res = await postForm(t, '/return', new URLSearchParams({ codename }));
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie') ?? '';
  const pair = /^(tl_session=[A-Za-z0-9_-]+)/.exec(cookie);
  if (!pair) throw new Error(`no session cookie: ${cookie}`);
  return pair[1]!;
}

export async function conversationPage(t: TestApp, cookie: string): Promise<string> {
  const res = await t.app.request('/conversation', { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

export async function countRows(t: TestApp) {
  const [tips, sources, parts] = await Promise.all([
    t.db.read.query.tips.findMany(), t.db.read.query.sources.findMany(), t.db.read.query.parts.findMany(),
  ]);
  return { tips: tips.length, sources: sources.length, parts: parts.length };
}
