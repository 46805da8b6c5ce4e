// Validation of ERS `allowedprotocols` bodies (policy-api.md §11). A missing
// flag reads as false; a nested block must be present exactly when its
// `allowX` flag is true (both mismatches are 400); fields that only apply
// under a sub-flag are dropped when it is off. Missing counters and TTLs
// take the `Default Network Access` values.

import type {
  AllowedProtocols, EapFastSettings, EapTlsSettings, EapTtlsSettings, PeapSettings, TeapSettings, TimeUnit,
} from './allowed-protocols.ts';
import { NESTED_BLOCKS, PREFERRED_EAP_PROTOCOLS, TIME_UNITS, TOP_LEVEL_FLAGS } from './allowed-protocols.ts';
import { checkName, checkText } from '../names.ts';
import type { Checked } from './validation.ts';
import { Fields, checked, invalid, nameTaken } from './validation.ts';

const title = (reason: string): string => reason;

export interface AllowedProtocolsOptions {
  id: string;
  existing?: AllowedProtocols;
  /** Every stored service (the existing one included on update). */
  services: readonly AllowedProtocols[];
}

const flag = (f: Fields, key: string): boolean => f.bool(key) ?? false;
const retries = (f: Fields, key: string, fallback: number): number => f.int(key, 0, 3) ?? fallback;
const ttl = (f: Fields, key: string, fallback: number): number => f.int(key, 1, 1_000_000) ?? fallback;
const unit = (f: Fields, key: string, fallback: TimeUnit): TimeUnit => f.oneOf(key, TIME_UNITS) ?? fallback;

function eapTls(f: Fields): EapTlsSettings {
  const out: EapTlsSettings = {
    allowEapTlsAuthOfExpiredCerts: flag(f, 'allowEapTlsAuthOfExpiredCerts'),
    eapTlsEnableStatelessSessionResume: flag(f, 'eapTlsEnableStatelessSessionResume'),
  };
  if (out.eapTlsEnableStatelessSessionResume) {
    out.eapTlsSessionTicketTtl = f.int('eapTlsSessionTicketTtl', 1, 1_000_000) ?? f.missing('eapTlsSessionTicketTtl');
    out.eapTlsSessionTicketTtlUnits = f.oneOf('eapTlsSessionTicketTtlUnits', TIME_UNITS) ?? f.missing('eapTlsSessionTicketTtlUnits');
    out.eapTlsSessionTicketPrecentage = f.int('eapTlsSessionTicketPrecentage', 1, 100) ?? f.missing('eapTlsSessionTicketPrecentage');
  }
  return out;
}

function peap(f: Fields): PeapSettings {
  return {
    allowPeapEapMsChapV2: flag(f, 'allowPeapEapMsChapV2'),
    allowPeapEapMsChapV2PwdChange: flag(f, 'allowPeapEapMsChapV2PwdChange'),
    allowPeapEapMsChapV2PwdChangeRetries: retries(f, 'allowPeapEapMsChapV2PwdChangeRetries', 1),
    allowPeapEapGtc: flag(f, 'allowPeapEapGtc'),
    allowPeapEapGtcPwdChange: flag(f, 'allowPeapEapGtcPwdChange'),
    allowPeapEapGtcPwdChangeRetries: retries(f, 'allowPeapEapGtcPwdChangeRetries', 1),
    allowPeapEapTls: flag(f, 'allowPeapEapTls'),
    allowPeapEapTlsAuthOfExpiredCerts: flag(f, 'allowPeapEapTlsAuthOfExpiredCerts'),
    requireCryptobinding: flag(f, 'requireCryptobinding'),
    allowPeapV0: flag(f, 'allowPeapV0'),
  };
}

