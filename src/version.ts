// The ISE release Gatehouse reports wherever a version is exposed (ERS,
// MnT, pxGrid), and its own version.
export const ISE_VERSION = '3.3.0.430';
export const ISE_PATCH = '0';
export const GATEHOUSE_VERSION = '0.1.0';
