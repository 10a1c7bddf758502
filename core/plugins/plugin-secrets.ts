import type { z } from 'zod';
import type { FieldIssue } from '../errors/errors.js';
import type { PluginManifest } from '../plugin-api/index.js';
import { createFieldCipher } from '../security/field-encryption.js';
import type { Keyring } from '../security/keyring.js';
import { pluginErrors } from './plugin-errors.js';

/** What the API says about a secret field: only whether it is set. */
export interface SecretFieldState {
  readonly set: boolean;
}

/** A validated config write, ready to store. */
export interface PreparedConfig {
  /** Non-secret fields as given (only keys the schema declares). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Secret fields as envelopes (kept, replaced, or cleared). */
  readonly secrets: Readonly<Record<string, string>>;
}

export interface ConfigWrite {
  readonly tenantId: string;
  readonly manifest: PluginManifest;
  /** The whole non-secret config; a secret omitted keeps its value, a string replaces it, `null` clears it. */
  readonly input: Readonly<Record<string, unknown>>;
  readonly storedSecrets: Readonly<Record<string, string>>;
}

export interface PluginSecrets {
  /** Merges, validates with the manifest's schema (400 `PLUGINS_CONFIG_INVALID`) and encrypts. */
  prepareWrite(write: ConfigWrite): PreparedConfig;
  /** Decrypts the stored secret fields of an installation. */
  decrypt(
    tenantId: string,
    pluginId: string,
    secrets: Readonly<Record<string, string>>,
  ): Readonly<Record<string, string>>;
  /** The stored config with its secrets decrypted, as the manifest's schema reads it. */
  plaintextConfig(
    tenantId: string,
    manifest: PluginManifest,
    stored: {
      readonly config: Readonly<Record<string, unknown>>;
      readonly secrets: Readonly<Record<string, string>>;
    },
  ): Record<string, unknown>;
  /** `{ apiKey: { set: true } }` for every secret field of the manifest. */
  stateOf(
    manifest: PluginManifest,
    secrets: Readonly<Record<string, string>>,
  ): Record<string, SecretFieldState>;
}

const MIN_SCRUBBED_LENGTH = 4;

/** Replaces every occurrence of a secret value in `text` (messages from plugin code or zod refinements). */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SCRUBBED_LENGTH) scrubbed = scrubbed.split(secret).join('[secret]');
  }
  return scrubbed;
}

export const secretFieldName = (pluginId: string, field: string) => `plugins.${pluginId}.${field}`;

function issuesOf(
  error: z.ZodError,
  secretFields: ReadonlySet<string>,
  secrets: readonly string[],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: key, message: 'Unknown field' });
      continue;
    }
    const path = issue.path.map(String).join('.');
    const head = String(issue.path[0] ?? '');
    // A refinement message may quote the value; for a secret, say only what kind of problem it is.
    const message = secretFields.has(head)
      ? `Invalid secret value (${issue.code})`
      : scrubSecrets(issue.message, secrets);
    issues.push({ path, message });
  }
  return issues;
}

/** With a keyring, secrets are sealed under the tenant's data key (envelope encryption). */
export function createPluginSecrets(encryptionKey: string, keyring?: Keyring): PluginSecrets {
  const cipher = createFieldCipher(encryptionKey, keyring);
  const decrypt: PluginSecrets['decrypt'] = (tenantId, pluginId, secrets) =>
    Object.fromEntries(
      Object.entries(secrets).map(([field, envelope]) => [
        field,
        cipher.decryptField(envelope, { tenantId, field: secretFieldName(pluginId, field) }),
      ]),
    );

  return {
    decrypt,
    prepareWrite({ tenantId, manifest, input, storedSecrets }) {
      const secretFields = new Set<string>(manifest.secretFields);
      const stored = decrypt(tenantId, manifest.id, storedSecrets);
      const plaintext: Record<string, string> = {};
      const typeIssues: FieldIssue[] = [];
      for (const field of secretFields) {
        const given = input[field];
        if (given === undefined) {
          if (stored[field] !== undefined) plaintext[field] = stored[field];
        } else if (typeof given === 'string') plaintext[field] = given;
        else if (given !== null)
          typeIssues.push({ path: field, message: 'Expected a string, or null to clear it' });
      }
      const nonSecret = Object.fromEntries(Object.entries(input).filter(([key]) => !secretFields.has(key)));
      const result = manifest.configSchema.safeParse({ ...nonSecret, ...plaintext });
      const typeIssuePaths = new Set(typeIssues.map((issue) => issue.path));
      const schemaIssues = result.success
        ? []
        : issuesOf(result.error, secretFields, Object.values(plaintext)).filter(
            (issue) => !typeIssuePaths.has(issue.path),
          );
      const issues = [...typeIssues, ...schemaIssues];
      if (issues.length > 0) throw pluginErrors.configInvalid(issues);

      const declared = new Set(Object.keys(manifest.configSchema.shape));
      const config = Object.fromEntries(Object.entries(nonSecret).filter(([key]) => declared.has(key)));
      const secrets: Record<string, string> = {};
      for (const [field, value] of Object.entries(plaintext)) {
        const unchanged = input[field] === undefined && storedSecrets[field] !== undefined;
        secrets[field] = unchanged
          ? (storedSecrets[field] as string)
          : cipher.encryptField(value, { tenantId, field: secretFieldName(manifest.id, field) });
      }
      return { config, secrets };
    },
    plaintextConfig(tenantId, manifest, stored) {
      return { ...stored.config, ...decrypt(tenantId, manifest.id, stored.secrets) };
    },
    stateOf(manifest, secrets) {
      return Object.fromEntries(
        manifest.secretFields.map((field) => [field, { set: secrets[field] !== undefined }]),
      );
    },
  };
}
