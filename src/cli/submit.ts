// tipline submit: seals and submits a tip over HTTP with the same code a browser runs.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { submitTip, SubmitError, type FileToSend } from '../client/submit.ts';
import { CliError, parse, required } from './util.ts';

export async function submit(args: string[]): Promise<number> {
  const { values } = parse(args, {
    server: { type: 'string' },
    desk: { type: 'string' },
    message: { type: 'string' },
    file: { type: 'string', multiple: true },
  });
  const files: FileToSend[] = (values.file ?? []).map((path) => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new CliError(`cannot read ${path}`);
    }
    return {
      name: basename(path),
      type: 'application/octet-stream',
      size,
      open: () => createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>,
    };
  });
  try {
    const { tipId } = await submitTip({
      server: required(values.server, '--server'),
      desk: required(values.desk, '--desk'),
      message: required(values.message, '--message'),
      files,
    });
    process.stdout.write(`${tipId}\n`);
    return 0;
  } catch (error) {
    if (error instanceof SubmitError) throw new CliError(`the server refused the tip: ${error.code}: ${error.message}`);
    if (error instanceof TypeError) throw new CliError(`cannot reach ${values.server}: ${error.message}`);
    throw error;
  }
}
