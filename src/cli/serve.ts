// gatehouse serve
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { startNode } from '../node.ts';

const SHUTDOWN_LIMIT_MS = 5000;

export function registerServeCommand(program: Command): void {
  program.command('serve').description('run a Gatehouse node')
    .option('--config <file>', 'JSON config file (default <data-dir>/gatehouse.json when present)')
    .option('--data-dir <dir>', 'data directory (default ./data)')
    .option('--bind <address>', 'listen address (default 0.0.0.0)')
    .option('--ers-port <port>', 'ERS HTTPS port (default 9060)')
    .option('--https-port <port>', 'main HTTPS port: ERS, MnT, console (default 443)')
    .option('--radius-auth-port <port>', 'RADIUS authentication port (default 1812)')
    .option('--radius-acct-port <port>', 'RADIUS accounting port (default 1813)')
    .option('--pxgrid-port <port>', 'pxGrid port (default 8910)')
    .option('--tls-cert <file>', 'server certificate (PEM); self-signed when absent')
    .option('--tls-key <file>', 'server private key (PEM)')
    .option('--csrf', 'require the ERS CSRF token on writes')
    .option('--log-level <level>', 'log level (default info)')
    .option('--node-name <name>', 'node name MnT reports as server (default: short host name)')
    .option('--coa-timeout-ms <ms>', 'CoA: wait per transmission (default 5000)')
    .option('--coa-retries <n>', 'CoA: retransmissions (default 1)')
    .option('--coa-source <address>', 'CoA: local address requests are sent from (default: the bind address)')
    .option('--radius-threads <n>', 'threads answering Access-Requests on the authentication port (default: cores - 1, 1 to 4)')
    .option('--live-log-max-rows <n>', 'live log: rows kept at most (default 1000000)')
    .option('--live-log-max-age-hours <h>', 'live log: hours kept (default 24)')
    .option('--ended-session-hours <h>', 'hours an ended session stays visible to MnT (default 24)')
    .action(async (o: Record<string, unknown>) => {
      const flags = Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v]));
      const config = loadConfig(flags);
      const log = createLogger(config.logLevel);
      const node = await startNode(config, log);
      const shutdown = (signal: string) => {
        log.info({ signal }, 'shutting down');
        const timer = setTimeout(() => { log.error('shutdown took too long; exiting'); process.exit(1); }, SHUTDOWN_LIMIT_MS);
        timer.unref();
        node.stop().then(() => { log.info('stopped'); process.exit(0); }, (err) => { log.error({ err }, 'shutdown failed'); process.exit(1); });
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
}
