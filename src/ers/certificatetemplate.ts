// ERS /ers/config/certificatetemplate: the internal CA's templates, read-only.
import type { FastifyInstance } from 'fastify';
import type { CertificateTemplate } from '../domain/certificate.ts';
import type { Services } from '../services/index.ts';
import { registerErsResource } from './resource.ts';
import type { FieldSpec } from './fields.ts';

// Cisco's schema names (keySize, validityPeriod, raprofile); its docstrings'
// `validity` / `raProfileName` are not emitted.
const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'keySize', type: 'integer' },
  { name: 'validityPeriod', type: 'integer' },
  { name: 'raprofile', type: 'string' },
];

const toView = (t: CertificateTemplate): Record<string, unknown> => ({
  id: t.id,
  name: t.name,
  description: t.description,
  keySize: t.keySize,
  validityPeriod: t.validityPeriod,
  raprofile: t.raprofile,
});

export function registerCertificateTemplateRoutes(app: FastifyInstance, services: Services): void {
  const ca = services.ca;
  registerErsResource<CertificateTemplate, Record<string, unknown>>(app, {
    path: 'certificatetemplate',
    wrapper: 'ERSCertificateTemplate',
    xmlRoot: 'certificatetemplate',
    namespace: 'ca',
    version: { current: '1.0', supported: ['1.0'] },
    fields: FIELDS,
    // ISE lists templates with page and size only.
    list: { filters: {}, sorts: { name: 'name' }, defaultSort: 'name' },
    entryDescription: (t) => t.description,
    toView,
    fromInput: (plain) => plain,
    byName: { get: true },
    service: {
      search: (q) => ca.searchTemplates(q),
      get: (id) => ca.getTemplate(id),
      getByName: (name) => ca.getTemplateByName(name),
    },
  });
}
