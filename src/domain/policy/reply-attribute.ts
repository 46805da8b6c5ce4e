// A RADIUS reply attribute in neutral form: the dictionary name the codec
// knows (`Tunnel-Private-Group-ID`, `Cisco-AVPair`, `Airespace-ACL-Name`),
// its value (numbers for integer attributes) and, for RFC 2868 tunnel
// attributes, the tag.

export interface ReplyAttribute {
  readonly name: string;
  readonly value: string | number;
  readonly tag?: number;
}
