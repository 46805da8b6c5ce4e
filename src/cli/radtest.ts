// gatehouse radtest: sends one PAP, CHAP or MAB Access-Request to any
// RADIUS server (a Gatehouse node or Cisco ISE), as a switch's `test aaa`
// or MAB would, verifies the reply (Response Authenticator and
// Message-Authenticator) and prints it. Exit 0 on Access-Accept, 1 on
// Access-Reject or Access-Challenge, 2 when no verified reply came or the
// command line is wrong, with one line on stderr. The shared secret is
// never printed.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Option, type Command } from 'commander';
import { exchangeAccessRequest } from '../radius/access-client.ts';
import { Code, type ParsedAttribute } from '../radius/codec.ts';
import { METHODS, nasAddressAttribute, parseAttrOption, parseIntOption, parseMacOption, parseServer, type Method } from './radtest-args.ts';
import { replyJson, replyText } from './radtest-output.ts';
import { buildAccessRequest, methodCredentials, type RadtestRequest } from './radtest-request.ts';
import { promptSecret, readStdinSecret } from './secret-input.ts';

interface RadtestOpts {
  port?: string;
  secret?: string;
  secretStdin?: boolean;
  method: Method;
  user?: string;
  password?: string;
  mac?: string;
  nasIp?: string;
  source?: string;
  nasPort?: string;
  callingStationId?: string;
  attr?: string[];
  timeout: string;
  retries: string;
  json?: boolean;
}

const EXIT_ACCEPT = 0;
const EXIT_REJECT = 1;
const EXIT_FAILURE = 2;
const DEFAULT_PORT = 1812;
const SECRET_ENV = 'GATEHOUSE_RADIUS_SECRET';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

async function sharedSecret(o: RadtestOpts): Promise<Buffer> {
  if (o.secret !== undefined && o.secretStdin) throw new Error('give the shared secret one way: --secret or --secret-stdin');
  let secret: string;
  if (o.secret !== undefined) secret = o.secret;
  else if (o.secretStdin) secret = await readStdinSecret();
  else if (process.env[SECRET_ENV] !== undefined) secret = process.env[SECRET_ENV];
  else if (process.stdin.isTTY) secret = await promptSecret('Shared secret: ');
  else throw new Error(`no shared secret: give --secret-stdin, set ${SECRET_ENV}, or give --secret`);
  if (secret === '') throw new Error('the shared secret is empty');
  return Buffer.from(secret, 'utf8');
}