function eapFast(f: Fields): EapFastSettings {
  const out: EapFastSettings = {
    allowEapFastEapMsChapV2: flag(f, 'allowEapFastEapMsChapV2'),
    allowEapFastEapMsChapV2PwdChange: flag(f, 'allowEapFastEapMsChapV2PwdChange'),
    allowEapFastEapMsChapV2PwdChangeRetries: retries(f, 'allowEapFastEapMsChapV2PwdChangeRetries', 3),
    allowEapFastEapGtc: flag(f, 'allowEapFastEapGtc'),
    allowEapFastEapGtcPwdChange: flag(f, 'allowEapFastEapGtcPwdChange'),
    allowEapFastEapGtcPwdChangeRetries: retries(f, 'allowEapFastEapGtcPwdChangeRetries', 3),
    allowEapFastEapTls: flag(f, 'allowEapFastEapTls'),
    allowEapFastEapTlsAuthOfExpiredCerts: flag(f, 'allowEapFastEapTlsAuthOfExpiredCerts'),
    eapFastUsePacs: flag(f, 'eapFastUsePacs'),
    eapFastEnableEAPChaining: flag(f, 'eapFastEnableEAPChaining'),
  };
  if (out.eapFastUsePacs) {
    const returns = f.bool('eapFastUsePacsServerReturns') ?? f.bool('eapFastUsePacsReturnAccessAcceptAfterAuthenticatedProvisioning') ?? false;
    Object.assign(out, {
      eapFastUsePacsTunnelPacTtl: ttl(f, 'eapFastUsePacsTunnelPacTtl', 90),
      eapFastUsePacsTunnelPacTtlUnits: unit(f, 'eapFastUsePacsTunnelPacTtlUnits', 'DAYS'),
      eapFastUsePacsUseProactivePacUpdatePrecentage: f.int('eapFastUsePacsUseProactivePacUpdatePrecentage', 1, 100) ?? 90,
      eapFastUsePacsAllowAnonymProvisioning: flag(f, 'eapFastUsePacsAllowAnonymProvisioning'),
      eapFastUsePacsAllowAuthenProvisioning: flag(f, 'eapFastUsePacsAllowAuthenProvisioning'),
      eapFastUsePacsServerReturns: returns,
      eapFastUsePacsAcceptClientCert: flag(f, 'eapFastUsePacsAcceptClientCert'),
      eapFastUsePacsAllowMachineAuthentication: flag(f, 'eapFastUsePacsAllowMachineAuthentication'),
      eapFastUsePacsMachinePacTtl: ttl(f, 'eapFastUsePacsMachinePacTtl', 1),
      eapFastUsePacsMachinePacTtlUnits: unit(f, 'eapFastUsePacsMachinePacTtlUnits', 'WEEKS'),
      eapFastUsePacsStatelessSessionResume: flag(f, 'eapFastUsePacsStatelessSessionResume'),
      eapFastUsePacsAuthorizationPacTtl: ttl(f, 'eapFastUsePacsAuthorizationPacTtl', 1),
      eapFastUsePacsAuthorizationPacTtlUnits: unit(f, 'eapFastUsePacsAuthorizationPacTtlUnits', 'HOURS'),
    } satisfies Partial<EapFastSettings>);
  } else {
    out.eapFastDontUsePacsAcceptClientCert = flag(f, 'eapFastDontUsePacsAcceptClientCert');
    out.eapFastDontUsePacsAllowMachineAuthentication = flag(f, 'eapFastDontUsePacsAllowMachineAuthentication');
  }
  return out;
}

function eapTtls(f: Fields): EapTtlsSettings {
  return {
    eapTtlsPapAscii: flag(f, 'eapTtlsPapAscii'),
    eapTtlsChap: flag(f, 'eapTtlsChap'),
    eapTtlsMsChapV1: flag(f, 'eapTtlsMsChapV1'),
    eapTtlsMsChapV2: flag(f, 'eapTtlsMsChapV2'),
    eapTtlsEapMd5: flag(f, 'eapTtlsEapMd5'),
    eapTtlsEapMsChapV2: flag(f, 'eapTtlsEapMsChapV2'),
    eapTtlsEapMsChapV2PwdChange: flag(f, 'eapTtlsEapMsChapV2PwdChange'),
    eapTtlsEapMsChapV2PwdChangeRetries: retries(f, 'eapTtlsEapMsChapV2PwdChangeRetries', 1),
  };
}

