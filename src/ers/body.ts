// Reads an ERS request body (JSON or XML) into the plain object of a resource's fields.
import type { FastifyRequest } from 'fastify';
import { GatehouseError, fail } from '../errors.ts';
import { bodyFormat } from '../http/media.ts';
import { parseXml } from '../http/xml.ts';
import { decodeJson, jsonInvalid, xmlToPlain, type FieldSpec } from './fields.ts';

export interface BodyShape {
  wrapper: string;
  xmlRoot: string;
  fields: FieldSpec[];
}

export function readBody(request: FastifyRequest, shape: BodyShape): Record<string, unknown> {
  const raw = typeof request.body === 'string' ? request.body : '';
  const format = bodyFormat(request.headers['content-type']);
  if (!format) {
    fail('mediaType', `Unsupported Content-Type '${request.headers['content-type'] ?? ''}': use application/json or application/xml`);
  }
  if (raw.trim() === '') fail('invalidBody', `Resource Initialization Failed: request body is empty, expected ${shape.wrapper}`);
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new GatehouseError('invalidBody', `Resource Initialization Failed: Invalid JSON: ${(e as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      fail('invalidBody', `Resource Initialization Failed: Invalid JSON: expected an object with root name '${shape.wrapper}'`);
    }
    const keys = Object.keys(parsed as object);
    if (keys.length !== 1 || keys[0] !== shape.wrapper) {
      throw jsonInvalid(`Root name '${keys[0] ?? ''}' does not match expected ('${shape.wrapper}')`);
    }
    return decodeJson((parsed as Record<string, unknown>)[shape.wrapper] ?? {}, shape.fields, shape.wrapper);
  }
  const doc = parseXml(raw);
  if (doc.root.toLowerCase() !== shape.xmlRoot.toLowerCase()) {
    fail('invalidBody', `Resource Initialization Failed: Invalid XML: root element '${doc.root}' does not match expected ('${shape.xmlRoot}')`);
  }
  return decodeJson(xmlToPlain(doc.element, shape.fields, true), shape.fields, shape.wrapper);
}
