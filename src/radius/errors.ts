// The error thrown by the codec. `reason` is a stable code the listener
// can count drops by; `offset` points at the offending octet when known.

export type RadiusErrorReason =
  // Header
  | 'short_packet'              // datagram shorter than the 20-octet header
  | 'bad_length'                // header length < 20 or > 4096
  | 'truncated_packet'          // header length larger than the datagram
  // Attributes
  | 'attribute_truncated'       // one octet left where an attribute header is needed
  | 'attribute_too_short'       // attribute length < 2
  | 'attribute_overflow'        // attribute runs past the packet length
  | 'bad_value_length'          // value length wrong for its data type
  | 'vsa_too_short'             // Vendor-Specific shorter than 7 octets
  | 'vsa_malformed'             // sub-attribute framing of a known vendor is broken
  | 'duplicate_message_authenticator'
  // Authentication
  | 'bad_request_authenticator'
  | 'bad_response_authenticator'
  | 'bad_message_authenticator'
  | 'missing_message_authenticator'
  | 'eap_without_message_authenticator'
  | 'not_a_request'             // verifyRequest on a code that is not a request
  // Values
  | 'bad_password_length'       // hidden value not a multiple of 16, or too long
  | 'bad_salted_value'          // salt-encrypted value malformed or its length octet wrong
  | 'bad_value'                 // a value that cannot be encoded for its data type
  | 'unknown_attribute'
  // Encoding
  | 'value_too_long'            // a value that does not fit one attribute and cannot be split
  | 'packet_too_large'          // encoded packet over 4096 octets
  | 'missing_authenticator';    // reply encoded without the request authenticator

export class RadiusError extends Error {
  readonly reason: RadiusErrorReason;
  readonly offset: number | undefined;

  constructor(reason: RadiusErrorReason, message?: string, offset?: number) {
    super(message ? `${reason}: ${message}` : reason);
    this.name = 'RadiusError';
    this.reason = reason;
    this.offset = offset;
  }
}
