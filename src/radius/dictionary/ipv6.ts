// IPv6 attributes: RFC 3162, RFC 4818 (Delegated-IPv6-Prefix) and RFC 6911.
import type { AttrRow } from './types.ts';

export const IPV6: readonly AttrRow[] = [
  [95, 'NAS-IPv6-Address', 'ipv6addr'],
  [96, 'Framed-Interface-Id', 'ifid'],
  [97, 'Framed-IPv6-Prefix', 'ipv6prefix'],
  [98, 'Login-IPv6-Host', 'ipv6addr'],
  [99, 'Framed-IPv6-Route', 'string'],
  [100, 'Framed-IPv6-Pool', 'string'],
  [123, 'Delegated-IPv6-Prefix', 'ipv6prefix'],
  [168, 'Framed-IPv6-Address', 'ipv6addr'],
  [169, 'DNS-Server-IPv6-Address', 'ipv6addr'],
  [170, 'Route-IPv6-Information', 'ipv6prefix'],
  [171, 'Delegated-IPv6-Prefix-Pool', 'string'],
  [172, 'Stateful-IPv6-Address-Pool', 'string'],
];
