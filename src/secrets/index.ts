/**
 * `kiln/secrets`: SOPS files with age keys, compatible with sops 3.13.2, and the secrets a control
 * plane declares (`sopsSecret`, external-secrets helpers) (docs/secrets.md).
 */
export { type AgeIdentity, defaultKeysFile, generateIdentityFile, loadIdentities } from "./age.ts";
export {
  encryptSopsSecret,
  FLUX_OPTIONS,
  fluxSopsDecryption,
  type SecretValueSource,
  type SopsSecretOptions,
  type SopsSecretSpec,
  sopsSecret,
  type ValueSource,
} from "./authoring.ts";
export { type CreationRule, creationRuleFor, type EncryptionOptions, findSopsConfig } from "./config.ts";
export {
  EXTERNAL_SECRETS_API,
  type ExternalSecretSpec,
  externalSecret,
  type OnePasswordConnectStore,
  onePasswordConnectStore,
  type RemoteRef,
  type SecretKeyRef,
} from "./external-secrets.ts";
export {
  type AgeEntry,
  changedKeys,
  decryptFileText,
  type EncryptOptions,
  emitPlain,
  encryptDocuments,
  encryptFileText,
  formatOf,
  type KeyChanges,
  type OpenedFile,
  type OpenOptions,
  openEncrypted,
  parsePlain,
  reencryptStable,
  rotate,
  SOPS_VERSION,
  type SopsFormat,
  type SopsMetadata,
  updateKeys,
} from "./sops.ts";
export { SopsMap, type SopsScalar, type SopsValue } from "./tree.ts";
