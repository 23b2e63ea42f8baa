// The fences around pdf-lib's parser (pdf-parser.ts): a budget of byte-level steps, a separate
// budget for work lost on objects that fail to parse, a nesting limit, and quiet for pdf-lib's
// per-object console warnings. All of them turn hostile input into a prompt rejection.
import { StripRejection } from './errors.ts';
import type { DecodeBudget } from './pdf-decode.ts';
import type { RejectionCode, StripLimits } from './types.ts';

/** Byte-level parser steps allowed per input byte: real files take one or two (1.3 at most measured). */
const STEPS_PER_BYTE = 16;
const BASE_STEPS = 1_000_000;
/**
 * Direct objects nest a few levels in real files (catalog > names > tree > array > destination):
 * maxDepth also counts embedding levels, and a caller that forbids embedded files (maxDepth 0)
 * must still be able to read the document itself.
 */
const MIN_OBJECT_NESTING = 16;

export interface ParseGuard {
  steps: number;
  /** Steps spent on objects that failed to parse, which pdf-lib then rescans: capped apart. */
  wastedSteps: number;
  depth: number;
  readonly maxDepth: number;
  readonly maxObjects: number;
  budget: DecodeBudget;
  failure?: { code: RejectionCode; reason: string };
}

export function createGuard(size: number, limits: StripLimits, budget: DecodeBudget): ParseGuard {
  return {
    steps: BASE_STEPS + STEPS_PER_BYTE * size,
    wastedSteps: BASE_STEPS + 2 * size,
    depth: 0,
    maxDepth: Math.max(limits.maxDepth, MIN_OBJECT_NESTING),
    maxObjects: limits.maxElements,
    budget,
  };
}

/**
 * pdf-lib warns on the console for every damaged object: a hostile file would write a line per
 * object to the server's log (and they are slow). Only those messages are dropped, while any
 * parse is running; the count lets parses overlap (they await between objects).
 */
const PDF_LIB_NOISE = /^(Trying to parse invalid object|Invalid object ref|Removing parsed object|Parsed number that is too large)/;
let quietParses = 0;
let consoleWarn: typeof console.warn = console.warn;

export function quietPdfLibWarnings(): () => void {
  if (quietParses++ === 0) {
    consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && PDF_LIB_NOISE.test(args[0])) return;
      consoleWarn.apply(console, args);
    };
  }
  return () => {
    if (--quietParses === 0) console.warn = consoleWarn;
  };
}

export function fail(guard: ParseGuard, code: RejectionCode, reason: string): never {
  guard.failure ??= { code, reason };
  throw new StripRejection(code, reason);
}

/**
 * Counts pdf-lib's steps forward (next) and jumps (moveTo, used by keyword matching): every loop
 * that makes progress takes one. Once over the allowance every step throws, so no loop goes on.
 */
export function meter(stream: object, guard: ParseGuard): void {
  const target = stream as { next(): number; moveTo(offset: number): void };
  const next = target.next.bind(target);
  const moveTo = target.moveTo.bind(target);
  target.next = () => {
    if (--guard.steps < 0) fail(guard, 'too_large', 'the PDF structure is too costly to read');
    return next();
  };
  target.moveTo = (offset: number) => {
    if (--guard.steps < 0) fail(guard, 'too_large', 'the PDF structure is too costly to read');
    moveTo(offset);
  };
}

export function nested<T>(guard: ParseGuard, parse: () => T): T {
  if (++guard.depth > guard.maxDepth) {
    guard.depth--;
    fail(guard, 'too_deep', `PDF objects nested more than ${guard.maxDepth} levels deep`);
  }
  try {
    return parse();
  } finally {
    guard.depth--;
  }
}

/**
 * A damaged object (an unterminated string, say) can be read to the end of the file before it
 * fails; pdf-lib then resumes just after it, and the next one can do the same. The work lost
 * that way is capped at about twice the file, so hostile files fail in linear time with a small
 * constant. (parseIndirectObject is private in pdf-lib's types, not in JavaScript.)
 */
export function meterFailedObjects(parser: object, guard: ParseGuard): void {
  const target = parser as { parseIndirectObject(): Promise<unknown> };
  const parseIndirectObject = target.parseIndirectObject.bind(parser);
  target.parseIndirectObject = async () => {
    const before = guard.steps;
    try {
      return await parseIndirectObject();
    } catch (error) {
      guard.wastedSteps -= before - guard.steps;
      if (guard.wastedSteps < 0) fail(guard, 'malformed', 'the PDF has too many damaged objects');
      throw error;
    }
  };
}
