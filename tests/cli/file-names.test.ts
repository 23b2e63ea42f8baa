// File names come from sources, i.e. from anyone: they must never climb out of the export folder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeFileName, uniqueName } from '../../src/cli/file-names.ts';

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system32\\evil.dll', 'evil.dll'],
    ['..', 'file'],
    ['', 'file'],
    ['.hidden', 'hidden'],
    ['rep\u0000ort\u001b.pdf', 'rep_ort_.pdf'],
    ['CON.txt', '_CON.txt'],
    ['a:b*c?.txt', 'a_b_c_.txt'],
    ['사진 2026.jpg', '사진 2026.jpg'],
  ])('%j becomes %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('always yields one harmless path component of at most 200 bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (name) => {
      const clean = sanitizeFileName(name);
      expect(clean.length).toBeGreaterThan(0);
      expect(clean).not.toMatch(/[/\\\u0000-\u001f]/);
      expect(clean).not.toMatch(/^\./);
      expect(Buffer.byteLength(clean)).toBeLessThanOrEqual(200);
    }), { numRuns: 2000 });
  });
});

describe('uniqueName', () => {
  it('numbers duplicates, case-insensitively, before the extension', () => {
    const taken = new Set(['message.txt']);
    expect(['a.jpg', 'A.JPG', 'a.jpg', 'Message.txt', 'noext', 'noext'].map((n) => uniqueName(n, taken)))
      .toEqual(['a.jpg', 'A (2).JPG', 'a (3).jpg', 'Message (2).txt', 'noext', 'noext (2)']);
  });
});
