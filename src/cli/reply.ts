// tipline reply --tip <id> --message <text>: writes a reply to the source of a tip, sealed to
// their reply key and to the desk key. Needs no secret: both keys are public.
import { sealReply } from '../client/reply.ts';
import { isId } from '../domain/ids.ts';
import { replyRecipients, sendReply } from '../domain/replies.ts';
import { CliError, parse, required } from './util.ts';
import { withDatabase } from './with-database.ts';

export async function reply(args: string[]): Promise<number> {
  const { values } = parse(args, { tip: { type: 'string' }, message: { type: 'string' } });
  const tipId = required(values.tip, '--tip');
  const text = required(values.message, '--message');
  if (!isId(tipId)) throw new CliError(`${tipId} is not a tip id`, 2);
  const { replyId } = await withDatabase(async (ctx) => {
    const recipients = await replyRecipients(ctx, tipId);
    if (!recipients) throw new CliError(`tip ${tipId} does not exist or was sent without a codename`);
    const sealed = sealReply(text, recipients.replyPublicKey, recipients.desk.publicKey);
    return sendReply({ ctx, input: { tipId, ...sealed, deskKeyVersion: recipients.desk.keyVersion, actor: { kind: 'admin-cli' } } });
  });
  process.stdout.write(`${replyId}\n`);
  return 0;
}
