import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { RadiusListener, RECV_BUFFER_BYTES, type RadiusClient } from './transport.ts';

const client: RadiusClient = { id: 'd1', name: 'switch', secret: Buffer.from('s') };
const rmemMax = (() => {
  try {
    return Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  } catch {
    return undefined;
  }
})();

test('a burst that arrives while the thread is busy waits in the socket buffer, which is larger than the kernel default', { skip: rmemMax === undefined && 'needs Linux /proc/sys/net/core/rmem_max' }, async () => {
  let received = 0;
  const listener = new RadiusListener('radius-auth', { resolve: () => client }, () => { received++; }, pino({ level: 'silent' }));
  const port = await listener.listen('127.0.0.1', 0);
  try {
    // Linux grants twice the size asked for, capped at rmem_max.
    assert.ok(listener.recvBufferSize >= Math.min(RECV_BUFFER_BYTES, rmemMax!), `granted ${listener.recvBufferSize} bytes`);
    // A child sends the burst while this thread is blocked in spawnSync, so every datagram has to wait in the buffer.
    const burst = Math.min(1000, Math.floor(listener.recvBufferSize / 4096));
    const sender = `const s = require('node:dgram').createSocket('udp4'); let left = ${burst};
      for (let i = 0; i < ${burst}; i++) s.send(Buffer.alloc(200, i & 0xff), ${port}, '127.0.0.1', () => { if (--left === 0) s.close(); });`;
    const r = spawnSync(process.execPath, ['-e', sender], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    const deadline = Date.now() + 5000;
    while (received < burst && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(received, burst, `${received} of ${burst} datagrams of the burst arrived`);
    assert.ok(burst >= 100, `a burst of ${burst}`);
  } finally {
    await listener.close();
  }
});
