// MnT Version and FailureReasons.
import { ISE_VERSION } from '../version.ts';
import { FAILURE } from '../domain/live-log-codes.ts';
import { COA_CODE_TEXT, COA_STEP } from '../domain/coa.ts';
import { el, type MntNode } from './document.ts';
import { sendDoc } from './context.ts';
import type { MntRoute } from './routes.ts';

/** `type_of_node`: 0 = STANDALONE_MNT_NODE (a single node runs every persona). */
const STANDALONE_MNT_NODE = 0;

/** Cause and resolution wording for the failure reasons Gatehouse reports. */
const CATALOGUE: Record<number, { cause: string; resolution: string }> = {
  11007: { cause: 'The request came from an address no network device covers, or the device has no RADIUS shared secret.', resolution: 'Add the network device (or its address range) with its RADIUS shared secret.' },
  11008: { cause: 'A host-lookup request arrived without Calling-Station-Id.', resolution: 'Configure the network device to send Calling-Station-Id with MAB requests.' },
  11012: { cause: 'The RADIUS header is malformed or its length is wrong.', resolution: 'Check the network device software; capture the packet.' },
  11014: { cause: 'An attribute of the request is malformed.', resolution: 'Check the network device software; capture the packet.' },
  11021: { cause: 'The request carries no password attribute that can be read.', resolution: 'Check the authentication method configured on the network device.' },
  11031: { cause: 'The packet type is not a request this port serves.', resolution: 'Send authentication to the authentication port and accounting to the accounting port.' },
  11034: { cause: 'A host-lookup request arrived while Process Host Lookup is disabled.', resolution: 'Enable Process Host Lookup in the allowed protocols, or stop MAB on the device.' },
  11036: { cause: 'The Message-Authenticator does not verify: the shared secrets differ.', resolution: 'Make the shared secret of the network device and of Gatehouse identical.' },
  11037: { cause: 'An accounting request arrived on the authentication port.', resolution: 'Send accounting to the accounting port.' },
  11038: { cause: 'The Accounting-Request authenticator does not verify: the shared secrets differ.', resolution: 'Make the shared secret of the network device and of Gatehouse identical.' },
  11053: { cause: 'The reply would exceed the RADIUS size limit.', resolution: 'Reduce the attributes of the authorization profile.' },
  11057: { cause: 'The device is required to send Message-Authenticator and did not.', resolution: 'Enable Message-Authenticator on the device, or relax the requirement for it.' },
  [COA_STEP.noResponse]: { cause: 'The network device did not answer the CoA or Disconnect request in time, or every answer failed authentication.', resolution: 'Check that the device has dynamic authorization enabled for Gatehouse, the CoA port, the shared secret, and the path between them.' },
  [COA_STEP.disconnectNak]: { cause: 'The network device refused the Disconnect request; Error-Cause tells why.', resolution: 'See the Error-Cause in the live log details; check that the session still exists on the device.' },
  [COA_STEP.coaNak]: { cause: 'The network device refused the CoA request; Error-Cause tells why.', resolution: 'See the Error-Cause in the live log details; check the session and the command support of the device.' },
};

const DEFAULT_ENTRY = { cause: 'See the message text.', resolution: 'Check the live log details of the request.' };

function failureReasons(): MntNode {
  const codes = new Map<number, string>(Object.entries(FAILURE).map(([k, v]) => [Number(k), v]));
  for (const code of [COA_STEP.noResponse, COA_STEP.disconnectNak, COA_STEP.coaNak]) codes.set(code, COA_CODE_TEXT[code]);
  const rows = [...codes.entries()].sort((a, b) => a[0] - b[0]).map(([code, text]) => {
    const entry = CATALOGUE[code] ?? DEFAULT_ENTRY;
    return {
      tag: 'failureReason', attrs: { id: code }, repeated: true,
      children: [el('code', `${code} ${text}`), el('cause', entry.cause), el('resolution', entry.resolution)],
    };
  });
  return { tag: 'failureReasonList', children: rows };
}

export function mntSystemRoutes(): MntRoute[] {
  return [
    {
      method: 'GET', path: 'Version', operation: 'Get Version',
      handler: async (request, reply) => sendDoc(request, reply, 200, {
        tag: 'product', attrs: { name: 'Cisco Identity Services Engine' },
        children: [el('version', ISE_VERSION), el('type_of_node', STANDALONE_MNT_NODE)],
      }),
    },
    {
      method: 'GET', path: 'FailureReasons', operation: 'Get Failure Reasons',
      handler: async (request, reply) => sendDoc(request, reply, 200, failureReasons(), ['failureReason']),
    },
  ];
}
