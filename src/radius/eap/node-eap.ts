// The EAP server of a node: its limits from the configuration, its TLS
// identity from the internal CA (the EAP server certificate, with the CA
// chain offered to clients), client chains validated by the CA service.
import type { Config } from '../../config.ts';
import type { CaService } from '../../services/ca.ts';
import type { EapDeps } from './access.ts';
import { EAP_DEFAULTS, type TlsCredentials } from './conversation.ts';

/** `ticketSecret`: shared by the node's RADIUS threads so their session tickets resume on any of them. */
export function nodeEapDeps(config: Config, ca: CaService, ticketSecret?: Buffer): EapDeps {
  const names = [config.nodeName];
  const credentials = async (): Promise<TlsCredentials> => {
    const [server, cas] = await Promise.all([ca.serverCertificate(names), ca.caCertificates()]);
    return { key: server.key, cert: server.cert, chain: server.chain, clientCas: [cas.issuing, cas.node, cas.root] };
  };
  return {
    server: {
      serverName: config.nodeName,
      fragmentSize: config.eapFragmentSize,
      maxTlsMessage: EAP_DEFAULTS.maxTlsMessage,
      maxRounds: config.eapMaxRounds,
      timeoutMs: config.eapSessionTimeoutSeconds * 1000,
      maxSessions: config.eapMaxSessions,
      ticketLifetimeSeconds: EAP_DEFAULTS.ticketLifetimeSeconds,
      credentials,
      ticketSecret,
    },
    validateChain: (chain) => ca.validateClientChain(chain),
  };
}
