// MnT CoA calls: CoA/Reauth/{server}/{mac}/{type} and
// CoA/Disconnect/{server}/{mac}/{type}[/{nasIp}/{endpointIp}]. Synchronous:
// the answer waits (bounded) for the NAD. HTTP 200 with `results` true only
// for an ACK; a NAK, timeout, unknown MAC or device gives `false`. The
// {server} segment is accepted whatever it names; Gatehouse sends itself.
import { fail } from '../errors.ts';
import { MNT_DISCONNECT_TYPES, MNT_REAUTH_TYPES, type CoaAction, type CoaResult } from '../domain/coa.ts';
import type { RadiusSession } from '../domain/session.ts';
import { el, type MntNode } from './document.ts';
import { actorOf, sendDoc } from './context.ts';
import { macArg } from './args.ts';
import { params, type MntDeps, type MntRoute } from './routes.ts';

const TRIGGER = 'MnT';

const remoteCoA = (requestType: 'reauth' | 'disconnect', ok: boolean): MntNode => ({
  tag: 'remoteCoA', attrs: { requestType }, children: [el('results', ok)],
});

/** The session to act on: narrowed by NAS IP and endpoint IP when given, newest first. */
function pick(sessions: RadiusSession[], nasIp: string | undefined, endpointIp: string | undefined): RadiusSession | undefined {
  const given = (v: string | undefined) => v !== undefined && v !== '' && v.toLowerCase() !== 'null';
  const narrowed = sessions.filter((s) =>
    (!given(nasIp) || s.nasIpAddress === nasIp || s.deviceIpAddress === nasIp)
    && (!given(endpointIp) || s.framedIpAddress === endpointIp || s.framedIpv6Addresses.includes(endpointIp!)));
  return narrowed[0] ?? sessions[0];
}

export function mntCoaRoutes(deps: MntDeps): MntRoute[] {
  const coa = deps.services.coa;
  const run = async (rawMac: string, action: CoaAction, actor: ReturnType<typeof actorOf>, nasIp?: string, endpointIp?: string): Promise<CoaResult> => {
    const ctx = { actor, trigger: TRIGGER };
    const mac = macArg(rawMac);
    if (mac === null) return coa.noSession(rawMac, action, ctx, `'${rawMac}' is not a MAC address`);
    const session = pick(coa.activeSessionsOf(mac), nasIp, endpointIp);
    if (!session) return coa.noSession(mac, action, ctx, `no active session for ${mac}`);
    return coa.send(session, action, ctx);
  };
  const type = (table: Readonly<Record<string, CoaAction>>, raw: string, label: string): CoaAction =>
    table[raw] ?? fail('validation', `${label}: '${raw}' must be 0, 1 or 2`);
  const disconnect: MntRoute['handler'] = async (req, reply) => {
    const p = params(req);
    const action = type(MNT_DISCONNECT_TYPES, p.type, 'disconnectType');
    const r = await run(p.mac, action, actorOf(req), p.nasIp, p.endpointIp);
    return sendDoc(req, reply, 200, remoteCoA('disconnect', r.ok));
  };
  return [
    {
      method: ['GET', 'PUT'], path: 'CoA/Reauth/:server/:mac/:type', operation: 'CoA Reauth',
      handler: async (req, reply) => {
        const p = params(req);
        const action = type(MNT_REAUTH_TYPES, p.type, 'reauthType');
        const r = await run(p.mac, action, actorOf(req));
        return sendDoc(req, reply, 200, remoteCoA('reauth', r.ok));
      },
    },
    { method: ['GET', 'PUT'], path: 'CoA/Disconnect/:server/:mac/:type/:nasIp/:endpointIp', operation: 'CoA Disconnect', handler: disconnect },
    { method: ['GET', 'PUT'], path: 'CoA/Disconnect/:server/:mac/:type', operation: 'CoA Disconnect', handler: disconnect },
  ];
}
