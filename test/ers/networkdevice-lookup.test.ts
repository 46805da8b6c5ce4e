// The RADIUS client lookup by source address: most specific entry wins,
// IPv6, and every ERS change is visible to the lookup when the call returns.
// The first test runs a node in this process to read its resolver directly;
// the second checks over UDP that the listeners of a real node use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startNode } from '../../src/node.ts';
import { ADMIN_PASSWORD, httpsCall, idFromLocation, startServer } from '../helpers/server.ts';

const DEVICES = '/ers/config/networkdevice';
const device = (name: string, ips: Array<{ ipaddress: string; mask?: number }>, secret?: string) => ({
  NetworkDevice: { name, NetworkDeviceIPList: ips, ...(secret && { authenticationSettings: { radiusSharedSecret: secret } }) },
});

test('most specific subnet wins, IPv6 works, and changes are visible as soon as the ERS call returns', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-lookup-'));
  const config = loadConfig({ 'data-dir': dataDir, bind: '127.0.0.1', 'ers-port': 0, 'https-port': 0, 'radius-auth-port': 0, 'radius-acct-port': 0 }, {});
  const node = await startNode(config, createLogger('silent'), { GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD });
  const call = (method: string, path: string, body?: object) => httpsCall(node.ports.ers, method, path, { body });
  const resolver = node.services.networkDevices.radiusClients;
  const who = (address: string) => {
    const c = resolver.resolve(address);
    return c && { name: c.name, secret: c.secret.toString('utf8') };
  };
  try {
    assert.equal(who('10.1.1.10'), undefined);
    const wide = await call('POST', DEVICES, device('wide', [{ ipaddress: '10.0.0.0', mask: 8 }], 'wide-secret'));
    assert.equal(wide.status, 201, wide.body);
    assert.deepEqual(who('10.1.1.10'), { name: 'wide', secret: 'wide-secret' }, 'visible right after the POST returns');
    assert.equal((await call('POST', DEVICES, device('floor', [{ ipaddress: '10.1.1.0', mask: 24 }], 'floor-secret'))).status, 201);
    assert.equal((await call('POST', DEVICES, device('switch', [{ ipaddress: '10.1.1.10' }], 'switch-secret'))).status, 201);
    assert.equal((await call('POST', DEVICES, device('range', [{ ipaddress: '10.1.2.1-10' }], 'range-secret'))).status, 201);
    assert.equal((await call('POST', DEVICES, device('v6', [{ ipaddress: '2001:db8:1::', mask: 48 }, { ipaddress: '2001:db8:1:2::5', mask: 128 }], 'v6-secret'))).status, 201);
    const noRadius = await call('POST', DEVICES, device('tacacs-only', [{ ipaddress: '10.1.3.3' }]));
    assert.equal(noRadius.status, 201);

    assert.equal(who('10.1.1.10')?.name, 'switch');
    assert.equal(who('10.1.1.11')?.name, 'floor');
    assert.equal(who('10.1.2.5')?.name, 'range');
    assert.equal(who('10.1.2.11')?.name, 'wide');
    assert.equal(who('10.200.0.1')?.name, 'wide');
    assert.equal(who('::ffff:10.1.1.10')?.name, 'switch', 'IPv4-mapped source');
    assert.equal(who('11.0.0.1'), undefined);
    assert.equal(who('2001:db8:1:2::5')?.name, 'v6');
    assert.equal(who('2001:db8:1:ffff::1')?.secret, 'v6-secret');
    assert.equal(who('2001:db8:2::1'), undefined);
    assert.equal(who('10.1.3.3'), undefined, 'a device without RADIUS settings is not a RADIUS client');
    const client = resolver.resolve('10.1.1.10')!;
    assert.equal(client.requireMessageAuthenticator, false);
    assert.equal(client.coaPort, 1700);
    assert.deepEqual(client.groups, ['Location#All Locations', 'IPSEC#Is IPSEC Device#No', 'Device Type#All Device Types']);

    // Updates and deletes, by id and by name.
    const put = await call('PUT', `${DEVICES}/name/switch`, {
      NetworkDevice: { authenticationSettings: { radiusSharedSecret: 'rotated-secret', messageAuthenticatorCodeRequired: true }, coaPort: 3799 },
    });
    assert.equal(put.status, 200, put.body);
    assert.equal(who('10.1.1.10')?.secret, 'rotated-secret');
    assert.equal(resolver.resolve('10.1.1.10')?.requireMessageAuthenticator, true);
    assert.equal(resolver.resolve('10.1.1.10')?.coaPort, 3799);
    const move = await call('PUT', `${DEVICES}/name/switch`, { NetworkDevice: { NetworkDeviceIPList: [{ ipaddress: '10.1.1.20' }] } });
    assert.equal(move.status, 200, move.body);
    assert.equal(who('10.1.1.10')?.name, 'floor');
    assert.equal(who('10.1.1.20')?.name, 'switch');
    const refused = await call('PUT', `${DEVICES}/name/switch`, { NetworkDevice: { NetworkDeviceIPList: [{ ipaddress: '10.1.1.0', mask: 24 }] } });
    assert.equal(refused.status, 400, 'overlaps floor');
    assert.equal(who('10.1.1.20')?.name, 'switch', 'a refused update leaves the lookup as it was');
    assert.equal((await call('DELETE', `${DEVICES}/name/floor`)).status, 204);
    assert.equal(who('10.1.1.11')?.name, 'wide');
    assert.equal((await call('DELETE', `${DEVICES}/${idFromLocation(wide)}`)).status, 204);
    assert.equal(who('10.1.1.11'), undefined);

    // A restart rebuilds the index from the store.
    await node.stop();
    const again = await startNode(config, createLogger('silent'), {});
    try {
      assert.equal(again.services.networkDevices.radiusClients.resolve('10.1.1.20')?.secret.toString(), 'rotated-secret');
      assert.equal(again.services.networkDevices.radiusClients.resolve('2001:db8:1::9')?.name, 'v6');
      assert.equal(again.services.networkDevices.radiusClients.resolve('10.1.1.11'), undefined);
    } finally {
      await again.stop();
    }
  } finally {
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the RADIUS listeners drop datagrams from unknown sources and accept configured devices at once', async () => {
  const server = await startServer();
  const send = (from: string, port: number) => new Promise<void>((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind({ address: from, port: 0 }, () => {
      s.send(Buffer.alloc(20), port, '127.0.0.1', () => { s.close(); resolve(); });
    });
  });
  const dropped = (address: string) => server.output().includes(`request from unknown client ${address} dropped`);
  const waitFor = async (address: string) => {
    for (let i = 0; i < 100 && !dropped(address); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(dropped(address), `no drop logged for ${address}`);
  };
  try {
    const r = await server.request('POST', DEVICES, { body: device('loopback-2', [{ ipaddress: '127.0.0.2' }], 'loop-secret') });
    assert.equal(r.status, 201, r.body);
    // Datagrams are handled in arrival order: once the later one is logged, the earlier one was handled.
    await send('127.0.0.2', server.ports.radiusAuth);
    await send('127.0.0.3', server.ports.radiusAuth);
    await waitFor('127.0.0.3');
    assert.equal(dropped('127.0.0.2'), false, 'a configured device is not dropped');
    assert.equal((await server.request('POST', DEVICES, { body: device('loopback-4', [{ ipaddress: '127.0.0.4' }], 'loop-secret') })).status, 201);
    await send('127.0.0.4', server.ports.radiusAcct);
    await send('127.0.0.5', server.ports.radiusAcct);
    await waitFor('127.0.0.5');
    assert.equal(dropped('127.0.0.4'), false, 'a device created by ERS is a client as soon as the call returns');
  } finally {
    await server.cleanup();
  }
});
