export {
  OCI_AUTH_METHODS,
  createOciAuthProvider,
  type OciAuth,
  type OciAuthMethod,
} from './oci-auth-provider.js';
