// tipline strip --out <dir> <file>...: removes metadata from each file and writes the cleaned
// copy under the same name into <dir>. One line per file, in the order the files were named: what
// was removed, or why the file was rejected or is unsupported. Nothing is written for a rejected
// or unsupported file; exit 1 if any file was rejected. One thread: a second one (tried, with the
// XML formats on a worker) cost 30-40% more CPU and was no faster by the clock on the 2-core
// project machine, busy or idle (docs/performance.md, "tipline strip on a folder").
import { mkdirSync } from 'node:fs';
import { stripFile } from './strip-file.ts';
import { CliError, parse, required } from './util.ts';

export async function strip(args: string[]): Promise<number> {
  const { values, positionals: paths } = parse(args, { out: { type: 'string' } }, -1);
  const out = required(values.out, '--out');
  if (paths.length === 0) throw new CliError('name at least one file to strip (see tipline --help)', 2);
  mkdirSync(out, { recursive: true });
  let rejected = 0;
  for (const path of paths) {
    const outcome = await stripFile(path, out);
    process.stdout.write(`${outcome.line}\n`);
    if (outcome.rejected) rejected += 1;
  }
  return rejected === 0 ? 0 : 1;
}
