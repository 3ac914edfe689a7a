/** AWS KMS limits (docs/vendor-facts.md): automatic rotation 90-2560 days (default 365), deletion window 7-30 days. */
export const AWS_ROTATION_PERIOD = { min: 90, max: 2560, default: 365 } as const;
export const AWS_DELETION_WINDOW = { min: 7, max: 30, default: 30 } as const;
