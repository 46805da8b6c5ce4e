// MnT session counts and lists: ActiveCount, PostureCount, ProfilerCount,
// ActiveList, AuthList/{from}/{to}, Active/SessionID/{id}/{…}. List rows are
// rendered once per session version and reused: a session object is
// replaced (or its updatedAt moved) on every change, so a cached row is
// current while both match.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RadiusSession } from '../domain/session.ts';
import { el, renderJsonRows, renderXmlRows, type MntNode } from './document.ts';
import { mntFormat, sendDoc, sendText } from './context.ts';
import { timeArg } from './args.ts';
import { notAvailable } from './errors.ts';
import { activeSessionJson, activeSessionXml } from './session-view.ts';
import { params, type MntDeps, type MntRoute } from './routes.ts';

const count = (n: number): MntNode => ({ tag: 'sessionCount', children: [el('count', n)] });

/** Rendered rows (UTF-8) by session object, tagged with the version they show. */
class RowCache {
  readonly #rows = new WeakMap<RadiusSession, { at: string; bytes: Buffer }>();
  readonly #render: (s: RadiusSession) => string;

  constructor(render: (s: RadiusSession) => string) {
    this.#render = render;
  }

  get(s: RadiusSession): Buffer {
    const hit = this.#rows.get(s);
    if (hit && hit.at === s.updatedAt) return hit.bytes;
    const bytes = Buffer.from(this.#render(s));
    this.#rows.set(s, { at: s.updatedAt, bytes });
    return bytes;
  }
}

export function mntSessionListRoutes(deps: MntDeps): MntRoute[] {
  const mon = deps.services.monitoring;
  const server = deps.nodeName;
  const xmlRows = new RowCache((s) => activeSessionXml(s, server));
  const jsonRows = new RowCache((s) => activeSessionJson(s, server));
  const sendList = (req: FastifyRequest, reply: FastifyReply, sessions: Iterable<RadiusSession>) => {
    const format = mntFormat(req);
    const cache = format === 'json' ? jsonRows : xmlRows;
    const rows: Buffer[] = [];
    for (const s of sessions) rows.push(cache.get(s));
    const attrs = { noOfActiveSession: rows.length };
    return sendText(reply, 200, format, format === 'json' ? renderJsonRows('activeList', attrs, 'activeSession', rows) : renderXmlRows('activeList', attrs, rows));
  };
  return [
    { method: 'GET', path: 'Session/ActiveCount', operation: 'Get Active Session Count', handler: async (req, reply) => sendDoc(req, reply, 200, count(mon.activeCount())) },
    { method: 'GET', path: 'Session/PostureCount', operation: 'Get Posture Session Count', handler: async (req, reply) => sendDoc(req, reply, 200, count(mon.postureCount())) },
    { method: 'GET', path: 'Session/ProfilerCount', operation: 'Get Profiler Session Count', handler: async (req, reply) => sendDoc(req, reply, 200, count(mon.profilerCount())) },
    { method: 'GET', path: 'Session/ActiveList', operation: 'Get Active Sessions', handler: async (req, reply) => sendList(req, reply, mon.active()) },
    {
      method: 'GET', path: 'Session/AuthList/:from/:to', operation: 'Get Authenticated Sessions',
      handler: async (req, reply) => {
        const p = params(req);
        return sendList(req, reply, mon.authenticated(timeArg(p.from, 'start time'), timeArg(p.to, 'end time')));
      },
    },
    {
      // ISE documents `{auditSessionId}/{outputType}`; some clients send `{nas}/{auditSessionId}`: either segment may be the id.
      method: 'GET', path: 'Session/Active/SessionID/:first/:second', operation: 'Get Active Session By Session ID',
      handler: async (req, reply) => {
        const { first, second } = params(req);
        const s = mon.activeById(first) ?? mon.activeById(second);
        if (!s) throw notAvailable(first);
        return sendList(req, reply, [s]);
      },
    },
  ];
}
