// tipline audit verify: recomputes the audit chain; exit 0 only when it is intact.
import { hex } from '@scure/base';
import { verifyAuditChain } from '../domain/audit.ts';
import { parse } from './util.ts';
import { withDatabase } from './with-database.ts';

export async function auditVerify(args: string[]): Promise<number> {
  parse(args, {});
  const result = await withDatabase((ctx) => verifyAuditChain(ctx.db.read));
  if (result.ok) {
    process.stdout.write(`audit chain intact: ${result.entries} entries, head ${hex.encode(result.headHash)}\n`);
    return 0;
  }
  process.stdout.write(`audit chain BROKEN at entry ${result.seq} (${result.problem}): ${result.message}\n`);
  return 1;
}
