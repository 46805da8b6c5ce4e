// Options every ERS client command shares (--url, --insecure, --timeout,
// --concurrency, --rate, --retries, --ers-only) and the credentials:
// GATEHOUSE_USER / GATEHOUSE_PASSWORD, else a prompt. There is deliberately
// no password flag.
import { Option, type Command } from 'commander';
import { ErsHttp } from './ers-http.ts';
import { DEFAULT_RETRY } from './retry.ts';
import { promptSecret } from './secret-input.ts';
import { createInterface } from 'node:readline';

export interface ConnectionOpts {
  url?: string;
  insecure?: boolean;
  timeout: string;
  concurrency: string;
  rate: string;
  retries: string;
  ersOnly?: boolean;
}

const positiveInt = (flag: string, v: string, min: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer ≥ ${min} (got '${v}')`);
  return n;
};

export function addConnectionOptions(c: Command): Command {
  return c
    .option('--url <url>', 'ERS base URL, e.g. https://ise.example.com:9060 (default: $GATEHOUSE_URL)')
    .option('--insecure', 'do not verify the server certificate (like curl -k)')
    .option('--timeout <seconds>', 'time limit of one HTTP call', '30')
    .option('--concurrency <n>', 'calls in flight at once', '8')
    .addOption(new Option('--rate <n>', 'calls per second, 0 = unlimited (real ISE caps ERS at about 100/s)').default('50'))
    .option('--retries <n>', 'retries of a call on 429, 5xx and timeouts', String(DEFAULT_RETRY.retries))
    .option('--ers-only', 'only the calls real ISE serves: no Gatehouse fast paths even against a Gatehouse node');
}

async function promptLine(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('GATEHOUSE_USER is not set and there is no terminal to ask on');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string>((r) => rl.question(question, r));
  } finally {
    rl.close();
  }
}

export interface Connection {
  http: ErsHttp;
  concurrency: number;
  rate: number;
  /** Keep to the calls ISE serves (no detection of the Gatehouse extension). */
  ersOnly: boolean;
}

/** Reads the options and credentials and builds the client (no call is made yet). */
export async function connect(o: ConnectionOpts): Promise<Connection> {
  const url = o.url ?? process.env.GATEHOUSE_URL;
  if (!url) throw new Error('no server: give --url or set GATEHOUSE_URL (e.g. https://ise.example.com:9060)');
  const concurrency = positiveInt('--concurrency', o.concurrency, 1);
  const rate = positiveInt('--rate', o.rate, 0);
  const retries = positiveInt('--retries', o.retries, 0);
  const timeoutMs = positiveInt('--timeout', o.timeout, 1) * 1000;
  const user = process.env.GATEHOUSE_USER || (await promptLine('ERS user: '));
  const password = process.env.GATEHOUSE_PASSWORD ?? (await promptSecret(`Password for ${user}: `));
  const http = new ErsHttp({
    url, user, password, insecure: o.insecure, timeoutMs, rate, sockets: concurrency, retry: { ...DEFAULT_RETRY, retries },
  });
  return { http, concurrency, rate, ersOnly: !!o.ersOnly };
}
