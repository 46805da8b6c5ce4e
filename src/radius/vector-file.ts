// Reader for the plain-text packet vectors in test/vectors/*.txt.
// A block starts with "# name"; "##" lines are comments; "key: value"
// lines set secret, hex (repeatable), request, request-authenticator,
// error and require-message-authenticator; every other line is an
// expected attribute "Name[:tag] = value".

export interface PacketVector {
  file: string;
  name: string;
  line: number;
  secret: string | undefined;
  bytes: Buffer;
  /** Name of the earlier block (same file) whose request this packet answers. */
  request: string | undefined;
  requestAuthenticator: Buffer | undefined;
  /** Expected RadiusError reason from decoding (and verifying, with a secret). */
  error: string | undefined;
  requireMessageAuthenticator: boolean;
  attributes: string[];
}

const KEY = /^(secret|hex|request|request-authenticator|error|require-message-authenticator):\s*(.*)$/;

function hex(text: string, where: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`${where}: bad hex`);
  return Buffer.from(clean, 'hex');
}

export function parseVectorFile(text: string, file: string): PacketVector[] {
  const vectors: PacketVector[] = [];
  let current: PacketVector | undefined;
  let hexParts: Buffer[] = [];
  const finish = () => {
    if (!current) return;
    current.bytes = Buffer.concat(hexParts);
    if (current.bytes.length === 0 && current.error === undefined) {
      throw new Error(`${file}:${current.line}: vector "${current.name}" has no hex`);
    }
    vectors.push(current);
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const where = `${file}:${index + 1}`;
    if (line === '' || line.startsWith('##')) return;
    if (line.startsWith('#')) {
      finish();
      hexParts = [];
      current = {
        file, name: line.slice(1).trim(), line: index + 1, secret: undefined, bytes: Buffer.alloc(0),
        request: undefined, requestAuthenticator: undefined, error: undefined,
        requireMessageAuthenticator: false, attributes: [],
      };
      return;
    }
    if (!current) throw new Error(`${where}: line outside a "# name" block`);
    const m = KEY.exec(line);
    if (!m) { current.attributes.push(line); return; }
    const value = m[2].trim();
    switch (m[1]) {
      case 'secret': current.secret = value; break;
      case 'hex': hexParts.push(hex(value, where)); break;
      case 'request': current.request = value; break;
      case 'request-authenticator': current.requestAuthenticator = hex(value, where); break;
      case 'error': current.error = value; break;
      case 'require-message-authenticator': current.requireMessageAuthenticator = value === 'yes'; break;
    }
  });
  finish();
  return vectors;
}
