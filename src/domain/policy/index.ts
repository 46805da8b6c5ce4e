// The network-access policy: model, evaluator, reply builder, factory
// defaults and validators. Pure domain code: no I/O, no clock reads.

export * from './allowed-protocols.ts';
export * from './authorization-profile.ts';
export * from './catalog.ts';
export * from './compile-condition.ts';
export * from './condition.ts';
export * from './dacl.ts';
export * from './dictionary.ts';
export * from './evaluator.ts';
export * from './factory-conditions.ts';
export * from './factory-elements.ts';
export * from './factory-policy.ts';
export * from './flow-type.ts';
export * from './network-condition.ts';
export * from './operators.ts';
export * from './policy-set.ts';
export * from './radius-values.ts';
export * from './rank.ts';
export * from './reply-attribute.ts';
export * from './reply.ts';
export * from './request.ts';
export * from './security-group.ts';
export * from './time-condition.ts';
export * from './usage.ts';
export * from './validate-allowed-protocols.ts';
export * from './validate-condition.ts';
export * from './validate-dacl.ts';
export * from './validate-dictionary.ts';
export * from './validate-policy-set.ts';
export * from './validate-profile.ts';
export * from './validate-rule.ts';
export * from './validate-security-group.ts';
export * from './validation.ts';
