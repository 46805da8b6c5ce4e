// Typed configuration: defaults that run out of the box, overlaid by an
// optional JSON config file, then GATEHOUSE_* environment variables, then
// command-line flags.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, hostname } from 'node:os';
import type { CustomAttributeDef } from './domain/custom-attributes.ts';

/** Threads answering Access-Requests by default on a machine with `cores` cores (see Config.radiusThreads). */
export function defaultRadiusThreads(cores: number): number {
  return Math.max(1, Math.min(cores - 1, 4));
}

export interface Config {
  dataDir: string;
  bind: string;
  ersPort: number;
  httpsPort: number;
  radiusAuthPort: number;
  radiusAcctPort: number;
  pxgridPort: number;
  tlsCert?: string;
  tlsKey?: string;
  /** ERS CSRF check (ISE: off by default). */
  csrf: boolean;
  /** Items per ERS bulk request with whole resources (ISE: 500; at most 5000). */
  bulkLimit: number;
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  logLevel: string;
  /** Failed admin logins per source before 429, and the window. */
  loginFailures: number;
  loginWindowSeconds: number;
  userCustomAttributes: CustomAttributeDef[];
  endpointCustomAttributes: CustomAttributeDef[];
  /** Short node name reported by MnT (`server`, `acs_server`). */
  nodeName: string;
  /** CoA: wait per transmission, retransmissions, and the local address CoA is sent from (the bind address when empty). */
  coaTimeoutMs: number;
  coaRetries: number;
  coaSource: string;
  /** The network-access policy OpenAPI under /api/v1 (ISE: Settings > API Settings > Open API). */
  openApi: boolean;
  /** Answer the OpenAPI lookup lists (`/identity-stores` …) wrapped instead of as bare arrays. */
  openApiWrapLookups: boolean;
  /** 802.1X: most TLS octets per EAP message, idle seconds before a conversation expires, conversations held, rounds per conversation. */
  eapFragmentSize: number;
  eapSessionTimeoutSeconds: number;
  eapMaxSessions: number;
  eapMaxRounds: number;
  /** Live log kept: rows at most, and hours; ended sessions stay visible to MnT for this many hours. */
  liveLogMaxRows: number;
  liveLogMaxAgeHours: number;
  endedSessionHours: number;
  /**
   * Threads answering Access-Requests on the authentication port (the
   * node's own and worker threads sharing it with SO_REUSEPORT); 1 = the
   * node's only. Default: one fewer than the cores (the sessions writer
   * thread and the APIs need one), at least 1, at most 4. Each thread holds
   * its own copy of the identity indexes.
   */
  radiusThreads: number;
}

export const DEFAULTS: Config = {
  dataDir: './data',
  bind: '0.0.0.0',
  ersPort: 9060,
  httpsPort: 443,
  radiusAuthPort: 1812,
  radiusAcctPort: 1813,
  pxgridPort: 8910,
  csrf: false,
  bulkLimit: 500,
  bodyLimit: 5 * 1024 * 1024,
  logLevel: 'info',
  loginFailures: 10,
  loginWindowSeconds: 60,
  userCustomAttributes: [],
  endpointCustomAttributes: [],
  nodeName: hostname().split('.')[0],
  coaTimeoutMs: 5000,
  coaRetries: 1,
  coaSource: '',
  openApi: true,
  openApiWrapLookups: false,
  eapFragmentSize: 1002,
  eapSessionTimeoutSeconds: 60,
  eapMaxSessions: 4096,
  eapMaxRounds: 50,
  liveLogMaxRows: 1_000_000,
  liveLogMaxAgeHours: 24,
  endedSessionHours: 24,
  radiusThreads: defaultRadiusThreads(availableParallelism()),
};

