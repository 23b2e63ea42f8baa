// Placeholder until this format's stripper lands: reports the format as unsupported.
import type { Stripper } from './types.ts';

export const stripOdf: Stripper = async (_source, kind) => ({ status: 'unsupported', kind, reason: 'not implemented yet' });
