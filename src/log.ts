// The node's structured log (pino, JSON lines). Secrets never reach it:
// request bodies are not logged and credential-bearing fields are redacted.
import pino, { type Logger } from 'pino';

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { svc: 'gatehouse' },
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.enablePassword', '*.secret', '*.sharedSecret', 'password', 'secret'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
