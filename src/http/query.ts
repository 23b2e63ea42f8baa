// Query-string validation with the same failure shape as validate.ts `valid` (400
// `invalid_request` naming the field), for the few GET routes that take filters.
import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import { errorBody } from './errors.ts';

export function validQuery<T extends z.ZodType>(schema: T) {
  return zValidator('query', schema, (result, c) => {
    if (result.success) return;
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return c.json(errorBody('invalid_request', `${where}${issue?.message ?? 'invalid'}`), 400);
  });
}
