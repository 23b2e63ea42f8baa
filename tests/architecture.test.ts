// The layering rules, enforced: handlers validate and call verbs (no drizzle), the domain knows
// neither hono nor node:*, src/crypto is the only importer of tweetnacl and runs everywhere, and
// nothing the Worker bundles imports node:*.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') || e.name.endsWith('.tsx') ? [join(dir, e.name)] : []);
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

const files = sources(SRC).map((path) => ({ path: path.slice(SRC.length + 1), imports: importsOf(path) }));
const offenders = (under: RegExp, forbidden: RegExp) =>
  files.filter((f) => under.test(f.path)).flatMap((f) => f.imports.filter((i) => forbidden.test(i)).map((i) => `${f.path} imports ${i}`));

describe('architecture', () => {
  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.find((f) => f.path === 'domain/tips.ts')?.imports).toContain('../crypto/index.ts');
  });
  it('keeps drizzle out of the HTTP handlers', () => {
    expect(offenders(/^http\//, /^drizzle-orm|\/db\/schema/)).toEqual([]);
  });
  it('keeps hono and node:* out of the domain', () => {
    expect(offenders(/^domain\//, /^hono|^@hono|^node:/)).toEqual([]);
  });
  it('lets only src/crypto import tweetnacl, and keeps crypto and strip runtime-neutral', () => {
    expect(offenders(/^(?!crypto\/)/, /^tweetnacl/)).toEqual([]);
    expect(offenders(/^(crypto|strip)\//, /^node:|^buffer$|^fs$|^path$/)).toEqual([]);
  });
  it('imports nothing Node-only from what the Worker bundles', () => {
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const spec of files.find((f) => f.path === path)?.imports ?? []) {
        if (spec.startsWith('.')) visit(join(path, '..', spec).replace(/^\.\//, ''));
      }
    };
    visit('worker.ts');
    const nodeOnly = [...seen].flatMap((p) => (files.find((f) => f.path === p)?.imports ?? [])
      .filter((i) => /^node:|^@libsql\/client$|^@hono\/node-server|drizzle-orm\/libsql\/migrator/.test(i)).map((i) => `${p} imports ${i}`));
    expect(seen.size).toBeGreaterThan(10);
    expect(nodeOnly).toEqual([]);
  });
});