function teap(f: Fields): TeapSettings {
  const out: TeapSettings = {
    allowTeapEapMsChapV2: flag(f, 'allowTeapEapMsChapV2'),
    allowTeapEapMsChapV2PwdChange: flag(f, 'allowTeapEapMsChapV2PwdChange'),
    allowTeapEapMsChapV2PwdChangeRetries: retries(f, 'allowTeapEapMsChapV2PwdChangeRetries', 3),
    allowTeapEapTls: flag(f, 'allowTeapEapTls'),
    allowTeapEapTlsAuthOfExpiredCerts: flag(f, 'allowTeapEapTlsAuthOfExpiredCerts'),
    acceptClientCertDuringTunnelEst: flag(f, 'acceptClientCertDuringTunnelEst'),
    enableEapChaining: flag(f, 'enableEapChaining'),
    allowDowngradeMsk: flag(f, 'allowDowngradeMsk'),
  };
  const basic = f.bool('requestBasicPwdAuth');
  if (basic !== undefined) out.requestBasicPwdAuth = basic;
  return out;
}

const BLOCK_READERS = { eapTls, peap, eapFast, eapTtls, teap } as const;

/** An allowed-protocols service from a POST or PUT body. */
export function validateAllowedProtocols(input: unknown, o: AllowedProtocolsOptions): Checked<AllowedProtocols> {
  return checked(() => {
    const f: Fields = new Fields(input, title);
    const name = f.str('name') ?? '';
    const nameError = checkName(name);
    if (nameError) f.fail(nameError, name === '' ? 'schema' : 'validation');
    if (nameTaken(name, o.services, o.id)) f.fail(`Allowed Protocols ${o.existing ? 'Update' : 'Create'} failed: Allowed Protocols Name Already Exist`);
    const description = f.str('description');
    if (description !== undefined) {
      const e = checkText(description, 'description');
      if (e) f.fail(e);
    }
    const ap = { id: o.id, name } as AllowedProtocols;
    if (description !== undefined && description !== '') ap.description = description;
    for (const key of TOP_LEVEL_FLAGS) ap[key] = flag(f, key);
    if (ap.allowPreferredEapProtocol) {
      ap.preferredEapProtocol = f.oneOf('preferredEapProtocol', PREFERRED_EAP_PROTOCOLS) ?? f.missing('preferredEapProtocol');
    }
    for (const [allow, block] of NESTED_BLOCKS) {
      const sub = f.sub(block);
      if (ap[allow] && sub === undefined) f.fail(`${block} settings are required when ${allow} is true`);
      if (!ap[allow] && sub !== undefined) f.fail(`${block} settings must not be given when ${allow} is false`);
      if (sub !== undefined) (ap as unknown as Record<string, unknown>)[block] = BLOCK_READERS[block](sub);
    }
    return ap;
  });
}

const BUILTIN_SERVICES = new Set(['92613980-8c01-11e6-996c-525400b48521', '926901b0-8c01-11e6-996c-525400b48521']);

/** Refuses deleting a built-in service or one a policy set uses (`usedBy`: policy-set names). */
export function checkDeleteAllowedProtocols(ap: AllowedProtocols, usedBy: readonly string[]): Checked<true> {
  return checked(() => {
    if (BUILTIN_SERVICES.has(ap.id)) invalid(`Allowed Protocols '${ap.name}' is a system service and cannot be deleted`, 'inUse');
    if (usedBy.length > 0) invalid(`Allowed Protocols '${ap.name}' is in use by policy set '${usedBy[0]}'`, 'inUse');
    return true as const;
  });
}
