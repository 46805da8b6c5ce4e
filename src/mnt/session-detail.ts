// MnT session detail: Session/MACAddress, UserName, IPAddress (the NAS IP)
// and EndPointIPAddress (the client's framed IP). The most recently updated
// matching session is reported; none is ISE's 500 "not available".
import { isIP } from 'node:net';
import type { SessionKey } from '../services/monitoring.ts';
import { sendDoc } from './context.ts';
import { macArg } from './args.ts';
import { notAvailable } from './errors.ts';
import { sessionParametersNode } from './session-view.ts';
import { params, type MntDeps, type MntRoute } from './routes.ts';

/** How each path's argument becomes a lookup key; null when it cannot match anything. */
const KEYS: { path: string; kind: SessionKey; operation: string; key: (raw: string) => string | null }[] = [
  { path: 'Session/MACAddress/:arg', kind: 'mac', operation: 'Get Session By MAC Address', key: macArg },
  { path: 'Session/UserName/:arg', kind: 'user', operation: 'Get Session By User Name', key: (raw) => raw },
  { path: 'Session/IPAddress/:arg', kind: 'nasIp', operation: 'Get Session By NAS IP Address', key: (raw) => (isIP(raw) ? raw : null) },
  { path: 'Session/EndPointIPAddress/:arg', kind: 'endpointIp', operation: 'Get Session By Endpoint IP Address', key: (raw) => (isIP(raw) ? raw : null) },
];

export function mntSessionDetailRoutes(deps: MntDeps): MntRoute[] {
  const { monitoring, anc } = deps.services;
  return KEYS.map(({ path, kind, operation, key }) => ({
    method: 'GET', path, operation,
    handler: async (req, reply) => {
      const raw = params(req).arg;
      const k = key(raw);
      const s = k === null ? undefined : monitoring.latest(kind, k);
      if (!s) throw notAvailable(raw);
      return sendDoc(req, reply, 200, sessionParametersNode(s, deps.nodeName, anc.policyFor(s.callingStationId)));
    },
  }));
}
