import type { RejectionCode } from './types.ts';

/** Thrown by strippers for input they refuse; the entry point turns it into a RejectedFile. */
export class StripRejection extends Error {
  override readonly name = 'StripRejection';
  constructor(readonly code: RejectionCode, message: string) {
    super(message);
  }
}

export function reject(code: RejectionCode, message: string): never {
  throw new StripRejection(code, message);
}
