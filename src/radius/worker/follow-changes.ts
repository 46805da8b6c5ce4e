// How a replica (a RADIUS worker thread) follows configuration changes the
// node committed: the change event is published on the replica's own bus
// (user and endpoint indexes re-read what changed), and the services that
// index in memory without the bus reload what the event's type names. A
// reload starts at once; changes arriving while it runs cause one more
// reload after it, so a burst (a bulk import) costs two, not one each.
import type { Services } from '../../services/index.ts';
import type { ChangeEvent } from '../../services/events.ts';
import { POLICY_EVENT } from '../../services/policy.ts';

export function followChanges(services: Services, onError: (err: unknown) => void): (e: ChangeEvent) => void {
  const reloads: Record<string, () => Promise<void>> = {
    networkdevice: () => services.networkDevices.reload(),
    // A group renamed or moved renames it in its devices' group lists.
    networkdevicegroup: () => services.networkDevices.reload(),
    [POLICY_EVENT]: () => services.policy.load(),
    ancpolicy: () => services.anc.load(),
    ancendpoint: () => services.anc.load(),
    certificate: () => services.ca.reloadRevoked(),
  };
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const run = (type: string): void => {
    const p = reloads[type]().catch(onError).finally(() => {
      running.delete(type);
      if (again.delete(type)) run(type);
    });
    running.set(type, p);
  };
  return (e) => {
    services.bus.publish(e);
    if (!reloads[e.type]) return;
    if (running.has(e.type)) again.add(e.type);
    else run(e.type);
  };
}