async function resolveServer(text: string, portOption: string | undefined): Promise<{ address: string; port: number }> {
  const server = parseServer(text);
  const flagPort = portOption === undefined ? undefined : parseIntOption('--port', portOption, 1, 65535);
  if (server.port !== undefined && flagPort !== undefined && server.port !== flagPort) {
    throw new Error(`the port is given twice (${server.port} in the server argument, ${flagPort} with --port)`);
  }
  const port = server.port ?? flagPort ?? DEFAULT_PORT;
  if (isIP(server.host)) return { address: server.host, port };
  try {
    return { address: (await lookup(server.host)).address, port };
  } catch (e) {
    throw new Error(`cannot resolve '${server.host}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function radtestRequest(user: string | undefined, password: string | undefined, o: RadtestOpts): RadtestRequest {
  const mac = o.mac === undefined ? undefined : parseMacOption(o.mac);
  const credentials = methodCredentials(o.method, { user, password, userOption: o.user, passwordOption: o.password, mac });
  if (o.nasIp !== undefined) nasAddressAttribute(o.nasIp);
  const attrs: ParsedAttribute[] = (o.attr ?? []).map(parseAttrOption);
  return {
    method: o.method,
    ...credentials,
    ...(o.nasIp !== undefined && { nasIp: o.nasIp }),
    ...(o.nasPort !== undefined && { nasPort: parseIntOption('--nas-port', o.nasPort, 0, 0xffffffff) }),
    ...(o.callingStationId !== undefined && { callingStationId: o.callingStationId }),
    attrs,
  };
}

const hostPort = (address: string, port: number): string => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

async function radtest(serverText: string, user: string | undefined, password: string | undefined, o: RadtestOpts): Promise<number> {
  const request = radtestRequest(user, password, o);
  const timeoutMs = parseIntOption('--timeout', o.timeout, 1, 600_000);
  const retries = parseIntOption('--retries', o.retries, 0, 20);
  const { address, port } = await resolveServer(serverText, o.port);
  const secret = await sharedSecret(o);
  const result = await exchangeAccessRequest({
    address, port, ...(o.source !== undefined && { source: o.source }), secret, timeoutMs, retries, build: (local) => buildAccessRequest(request, local),
  });
  const where = hostPort(address, port);
  if (result.outcome === 'error') throw new Error(result.detail ?? `no reply from ${where}`);
  if (result.outcome === 'timeout') {
    const waited = `after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'} of ${timeoutMs} ms`;
    throw new Error(result.invalidReplies > 0
      ? `no valid reply from ${where} ${waited}: ${result.invalidReplies} repl${result.invalidReplies === 1 ? 'y' : 'ies'} discarded, the last because ${result.detail}`
      : `no reply from ${where} ${waited} (a RADIUS server drops requests from unknown clients and with a wrong shared secret without answering)`);
  }
  const summary = { address, port, reply: result.reply, rttMs: result.rttMs, attempts: result.attempts };
  process.stdout.write(o.json ? `${JSON.stringify(replyJson(summary), null, 2)}\n` : replyText(summary));
  if (result.reply.messageAuthenticatorOffset < 0) {
    process.stderr.write('gatehouse radtest: warning: the reply carries no Message-Authenticator (Blast-RADIUS, CVE-2024-3596: the server should send one in every reply)\n');
  }
  return result.reply.code === Code.AccessAccept ? EXIT_ACCEPT : EXIT_REJECT;
}

export function registerRadtestCommand(program: Command): void {
  program.command('radtest')
    .description('send a PAP, CHAP or MAB Access-Request to a RADIUS server (Gatehouse or ISE) and print the reply')
    .argument('<server>', 'RADIUS server: name or address, optionally with :port ([IPv6]:port)')
    .argument('[user]', 'user name (pap, chap)')
    .argument('[password]', 'password (pap, chap)')
    .option('-p, --port <port>', `authentication port (default ${DEFAULT_PORT})`)
    .option('-s, --secret <secret>', `shared secret (other local users can see it with ps: prefer --secret-stdin or ${SECRET_ENV})`)
    .option('--secret-stdin', 'read the shared secret from standard input')
    .addOption(new Option('-m, --method <method>', 'how to authenticate').choices(METHODS).default('pap'))
    .option('-u, --user <name>', 'user name (instead of the argument)')
    .option('--password <password>', 'password (instead of the argument)')
    .option('--mac <mac>', 'the MAC for mab, in any notation; with pap or chap, the Calling-Station-Id')
    .option('--nas-ip <address>', 'NAS-IP-Address (NAS-IPv6-Address for IPv6); default: the local address toward the server')
    .option('--source <address>', 'local address to send from (the address the server knows this NAS by)')
    .option('--nas-port <n>', 'NAS-Port')
    .option('--calling-station-id <id>', 'Calling-Station-Id')
    .option('-a, --attr <NAME=VALUE>', 'any dictionary attribute, repeatable (replaces what radtest sends for it, except Cisco-AVPair, which adds)', collect)
    .option('-t, --timeout <ms>', 'wait for a reply after each transmission', '3000')
    .option('-r, --retries <n>', 'transmissions after the first', '2')
    .option('--json', 'print the reply as one JSON document')
    .addHelpText('after', `
Examples:
  gatehouse radtest 10.0.0.5 alice 'Wonder-Land1' --secret-stdin < secret.txt
  GATEHOUSE_RADIUS_SECRET=… gatehouse radtest ise.example.com -m chap -u alice --password 'Wonder-Land1'
  gatehouse radtest [2001:db8::5]:1812 -m mab --mac 0011.2233.4455 --attr Cisco-AVPair=audit-session-id=0A0000020000002A11223344

Exit status: 0 Access-Accept, 1 Access-Reject or Access-Challenge, 2 no verified reply or a usage error.`)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_FAILURE))
    .action(async (server: string, user: string | undefined, password: string | undefined, o: RadtestOpts) => {
      try {
        process.exitCode = await radtest(server, user, password, o);
      } catch (e) {
        process.stderr.write(`gatehouse radtest: ${(e as Error).message}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    });
}
