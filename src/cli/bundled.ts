// The entry of the prebuilt CLI bundle (dist/cli/, built by scripts/build-cli.ts): the commands
// that are worth starting without tsx and are safe to bundle. `strip` is timed against exiftool
// as a whole process, and tsx transpiling src/ at every start was most of its time. The others
// stay on the sources: they open libSQL (a native module), find drizzle/ and their worker files
// next to their own source file, and run for long enough that start-up does not matter.
import { dispatch, type CommandTable } from './dispatch.ts';

export const BUNDLED_COMMANDS: CommandTable = {
  strip: async () => (await import('./strip.ts')).strip,
};

export function main(argv: string[]): Promise<number> {
  return dispatch(argv, BUNDLED_COMMANDS);
}
