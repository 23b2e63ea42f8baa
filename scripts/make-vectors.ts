/**
 * Writes tests/vectors/envelope-v1.json deterministically (same bytes on every run).
 * Usage: npx tsx scripts/make-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { computeVectors } from '../tests/vectors/envelope-v1.ts';

const target = fileURLToPath(new URL('../tests/vectors/envelope-v1.json', import.meta.url));
const vectors = await computeVectors();
// Keep [length, value] pairs on one line so the tables stay readable.
const json = JSON.stringify(vectors, null, 2).replace(/\[\s+(-?\d+|null),\s+(-?\d+|null)\s+\]/g, '[$1, $2]');
writeFileSync(target, `${json}\n`);
console.log(`wrote ${target}`);
