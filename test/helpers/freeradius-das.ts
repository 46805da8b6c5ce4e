// A real Dynamic Authorization Server for CoA tests: Debian's FreeRADIUS
// started with a generated configuration in a temporary directory, as a
// CoA/Disconnect listener on 127.0.0.1. It verifies the Request
// Authenticator and Message-Authenticator itself (packets that fail are
// dropped), and answers:
//   - NAK 402 Missing-Attribute when Event-Timestamp is absent;
//   - NAK 503 Session-Context-Not-Found for the Calling-Station-Ids in `nakStations`;
//   - CoA-Request: ACK for reauthenticate / bounce-host-port / disable-host-port
//     carrying an audit-session-id, NAK 405 Unsupported-Service otherwise;
//   - Disconnect-Request: ACK unless it carries a subscriber:command (NAK 401).
// Received packets (and what was answered; dropped ones have no reply) are
// read back from its debug output.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FREERADIUS = '/usr/sbin/freeradius';
export const SKIP_NO_FREERADIUS = spawnSync(FREERADIUS, ['-v'], { stdio: 'ignore' }).error
  ? `${FREERADIUS} not installed (apt-get install freeradius): the CoA tests need a real DAS`
  : false;

export interface DasPacket {
  code: string;
  id: number;
  /** `Name = value` lines as FreeRADIUS decoded them. */
  attributes: string[];
  /** The answer it sent (e.g. CoA-ACK). */
  reply?: string;
}

export interface Das {
  port: number;
  secret: string;
  packets(): DasPacket[];
  /**
   * The packets received since the first `from`, once `count` of them are in
   * the output (and answered, unless `answered` is false): FreeRADIUS's output
   * can reach us after the reply reached the node.
   */
  received(from: number, count?: number, answered?: boolean): Promise<DasPacket[]>;
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const q = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

function config(dir: string, port: number, secret: string, client: string, nakStations: string[]): string {
  const nak = nakStations.map((m) => `&Calling-Station-Id == ${q(m)}`).join(' || ') || 'false';
  return `prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = ${dir}
sbindir = /usr/sbin
logdir = ${dir}
raddbdir = ${dir}
radacctdir = ${dir}
name = freeradius
confdir = ${dir}
run_dir = ${dir}
db_dir = ${dir}
libdir = /usr/lib/freeradius
pidfile = ${dir}/freeradius.pid
max_request_time = 5
cleanup_delay = 1
max_requests = 4096
hostname_lookups = no
log {
  destination = stdout
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 2
  max_servers = 4
  min_spare_servers = 1
  max_spare_servers = 4
}
modules {
  always ok {
    rcode = ok
  }
  always reject {
    rcode = reject
  }
}
client gatehouse {
  ipaddr = ${client}
  secret = ${q(secret)}
  require_message_authenticator = yes
}
listen {
  type = coa
  ipaddr = 127.0.0.1
  port = ${port}
  virtual_server = das
}
server das {
  # FreeRADIUS 3 runs recv-coa for Disconnect-Requests as well.
  recv-coa {
    if (!&Event-Timestamp) {
      update reply {
        Error-Cause := Missing-Attribute
      }
      reject
    }
    elsif (${nak}) {
      update reply {
        Error-Cause := Session-Context-Not-Found
      }
      reject
    }
    elsif (&Packet-Type == Disconnect-Request) {
      if (&Cisco-AVPair[*] =~ /^subscriber:command=/) {
        update reply {
          Error-Cause := Unsupported-Attribute
        }
        reject
      }
      else {
        ok
      }
    }
    elsif ((&Cisco-AVPair[*] == "subscriber:command=reauthenticate" || &Cisco-AVPair[*] == "subscriber:command=bounce-host-port" || &Cisco-AVPair[*] == "subscriber:command=disable-host-port") && &Cisco-AVPair[*] =~ /^audit-session-id=./) {
      ok
    }
    else {
      update reply {
        Error-Cause := Unsupported-Service
      }
      reject
    }
  }
  send-coa {
    ok
  }
}
`;
}

/** Starts FreeRADIUS as a DAS; resolves once it listens. */
export async function startDas(opts: { secret?: string; client?: string; nakStations?: string[] } = {}): Promise<Das> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-das-'));
  const secret = opts.secret ?? 'das-secret-1';
  const port = await freePort();
  writeFileSync(join(dir, 'radiusd.conf'), config(dir, port, secret, opts.client ?? '127.0.0.1', opts.nakStations ?? []));
  writeFileSync(join(dir, 'dictionary'), '');
  const child: ChildProcess = spawn(FREERADIUS, ['-f', '-t', '-xx', '-l', 'stdout', '-d', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => { exited = true; r(); }));
  const deadline = Date.now() + 15_000;
  while (!out.includes('Ready to process requests')) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`FreeRADIUS did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    secret,
    output: () => out,
    packets: () => parsePackets(out),
    received: async (from, count = 1, answered = true) => {
      const deadline = Date.now() + 3000;
      for (;;) {
        const got = parsePackets(out).slice(from);
        if ((got.length >= count && (!answered || got.slice(0, count).every((p) => p.reply !== undefined && p.attributes.length > 0))) || Date.now() > deadline) return got;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 3000))]);
      if (!exited) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Requests FreeRADIUS received and what it answered, from its `-xx` output. */
export function parsePackets(out: string): DasPacket[] {
  const byRequest = new Map<string, DasPacket>();
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\((\d+)\) Received (\S+) Id (\d+) from /.exec(lines[i]);
    if (m) {
      const p: DasPacket = { code: m[2], id: Number(m[3]), attributes: [] };
      for (let j = i + 1; j < lines.length; j++) {
        const a = /^\(\d+\) {3}(\S.*)$/.exec(lines[j]);
        if (!a || lines[j].includes('# Executing')) break;
        p.attributes.push(a[1]);
      }
      byRequest.set(m[1], p);
      continue;
    }
    const sent = /^\((\d+)\) Sent (\S+) Id \d+/.exec(lines[i]);
    if (sent && byRequest.has(sent[1])) byRequest.get(sent[1])!.reply = sent[2];
  }
  return [...byRequest.values()];
}
