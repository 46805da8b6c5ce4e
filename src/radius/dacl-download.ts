// The second exchange of a DACL: the NAD asks for `#ACSACL#-IP-<name>-<ver>`
// with `aaa:event=acl-download`; the reply carries the ACEs as Cisco-AVPairs
// (5232 DACL Download Succeeded / 5419 failed).
import { daclDownload as planDownload } from '../domain/policy/dacl.ts';
import type { CompiledPolicy } from '../domain/policy/evaluator.ts';
import type { SessionSink } from '../services/session-sink.ts';
import { Code } from './codes.ts';
import { createReply, type RadiusPacket } from './packet.ts';
import type { Origin } from './request-fields.ts';

const DACL_OK = 5232;
const DACL_FAILED = 5419;

export function daclDownload(p: RadiusPacket, origin: Origin, policy: CompiledPolicy, sessions: SessionSink): RadiusPacket {
  const userName = p.getString('User-Name') ?? '';
  const result = planDownload({
    userName,
    hasMessageAuthenticator: p.has('Message-Authenticator'),
    avPairs: p.getAllStrings('Cisco-AVPair'),
  }, (name) => policy.dacl(name));
  const reply = createReply(p, result.ok ? Code.AccessAccept : Code.AccessReject);
  if (result.ok) for (const a of result.attributes) reply.add(a.name, a.value);
  sessions.log({
    messageCode: result.ok ? DACL_OK : DACL_FAILED, failureReason: result.ok ? '' : `${result.code} ${result.reason}`,
    sessionId: '', userName, callingStationId: '', nasIpAddress: p.getString('NAS-IP-Address') ?? origin.address,
    deviceName: origin.client.name, deviceIpAddress: origin.address, authenticationMethod: '', authenticationProtocol: '',
    policySetName: '', authorizationPolicyMatchedRule: '', selectedAznProfiles: [], identityGroup: '',
    executionSteps: [11001, result.ok ? 11002 : 11003], responseTimeMs: 0, details: result.ok ? { DACL: result.dacl.name } : {},
  });
  return reply;
}
