// MnT Session/Delete: purge stale sessions by MAC, by session id, or all.
// Always 200 SUCCESSFUL (deleting nothing is not an error). DELETE is the
// documented method; GET is accepted as scripts use it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, sendDoc } from './context.ts';
import { macArg } from './args.ts';
import { mntResult } from './errors.ts';
import { params, type MntDeps, type MntRoute } from './routes.ts';

export function mntSessionDeleteRoutes(deps: MntDeps): MntRoute[] {
  const mon = deps.services.monitoring;
  const done = (operation: string) => (req: FastifyRequest, reply: FastifyReply, n: number) =>
    sendDoc(req, reply, 200, mntResult(200, `Session(s) removed: ${n}`, operation));
  const byMac = done('Delete Session By MAC Address');
  const byId = done('Delete Session By Session ID');
  const all = done('Delete All Sessions');
  return [
    {
      method: ['DELETE', 'GET'], path: 'Session/Delete/MACAddress/:mac', operation: 'Delete Session By MAC Address',
      handler: async (req, reply) => {
        const mac = macArg(params(req).mac);
        return byMac(req, reply, mac === null ? 0 : await mon.remove({ mac }, actorOf(req)));
      },
    },
    {
      method: ['DELETE', 'GET'], path: 'Session/Delete/SessionID/:id', operation: 'Delete Session By Session ID',
      handler: async (req, reply) => byId(req, reply, await mon.remove({ id: params(req).id }, actorOf(req))),
    },
    {
      method: ['DELETE', 'GET'], path: 'Session/Delete/All', operation: 'Delete All Sessions',
      handler: async (req, reply) => all(req, reply, await mon.remove({ all: true }, actorOf(req))),
    },
  ];
}
