// Sessions and live-log rows as compact documents: JSON of the fields that
// differ from an empty record, without the fields a store keeps as columns
// (a session's id and updatedAt, a row's id and time). The hot store keeps
// these documents, and a RADIUS worker thread hands its outcomes to the node
// in them, so the node stores what the thread wrote without writing it again.
import { compactJson, fromCompactJson } from './compact-json.ts';
import { emptyLiveLogEntry, emptySession, type LiveLogEntry, type RadiusSession } from './session.ts';

const SESSION_DEFAULTS = emptySession('', '');
const LOG_DEFAULTS = emptyLiveLogEntry(0, '');
const SESSION_COLUMNS = new Set(['id', 'updatedAt']);
const LOG_COLUMNS = new Set(['id', 'at']);

export const sessionDoc = (s: RadiusSession): string => compactJson(s, SESSION_DEFAULTS, SESSION_COLUMNS);

export const sessionFromDoc = (id: string, updatedAt: string, doc: string): RadiusSession => fromCompactJson(doc, emptySession(id, updatedAt));

export const liveLogDoc = (e: Omit<LiveLogEntry, 'id' | 'at'>): string => compactJson(e, LOG_DEFAULTS, LOG_COLUMNS);

export const liveLogFromDoc = (id: number, at: string, doc: string): LiveLogEntry => fromCompactJson(doc, emptyLiveLogEntry(id, at));
