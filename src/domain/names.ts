// Name and text rules shared by the identity objects.

/** ISE refuses these in object names. */
const FORBIDDEN_NAME_CHARS = /[<>"%&'\\/;|`^$]/;
/** ISE refuses angle brackets in descriptions. */
const FORBIDDEN_TEXT_CHARS = /[<>]/;

export function checkName(name: string, label = 'name', max = 255): string | null {
  if (name.length === 0) return `Validation Error - Mandatory fields missing: [${label}]`;
  if (name.length > max) return `${label} must not be longer than ${max} characters`;
  if (name.trim() !== name) return `${label} must not start or end with white space`;
  if (FORBIDDEN_NAME_CHARS.test(name)) return `${label} '${name}' contains characters that are not allowed (< > " % & ' \\ / ; | \` ^ $)`;
  return null;
}

export function checkText(value: string, label: string, max = 1024): string | null {
  if (value.length > max) return `${label} must not be longer than ${max} characters`;
  if (FORBIDDEN_TEXT_CHARS.test(value)) return `${label} contains characters that are not allowed (< >)`;
  return null;
}
