// What a source may say about their tip for routing (src/domain/routing), as the JSON API takes
// it on POST /api/v1/tips and as GET /api/v1/route takes it in the query string.
import { z } from 'zod';
import { LOCALES } from '../domain/locales.ts';
import { MAX_TOPIC_CHARS } from '../domain/routing/rules.ts';

/** Fields of POST /api/v1/tips; all optional, so clients that know nothing of routing still work. */
export const routeFields = {
  /** The desk the source picked; `desk` is the one the tip is sealed to (they differ after `rerouted`). */
  chosenDesk: z.string().min(1).max(64).optional(),
  // Code units, not characters: a bound on size; the domain checks the topic against the offered ones.
  topic: z.string().max(MAX_TOPIC_CHARS * 2).optional(),
  urgent: z.boolean().optional(),
  hasFiles: z.boolean().optional(),
  language: z.enum(LOCALES).optional(),
};

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** GET /api/v1/route?desk=&topic=&urgent=&hasFiles=&language= */
export const routeQuery = z.strictObject({
  desk: z.string().min(1).max(64),
  topic: routeFields.topic,
  urgent: flag.optional(),
  hasFiles: flag.optional(),
  language: routeFields.language,
});
