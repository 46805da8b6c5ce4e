// ISE's envelopes in JSON and XML: single resources, SearchResult,
// ERSResponse, UpdatedFieldsList, VersionInfo, OperationResult.
import { ATTR, buildXml } from '../http/xml.ts';
import type { Format } from '../http/media.ts';
import { plainToXml, type FieldSpec } from './fields.ts';

export const NS = {
  ers: 'ers.ise.cisco.com',
  v2: 'v2.ers.ise.cisco.com',
  xs: 'http://www.w3.org/2001/XMLSchema',
};

export interface Link {
  rel: string;
  href: string;
  type: string;
}

export const linkType = (f: Format): string => (f === 'json' ? 'application/json' : 'application/xml');
const xmlLink = (l: Link) => ({ [`${ATTR}rel`]: l.rel, [`${ATTR}href`]: l.href, [`${ATTR}type`]: l.type });

/** A single resource: `{Wrapper: view}` or `<ns4:root ...>`. */
export function renderResource(
  f: Format,
  r: { wrapper: string; xmlRoot: string; namespace: string; fields: FieldSpec[] },
  view: Record<string, unknown>,
): string {
  if (f === 'json') return JSON.stringify({ [r.wrapper]: view }, null, 2);
  const body = plainToXml(view, r.fields, true);
  return buildXml({
    [`ns4:${r.xmlRoot}`]: {
      ...body,
      [`${ATTR}xmlns:ers`]: NS.ers,
      [`${ATTR}xmlns:xs`]: NS.xs,
      [`${ATTR}xmlns:ns4`]: `${r.namespace}.ers.ise.cisco.com`,
    },
  });
}

export interface SearchEntry {
  id: string;
  name?: string;
  description?: string;
  link: Link;
}

export function renderSearchResult(f: Format, total: number, resources: SearchEntry[], next?: Link, previous?: Link): string {
  if (f === 'json') {
    return JSON.stringify({ SearchResult: { total, resources, ...(next && { nextPage: next }), ...(previous && { previousPage: previous }) } }, null, 2);
  }
  return buildXml({
    'ns3:searchResult': {
      [`${ATTR}total`]: total,
      [`${ATTR}xmlns:ns5`]: NS.ers,
      [`${ATTR}xmlns:ers-v2`]: 'ers-v2',
      [`${ATTR}xmlns:xs`]: NS.xs,
      [`${ATTR}xmlns:ns3`]: NS.v2,
      ...(next && { 'ns3:nextPage': xmlLink(next) }),
      ...(previous && { 'ns3:previousPage': xmlLink(previous) }),
      'ns3:resources': resources.length === 0 ? '' : {
        'ns5:resource': resources.map((r) => ({
          [`${ATTR}id`]: r.id,
          ...(r.name !== undefined && { [`${ATTR}name`]: r.name }),
          ...(r.description !== undefined && { [`${ATTR}description`]: r.description }),
          link: xmlLink(r.link),
        })),
      },
    },
  });
}

export function renderErsResponse(f: Format, operation: string, title: string, code: string, href: string, type = 'ERROR'): string {
  // ISE sends link.type application/xml even in JSON.
  const link: Link = { rel: 'related', href, type: 'application/xml' };
  if (f === 'json') {
    return JSON.stringify({ ERSResponse: { operation, messages: [{ title, type, code }], link } }, null, 2);
  }
  return buildXml({
    'ns3:ersResponse': {
      [`${ATTR}operation`]: operation,
      [`${ATTR}xmlns:ns2`]: NS.ers,
      [`${ATTR}xmlns:ns3`]: NS.v2,
      messages: { message: { [`${ATTR}type`]: type, [`${ATTR}code`]: code, title } },
      link: xmlLink(link),
    },
  });
}

export interface UpdatedField {
  field: string;
  oldValue?: string;
  newValue: string;
}

export function renderUpdatedFields(f: Format, fields: UpdatedField[]): string {
  if (f === 'json') return JSON.stringify({ UpdatedFieldsList: { updatedField: fields } }, null, 2);
  return buildXml({
    'ns3:updatedFields': {
      [`${ATTR}xmlns:ns3`]: NS.v2,
      ...(fields.length > 0 && {
        updatedField: fields.map((u) => ({
          [`${ATTR}field`]: u.field,
          ...(u.oldValue !== undefined && { oldValue: u.oldValue }),
          newValue: u.newValue,
        })),
      }),
    },
  });
}

export function renderVersionInfo(f: Format, current: string, supported: string[], self: Link): string {
  if (f === 'json') {
    return JSON.stringify({ VersionInfo: { currentServerVersion: current, supportedVersions: supported.join(','), link: self } }, null, 2);
  }
  return buildXml({
    'ns3:versionInfo': {
      [`${ATTR}xmlns:ns3`]: NS.v2,
      [`${ATTR}xmlns:ns2`]: NS.ers,
      currentServerVersion: current,
      supportedVersions: supported.join(','),
      link: xmlLink(self),
    },
  });
}

export function renderOperationResult(f: Format, values: { name: string; value: string }[]): string {
  if (f === 'json') return JSON.stringify({ OperationResult: { resultValue: values.map((v) => ({ value: v.value, name: v.name })) } }, null, 2);
  return buildXml({
    'ns3:operationResult': {
      [`${ATTR}xmlns:ns3`]: NS.v2,
      resultValue: values.map((v) => ({ [`${ATTR}name`]: v.name, value: v.value })),
    },
  });
}
