// Content negotiation for ERS: JSON or XML, from Accept, Content-Type and
// the legacy vendor media types (application/vnd.com.cisco.ise.*+xml).
export type Format = 'json' | 'xml';

const VND = /^application\/vnd\.com\.cisco\.ise\.([a-z0-9]+)\.([a-z0-9]+)\.(\d+\.\d+)\+xml$/i;

const mediaType = (value: string): string => value.split(';')[0].trim().toLowerCase();

/** Format of a request body, or null when unsupported. */
export function bodyFormat(contentType: string | undefined): Format | null {
  if (!contentType) return null;
  const t = mediaType(contentType);
  if (t === 'application/json' || t.endsWith('+json')) return 'json';
  if (t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml')) return 'xml';
  return null;
}

/** Response format from Accept: XML when absent or a wildcard; null when nothing fits. */
export function responseFormat(accept: string | undefined): Format | null {
  if (!accept || accept.trim() === '') return 'xml';
  let wildcard = false;
  for (const part of accept.split(',')) {
    const t = mediaType(part);
    if (t === 'application/json' || t.endsWith('+json')) return 'json';
    if (t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml')) return 'xml';
    if (t === '*/*' || t === 'application/*') wildcard = true;
  }
  return wildcard ? 'xml' : null;
}

/** Versions asked for through ERS-Media-Type or a vendor media type. */
export function requestedVersion(headers: { ersMediaType?: string; accept?: string; contentType?: string }): { resource: string; version: string } | null {
  const h = headers.ersMediaType?.trim();
  if (h) {
    const m = /^([a-z0-9]+)\.([a-z0-9]+)\.(\d+\.\d+)$/i.exec(h);
    return m ? { resource: m[2].toLowerCase(), version: m[3] } : { resource: '', version: h };
  }
  for (const value of [headers.contentType, ...(headers.accept?.split(',') ?? [])]) {
    if (!value) continue;
    const m = VND.exec(mediaType(value));
    if (m && !['searchresult', 'ersresponse', 'bulkstatus'].includes(m[2].toLowerCase())) {
      return { resource: m[2].toLowerCase(), version: m[3] };
    }
  }
  return null;
}

export const contentTypeOf = (f: Format): string => (f === 'json' ? 'application/json;charset=utf-8' : 'application/xml;charset=utf-8');