/** Flag/env names of the keys a string can set. */
const KEYS: Record<string, keyof Config> = {
  'data-dir': 'dataDir', bind: 'bind', 'ers-port': 'ersPort', 'https-port': 'httpsPort',
  'radius-auth-port': 'radiusAuthPort', 'radius-acct-port': 'radiusAcctPort', 'pxgrid-port': 'pxgridPort',
  'tls-cert': 'tlsCert', 'tls-key': 'tlsKey', csrf: 'csrf', 'body-limit': 'bodyLimit', 'log-level': 'logLevel',
  'login-failures': 'loginFailures', 'bulk-limit': 'bulkLimit', 'login-window-seconds': 'loginWindowSeconds',
  'node-name': 'nodeName', 'coa-timeout-ms': 'coaTimeoutMs', 'coa-retries': 'coaRetries', 'coa-source': 'coaSource',
  'open-api': 'openApi', 'open-api-wrap-lookups': 'openApiWrapLookups',
  'eap-fragment-size': 'eapFragmentSize', 'eap-session-timeout-seconds': 'eapSessionTimeoutSeconds', 'eap-max-sessions': 'eapMaxSessions',
  'eap-max-rounds': 'eapMaxRounds',
  'live-log-max-rows': 'liveLogMaxRows', 'live-log-max-age-hours': 'liveLogMaxAgeHours', 'ended-session-hours': 'endedSessionHours',
  'radius-threads': 'radiusThreads',
};

export const FLAG_NAMES = Object.keys(KEYS);

function coerce(key: keyof Config, value: unknown, origin: string): unknown {
  const def = DEFAULTS[key];
  if (typeof def === 'number' || key.endsWith('Port')) {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n < 0 || (key.endsWith('Port') && n > 65535)) throw new Error(`${origin}: ${key} must be a whole number${key.endsWith('Port') ? ' from 0 to 65535' : ''}`);
    return n;
  }
  if (typeof def === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (['true', '1', 'yes', 'on'].includes(String(value).toLowerCase())) return true;
    if (['false', '0', 'no', 'off'].includes(String(value).toLowerCase())) return false;
    throw new Error(`${origin}: ${key} must be true or false`);
  }
  return value;
}

/**
 * Builds the configuration. `flags` uses the flag names (`ers-port`), `env`
 * is process.env; the config file is `--config`/GATEHOUSE_CONFIG, or
 * `<data-dir>/gatehouse.json` when present.
 */
export function loadConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Config {
  const fromEnv: Partial<Record<keyof Config, unknown>> = {};
  for (const [name, key] of Object.entries(KEYS)) {
    const v = env[`GATEHOUSE_${name.toUpperCase().replace(/-/g, '_')}`];
    if (v !== undefined && v !== '') fromEnv[key] = coerce(key, v, `GATEHOUSE_${name.toUpperCase().replace(/-/g, '_')}`);
  }
  const fromFlags: Partial<Record<keyof Config, unknown>> = {};
  for (const [name, key] of Object.entries(KEYS)) {
    const v = flags[name] ?? flags[key];
    if (v !== undefined) fromFlags[key] = coerce(key, v, `--${name}`);
  }
  const dataDir = String(fromFlags.dataDir ?? fromEnv.dataDir ?? DEFAULTS.dataDir);
  const file = (flags.config as string | undefined) ?? env.GATEHOUSE_CONFIG ?? join(dataDir, 'gatehouse.json');
  const fromFile: Partial<Record<keyof Config, unknown>> = {};
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const [k, v] of Object.entries(raw)) {
      const key = (KEYS[k] ?? k) as keyof Config;
      if (!(key in DEFAULTS) && key !== 'tlsCert' && key !== 'tlsKey') throw new Error(`${file}: unknown setting '${k}'`);
      fromFile[key] = key === 'userCustomAttributes' || key === 'endpointCustomAttributes' ? v : coerce(key, v, file);
    }
  } else if (flags.config ?? env.GATEHOUSE_CONFIG) {
    throw new Error(`config file ${file} not found`);
  }
  return { ...DEFAULTS, ...fromFile, ...fromEnv, ...fromFlags, dataDir } as Config;
}
