// `tipline`: the command line. Admin commands talk to the database directly (DATABASE_URL);
// `submit` talks HTTP to a server exactly as a source's browser does. bin/tipline.mjs runs this
// through tsx, except for the commands it can take from the prebuilt bundle (bundled.ts).
import { dispatch, type CommandTable } from './dispatch.ts';

// Loaded on demand: `strip` and `submit` should not pay for the database stack at start.
const COMMANDS: CommandTable = {
  'desk create': async () => (await import('./desk.ts')).deskCreate,
  'desk rotate': async () => (await import('./rotate.ts')).deskRotate,
  'desk grant': async () => (await import('./admin.ts')).deskGrant,
  'admin create': async () => (await import('./admin.ts')).adminCreate,
  'desk translate': async () => (await import('./desk.ts')).deskTranslate,
  submit: async () => (await import('./submit.ts')).submit,
  'tips export': async () => (await import('./tips-export.ts')).tipsExport,
  'audit verify': async () => (await import('./audit.ts')).auditVerify,
  'audit keygen': async () => (await import('./audit.ts')).auditKeygen,
  'audit checkpoint': async () => (await import('./audit.ts')).auditCheckpoint,
  'audit export': async () => (await import('./audit.ts')).auditExport,
  'db migrate': async () => (await import('./db.ts')).dbMigrate,
  strip: async () => (await import('./strip.ts')).strip,
  reply: async () => (await import('./reply.ts')).reply,
};

export function main(argv: string[]): Promise<number> {
  return dispatch(argv, COMMANDS);
}
