// MnT history of one MAC from the live log: AuthStatus (authentication
// attempts, newest first) and AcctStatus (accounting records; AcctStatusTT
// is the same call in ISE 3.5).
import { sendDoc } from './context.ts';
import { macArg, windowArg } from './args.ts';
import { notAvailable } from './errors.ts';
import { acctStatusNode, authStatusNode } from './session-view.ts';
import { params, type MntDeps, type MntRoute } from './routes.ts';

/** `seconds` 1..864000 (0 = 10 days), `records` 1..500 (0 = 200). */
const MAX_SECONDS = 864_000;
const MAX_RECORDS = 500;
const DEFAULT_RECORDS = 200;
/** AcctStatus has no record count; the newest this many are reported. */
const ACCT_RECORDS = 500;

export function mntHistoryRoutes(deps: MntDeps): MntRoute[] {
  const mon = deps.services.monitoring;
  const server = deps.nodeName;
  const acct: MntRoute['handler'] = async (req, reply) => {
    const p = params(req);
    const seconds = windowArg(p.seconds, 'seconds', MAX_SECONDS, MAX_SECONDS);
    const mac = macArg(p.mac);
    const rows = mac === null ? [] : await mon.acctHistory(mac, seconds, ACCT_RECORDS, new Date());
    if (rows.length === 0) throw notAvailable(p.mac);
    return sendDoc(req, reply, 200, {
      tag: 'acctStatusOutputList',
      children: [{ tag: 'acctStatusList', attrs: { key: mac! }, repeated: true, children: rows.map((e) => acctStatusNode(e, server)) }],
    }, ['acctStatusList']);
  };
  return [
    {
      method: 'GET', path: 'AuthStatus/MACAddress/:mac/:seconds/:records/:attrs', operation: 'Get Authentication Status',
      handler: async (req, reply) => {
        const p = params(req);
        const seconds = windowArg(p.seconds, 'seconds', MAX_SECONDS, MAX_SECONDS);
        const records = windowArg(p.records, 'records', MAX_RECORDS, DEFAULT_RECORDS);
        const full = p.attrs.toLowerCase() === 'all';
        const basic = p.attrs === '0';
        const only = full || basic ? undefined : new Set(['passed', 'failed', ...p.attrs.split(/[+ ]/).filter(Boolean)]);
        const mac = macArg(p.mac);
        const rows = mac === null ? [] : await mon.authHistory(mac, seconds, records, new Date());
        if (rows.length === 0) throw notAvailable(p.mac);
        return sendDoc(req, reply, 200, {
          tag: 'authStatusOutputList',
          children: [{ tag: 'authStatusList', attrs: { key: mac! }, repeated: true, children: rows.map((e) => authStatusNode(e, server, basic, only)) }],
        }, ['authStatusList']);
      },
    },
    { method: 'GET', path: 'AcctStatus/MACAddress/:mac/:seconds', operation: 'Get Accounting Status', handler: acct },
    { method: 'GET', path: 'AcctStatusTT/MACAddress/:mac/:seconds', operation: 'Get Accounting Status', handler: acct },
  ];
}
