// The Access-Request `gatehouse radtest` sends, shaped as a Cisco switch
// shapes it (spec radius-policy §9, §10):
// - pap:  `test aaa … legacy`: User-Name, User-Password, Service-Type =
//         Login, NAS-Port-Type = Virtual;
// - chap: the same with CHAP-Password (the Request Authenticator is the
//         challenge, as RFC 2865 §2.2 allows);
// - mab:  User-Name and User-Password = the MAC as IOS sends it by default
//         (`001122aabbcc`), Calling-Station-Id = `00-11-22-AA-BB-CC`,
//         Service-Type = Call-Check, NAS-Port-Type = Ethernet, Cisco-AVPairs
//         `service-type=Call Check` and `method=mab`.
// Then NAS-IP-Address (or NAS-IPv6-Address), NAS-Port, Calling-Station-Id
// and the `--attr` attributes. The encoder puts Message-Authenticator first.
import { randomInt } from 'node:crypto';
import type { MacForms } from '../domain/mac.ts';
import type { LocalAddress } from '../radius/access-client.ts';
import { chapResponse, Code, randomAuthenticator, RadiusPacket, type AttrDef, type ParsedAttribute } from '../radius/codec.ts';
import { nasAddressAttribute, type Method } from './radtest-args.ts';

export interface RadtestRequest {
  method: Method;
  /** pap and chap. */
  user?: string;
  password?: string;
  /** mab; for pap and chap the Calling-Station-Id when none is given. */
  mac?: MacForms;
  /** NAS-IP-Address or NAS-IPv6-Address; the socket's local address when absent. */
  nasIp?: string;
  nasPort?: number;
  callingStationId?: string;
  /** `--attr`: each replaces what radtest would send for that attribute, except Cisco-AVPair, which adds. */
  attrs: ParsedAttribute[];
}

export interface Credentials {
  user?: string;
  password?: string;
  mac?: MacForms;
}

const once = (what: string, positional: string | undefined, option: string | undefined): string | undefined => {
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw new Error(`the ${what} is given twice (argument and option); give it once`);
  }
  return positional ?? option;
};

/** Checks that the method has what it needs: user and password for pap/chap, a MAC for mab. */
export function methodCredentials(method: Method, given: { user?: string; password?: string; userOption?: string; passwordOption?: string; mac?: MacForms }): Credentials {
  const user = once('user name', given.user, given.userOption);
  const password = once('password', given.password, given.passwordOption);
  if (method === 'mab') {
    if (password !== undefined) throw new Error('mab sends the MAC as the password; give no password');
    if (!given.mac) throw new Error('mab needs --mac (any notation: aa:bb:cc:dd:ee:ff, aa-bb-…, aabb.ccdd.eeff, aabbccddeeff)');
    if (user !== undefined) throw new Error('mab sends the MAC as the user name; give --mac only');
    return { mac: given.mac };
  }
  if (user === undefined || user === '') throw new Error(`${method} needs a user name (argument or --user)`);
  if (password === undefined) throw new Error(`${method} needs a password (argument or --password)`);
  return { user, password, mac: given.mac };
}

const isCiscoAvPair = (def: AttrDef): boolean => def.vendor === 9 && def.type === 1;

export function buildAccessRequest(r: RadtestRequest, local: LocalAddress, identifier: number = randomInt(256)): RadiusPacket {
  const authenticator = randomAuthenticator();
  const p = new RadiusPacket(Code.AccessRequest, identifier, authenticator);
  if (r.method === 'mab') {
    const mac = r.mac!;
    p.add('User-Name', mac.bare)
      .add('User-Password', mac.bare)
      .add('Service-Type', 'Call-Check')
      .add('NAS-Port-Type', 'Ethernet')
      .add('Calling-Station-Id', r.callingStationId ?? mac.dash)
      .add('Cisco-AVPair', 'service-type=Call Check')
      .add('Cisco-AVPair', 'method=mab');
  } else {
    p.add('User-Name', r.user!);
    const password = Buffer.from(r.password!, 'utf8');
    if (r.method === 'pap') {
      p.add('User-Password', password);
    } else {
      const chapId = randomInt(256);
      p.add('CHAP-Password', Buffer.concat([Buffer.of(chapId), chapResponse(chapId, password, authenticator)]));
    }
    p.add('Service-Type', 'Login').add('NAS-Port-Type', 'Virtual');
    const calling = r.callingStationId ?? r.mac?.dash;
    if (calling !== undefined) p.add('Calling-Station-Id', calling);
  }
  const nasIp = r.nasIp ?? local.address;
  p.add(nasAddressAttribute(nasIp), nasIp);
  if (r.nasPort !== undefined) p.add('NAS-Port', r.nasPort);
  for (const a of r.attrs) if (!isCiscoAvPair(a.def)) p.remove(a.def);
  for (const a of r.attrs) p.add(a.def, a.value, { tag: a.tag });
  return p;
}
