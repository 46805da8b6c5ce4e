// JSON Schemas of ERS bodies for the OpenAPI document, from field descriptions.
import type { FieldSpec, ScalarOrObject } from './fields.ts';

type Schema = Record<string, unknown>;

function scalar(type: 'string' | 'boolean' | 'integer'): Schema {
  return { type };
}

export function fieldSchema(f: FieldSpec | ScalarOrObject): Schema {
  switch (f.type) {
    case 'map': {
      const map = { type: 'object', additionalProperties: { type: 'string' } };
      return 'nested' in f && f.nested ? { type: 'object', properties: { [(f as { name: string }).name]: map } } : map;
    }
    case 'object':
      return objectSchema(f.fields);
    case 'list':
      return { type: 'array', items: fieldSchema(f.of) };
    default:
      return scalar(f.type);
  }
}

export function objectSchema(fields: FieldSpec[]): Schema {
  const properties: Record<string, Schema> = {};
  for (const f of fields) properties[f.name] = { ...fieldSchema(f), ...(f.readOnly && { readOnly: true }) };
  return { type: 'object', properties, additionalProperties: false };
}

export const wrapped = (wrapper: string, fields: FieldSpec[]): Schema => ({
  type: 'object', required: [wrapper], properties: { [wrapper]: objectSchema(fields) },
});

const link = { type: 'object', properties: { rel: { type: 'string' }, href: { type: 'string' }, type: { type: 'string' } } };

export const searchResultSchema: Schema = {
  type: 'object',
  properties: {
    SearchResult: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        resources: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, link } } },
        nextPage: link,
        previousPage: link,
      },
    },
  },
};

export const ersResponseSchema: Schema = {
  type: 'object',
  properties: {
    ERSResponse: {
      type: 'object',
      properties: {
        operation: { type: 'string' },
        messages: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, type: { type: 'string' }, code: { type: 'string' } } } },
        link,
      },
    },
  },
};

export const updatedFieldsSchema: Schema = {
  type: 'object',
  properties: {
    UpdatedFieldsList: {
      type: 'object',
      properties: { updatedField: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, oldValue: { type: 'string' }, newValue: { type: 'string' } } } } },
    },
  },
};

export const listQuerySchema: Schema = {
  type: 'object',
  properties: {
    page: { type: 'integer', minimum: 1, description: 'Page number, 1-based' },
    size: { type: 'integer', minimum: 1, maximum: 100, description: 'Page size (default 20)' },
    filter: { type: 'string', description: 'field.OPERATOR.value (EQ, NEQ, GT, LT, STARTSW, NSTARTSW, ENDSW, NENDSW, CONTAINS, NCONTAINS); repeatable' },
    filtertype: { type: 'string', enum: ['and', 'or'] },
    sortasc: { type: 'string' },
    sortdsc: { type: 'string' },
  },
};
