// Reads a secret from standard input (piped) or an interactive prompt without echo.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export async function readStdinSecret(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function promptSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) return readStdinSecret();
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  process.stderr.write(question);
  muted = true;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  muted = false;
  rl.close();
  process.stderr.write('\n');
  return answer;
}
