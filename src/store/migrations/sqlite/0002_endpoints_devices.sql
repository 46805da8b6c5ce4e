-- Endpoints and endpoint identity groups, network devices and network device groups.
CREATE TABLE endpoint_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  parent_id TEXT NOT NULL DEFAULT '',
  doc TEXT NOT NULL
);
CREATE INDEX endpoint_groups_name_nocase ON endpoint_groups (name COLLATE NOCASE);
CREATE INDEX endpoint_groups_description ON endpoint_groups (description, id);
CREATE INDEX endpoint_groups_parent ON endpoint_groups (parent_id);

-- name is the MAC in AA:BB:CC:DD:EE:FF form: filters normalise their value, so
-- the binary unique index serves MAC and name lookups and the default sort.
CREATE TABLE endpoints (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  group_id TEXT NOT NULL,
  static_group INTEGER NOT NULL,
  profile_id TEXT NOT NULL DEFAULT '',
  static_profile INTEGER NOT NULL,
  portal_user TEXT NOT NULL DEFAULT '',
  doc TEXT NOT NULL
);
CREATE INDEX endpoints_description ON endpoints (description, id);
CREATE INDEX endpoints_group ON endpoints (group_id, name, id);
CREATE INDEX endpoints_profile ON endpoints (profile_id, name, id);
CREATE INDEX endpoints_portal_user ON endpoints (portal_user COLLATE NOCASE);

CREATE TABLE network_device_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  othername TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX network_device_groups_name_nocase ON network_device_groups (name COLLATE NOCASE);
CREATE INDEX network_device_groups_description ON network_device_groups (description, id);

-- Secrets inside doc are sealed with the data-directory key.
CREATE TABLE network_devices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  doc TEXT NOT NULL
);
CREATE INDEX network_devices_name_nocase ON network_devices (name COLLATE NOCASE);
CREATE INDEX network_devices_description ON network_devices (description, id);

-- One row per NetworkDeviceIPList entry (the ipaddress filter).
CREATE TABLE network_device_ips (
  device_id TEXT NOT NULL REFERENCES network_devices (id) ON DELETE CASCADE,
  ipaddress TEXT NOT NULL,
  PRIMARY KEY (device_id, ipaddress)
) WITHOUT ROWID;
CREATE INDEX network_device_ips_ip ON network_device_ips (ipaddress, device_id);

-- One row per NetworkDeviceGroupList entry: full name, type and the path
-- without the type (the location/type filters compare against it).
CREATE TABLE network_device_ndgs (
  device_id TEXT NOT NULL REFERENCES network_devices (id) ON DELETE CASCADE,
  ndg_name TEXT NOT NULL,
  ndg_type TEXT NOT NULL,
  ndg_path TEXT NOT NULL,
  PRIMARY KEY (device_id, ndg_name)
) WITHOUT ROWID;
CREATE INDEX network_device_ndgs_name ON network_device_ndgs (ndg_name, device_id);
CREATE INDEX network_device_ndgs_type ON network_device_ndgs (ndg_type, ndg_path);
