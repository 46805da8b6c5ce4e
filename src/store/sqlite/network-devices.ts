// Network devices: entity table with secrets sealed inside the document,
// plus one row per IP entry and per group for the list filters.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { FieldFilter, FilterOp } from '../../domain/entity.ts';
import { mapDeviceSecrets, type NetworkDevice } from '../../domain/network-device.ts';
import { ndgType, ndgWithoutType } from '../../domain/ndg.ts';
import type { NetworkDeviceTable } from '../store.ts';
import type { SecretBox } from '../secret-box.ts';
import { SqliteEntityTable, filterSql } from './entity-table.ts';

const NEGATED: Partial<Record<FilterOp, FilterOp>> = { NEQ: 'EQ', NSTARTSW: 'STARTSW', NENDSW: 'ENDSW', NCONTAINS: 'CONTAINS' };

/** A filter on a side table: devices with (or, for negated operators, without) a matching row. */
function member(select: string, column: string, nocase: boolean) {
  return (f: FieldFilter): { sql: string; params: SQLInputValue[] } => {
    const positive = NEGATED[f.op];
    const inner = filterSql(column, positive ? { ...f, op: positive } : f, nocase);
    return { sql: `id ${positive ? 'NOT ' : ''}IN (${select} AND ${inner.sql})`, params: inner.params };
  };
}

export class SqliteNetworkDeviceTable extends SqliteEntityTable<NetworkDevice> implements NetworkDeviceTable {
  constructor(db: DatabaseSync, box: SecretBox) {
    super(db, {
      table: 'network_devices',
      columns: [
        { field: 'name', column: 'name', value: (d) => d.name, nocase: true },
        { field: 'description', column: 'description', value: (d) => d.description, nocase: true },
      ],
      special: {
        ipaddress: member('SELECT device_id FROM network_device_ips WHERE 1', 'ipaddress', true),
        location: member(`SELECT device_id FROM network_device_ndgs WHERE ndg_type = 'Location'`, 'ndg_path', true),
        type: member(`SELECT device_id FROM network_device_ndgs WHERE ndg_type = 'Device Type'`, 'ndg_path', true),
      },
      afterWrite: (d, device) => {
        d.prepare('DELETE FROM network_device_ips WHERE device_id = ?').run(device.id);
        d.prepare('DELETE FROM network_device_ndgs WHERE device_id = ?').run(device.id);
        const ip = d.prepare('INSERT OR IGNORE INTO network_device_ips (device_id, ipaddress) VALUES (?, ?)');
        for (const e of device.ipList) ip.run(device.id, e.ipaddress);
        const ndg = d.prepare('INSERT OR IGNORE INTO network_device_ndgs (device_id, ndg_name, ndg_type, ndg_path) VALUES (?, ?, ?, ?)');
        for (const g of device.groups) ndg.run(device.id, g, ndgType(g), ndgWithoutType(g));
      },
      encode: (device) => mapDeviceSecrets(device, (s) => box.seal(s)),
      decode: (device) => mapDeviceSecrets(device, (s) => box.open(s)),
    });
  }

  async all(): Promise<NetworkDevice[]> {
    return (this.stmt('SELECT doc FROM network_devices').all() as { doc: string }[]).map((r) => this.parse(r.doc));
  }

  async countInGroup(ndgName: string): Promise<number> {
    // Names beneath `A#B` lie between `A#B#` and `A#B$` ('$' follows '#').
    const row = this.stmt(
      'SELECT COUNT(DISTINCT device_id) AS n FROM network_device_ndgs WHERE ndg_name = ? OR (ndg_name >= ? AND ndg_name < ?)',
    ).get(ndgName, `${ndgName}#`, `${ndgName}$`) as { n: number };
    return Number(row.n);
  }
}
