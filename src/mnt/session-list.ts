// MnT session counts and lists: ActiveCount, PostureCount, ProfilerCount,
// ActiveList, AuthList/{from}/{to}, Active/SessionID/{id}/{…}.
import type { RadiusSession } from '../domain/session.ts';
import { el, type MntNode } from './document.ts';
import { sendDoc } from './context.ts';
import { timeArg } from './args.ts';
import { notAvailable } from './errors.ts';
import { activeSessionNode } from './session-view.ts';
import { params, type MntDeps, type MntRoute } from './routes.ts';

const count = (n: number): MntNode => ({ tag: 'sessionCount', children: [el('count', n)] });

function activeList(sessions: Iterable<RadiusSession>, server: string): MntNode {
  const rows: MntNode[] = [];
  for (const s of sessions) rows.push(activeSessionNode(s, server));
  return { tag: 'activeList', attrs: { noOfActiveSession: rows.length }, children: rows };
}

export function mntSessionListRoutes(deps: MntDeps): MntRoute[] {
  const mon = deps.services.monitoring;
  const server = deps.nodeName;
  return [
    { method: 'GET', path: 'Session/ActiveCount', operation: 'Get Active Session Count', handler: async (req, reply) => sendDoc(req, reply, 200, count(mon.activeCount())) },
    { method: 'GET', path: 'Session/PostureCount', operation: 'Get Posture Session Count', handler: async (req, reply) => sendDoc(req, reply, 200, count(mon.postureCount())) },
    { method: 'GET', path: 'Session/ProfilerCount', operation: 'Get Profiler Session Count', handler: async (req, reply) => sendDoc(req, reply, 200, count(mon.profilerCount())) },
    {
      method: 'GET', path: 'Session/ActiveList', operation: 'Get Active Sessions',
      handler: async (req, reply) => sendDoc(req, reply, 200, activeList(mon.active(), server), ['activeSession']),
    },
    {
      method: 'GET', path: 'Session/AuthList/:from/:to', operation: 'Get Authenticated Sessions',
      handler: async (req, reply) => {
        const p = params(req);
        const sessions = mon.authenticated(timeArg(p.from, 'start time'), timeArg(p.to, 'end time'));
        return sendDoc(req, reply, 200, activeList(sessions, server), ['activeSession']);
      },
    },
    {
      // ISE documents `{auditSessionId}/{outputType}`; some clients send `{nas}/{auditSessionId}`: either segment may be the id.
      method: 'GET', path: 'Session/Active/SessionID/:first/:second', operation: 'Get Active Session By Session ID',
      handler: async (req, reply) => {
        const { first, second } = params(req);
        const s = mon.activeById(first) ?? mon.activeById(second);
        if (!s) throw notAvailable(first);
        return sendDoc(req, reply, 200, activeList([s], server), ['activeSession']);
      },
    },
  ];
}
