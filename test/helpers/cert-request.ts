// Issues an endpoint certificate the way scripts do: PUT
// /ers/config/endpointcert/certRequest as the node's admin, then unzip the
// bundle and return the PKCS#12 bytes.
import { Agent, request as httpsRequest } from 'node:https';
import { unzipSync } from 'fflate';
import { ADMIN_PASSWORD } from './server.ts';

export interface P12Request {
  cn: string;
  san: string;
  password: string;
  format?: 'PKCS12' | 'PKCS12_CHAIN';
  template?: string;
}

const agent = new Agent({ keepAlive: true, rejectUnauthorized: false });

export function requestP12(ersPort: number, r: P12Request): Promise<Uint8Array> {
  const body = JSON.stringify({ ERSEndPointCert: {
    certTemplateName: r.template ?? 'EAP_Authentication_Certificate_Template', format: r.format ?? 'PKCS12_CHAIN', password: r.password,
    certificateRequest: { cn: r.cn, san: r.san },
  } });
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1', port: ersPort, method: 'PUT', path: '/ers/config/endpointcert/certRequest', agent,
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const zip = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`certRequest ${res.statusCode}: ${zip.toString('utf8')}`));
        const files = Object.entries(unzipSync(new Uint8Array(zip)));
        const p12 = files.find(([name]) => name.endsWith('.p12'));
        return p12 ? resolve(p12[1]) : reject(new Error(`no .p12 in ${files.map(([n]) => n).join(', ')}`));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
