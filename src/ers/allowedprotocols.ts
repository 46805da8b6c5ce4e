// ERS /ers/config/allowedprotocols (policy-api.md §11): the services policy
// sets name. Nested settings blocks exist exactly when their protocol is
// allowed; TEAP's `requestBasicPwdAuth` is write-only; 3.4's `rsaPss` is
// accepted and not kept.
import type { FastifyInstance } from 'fastify';
import type { AllowedProtocols } from '../domain/policy/index.ts';
import type { Services } from '../services/index.ts';
import type { FieldSpec } from './fields.ts';
import { asBody, booleans, collectionService, integers, strings } from './policy-elements.ts';
import { registerErsResource } from './resource.ts';
import { NAME_DESCRIPTION_LIST } from './list.ts';

const block = (name: string, fields: FieldSpec[]): FieldSpec => ({ name, type: 'object', fields });

const FIELDS: FieldSpec[] = [
  ...strings('id', 'name', 'description', 'preferredEapProtocol'),
  ...booleans(
    'processHostLookup', 'allowPapAscii', 'allowChap', 'allowMsChapV1', 'allowMsChapV2', 'allowEapMd5', 'allowLeap', 'allowEapTls',
    'allowPeap', 'allowEapFast', 'allowEapTtls', 'allowTeap', 'allowPreferredEapProtocol', 'eapTlsLBit', 'allowWeakCiphersForEap',
    'requireMessageAuth', 'fiveG', 'rsaPss',
  ),
  block('eapTls', [
    ...booleans('allowEapTlsAuthOfExpiredCerts', 'eapTlsEnableStatelessSessionResume'),
    ...integers('eapTlsSessionTicketTtl', 'eapTlsSessionTicketPrecentage'), ...strings('eapTlsSessionTicketTtlUnits'),
  ]),
  block('peap', [
    ...booleans(
      'allowPeapEapMsChapV2', 'allowPeapEapMsChapV2PwdChange', 'allowPeapEapGtc', 'allowPeapEapGtcPwdChange', 'allowPeapEapTls',
      'allowPeapEapTlsAuthOfExpiredCerts', 'requireCryptobinding', 'allowPeapV0',
    ),
    ...integers('allowPeapEapMsChapV2PwdChangeRetries', 'allowPeapEapGtcPwdChangeRetries'),
  ]),
  block('eapFast', [
    ...booleans(
      'allowEapFastEapMsChapV2', 'allowEapFastEapMsChapV2PwdChange', 'allowEapFastEapGtc', 'allowEapFastEapGtcPwdChange', 'allowEapFastEapTls',
      'allowEapFastEapTlsAuthOfExpiredCerts', 'eapFastUsePacs', 'eapFastUsePacsAllowAnonymProvisioning', 'eapFastUsePacsAllowAuthenProvisioning',
      'eapFastUsePacsServerReturns', 'eapFastUsePacsReturnAccessAcceptAfterAuthenticatedProvisioning', 'eapFastUsePacsAcceptClientCert',
      'eapFastUsePacsAllowMachineAuthentication', 'eapFastUsePacsStatelessSessionResume', 'eapFastDontUsePacsAcceptClientCert',
      'eapFastDontUsePacsAllowMachineAuthentication', 'eapFastEnableEAPChaining',
    ),
    ...integers(
      'allowEapFastEapMsChapV2PwdChangeRetries', 'allowEapFastEapGtcPwdChangeRetries', 'eapFastUsePacsTunnelPacTtl',
      'eapFastUsePacsUseProactivePacUpdatePrecentage', 'eapFastUsePacsMachinePacTtl', 'eapFastUsePacsAuthorizationPacTtl',
    ),
    ...strings('eapFastUsePacsTunnelPacTtlUnits', 'eapFastUsePacsMachinePacTtlUnits', 'eapFastUsePacsAuthorizationPacTtlUnits'),
  ]),
  block('eapTtls', [
    ...booleans(
      'eapTtlsPapAscii', 'eapTtlsChap', 'eapTtlsMsChapV1', 'eapTtlsMsChapV2', 'eapTtlsEapMd5', 'eapTtlsEapMsChapV2', 'eapTtlsEapMsChapV2PwdChange',
    ),
    ...integers('eapTtlsEapMsChapV2PwdChangeRetries'),
  ]),
  block('teap', [
    ...booleans(
      'allowTeapEapMsChapV2', 'allowTeapEapMsChapV2PwdChange', 'allowTeapEapTls', 'allowTeapEapTlsAuthOfExpiredCerts',
      'acceptClientCertDuringTunnelEst', 'enableEapChaining', 'allowDowngradeMsk', 'requestBasicPwdAuth',
    ),
    ...integers('allowTeapEapMsChapV2PwdChangeRetries'),
  ]),
];

function toView(a: AllowedProtocols): Record<string, unknown> {
  if (a.teap?.requestBasicPwdAuth === undefined) return { ...a };
  const { requestBasicPwdAuth: _writeOnly, ...teap } = a.teap;
  return { ...a, teap };
}

export function registerAllowedProtocolsRoutes(app: FastifyInstance, services: Services): void {
  registerErsResource(app, {
    path: 'allowedprotocols',
    wrapper: 'AllowedProtocols',
    xmlRoot: 'allowedprotocols',
    namespace: 'policy',
    version: { current: '1.2', supported: ['1.0', '1.1', '1.2'] },
    fields: FIELDS,
    list: NAME_DESCRIPTION_LIST,
    entryDescription: (a) => a.description,
    toView,
    fromInput: asBody,
    byName: { get: true },
    service: collectionService(services.policy.allowedProtocols),
  });
}
