export {
  startSupabaseStandin,
  type SupabaseStandin,
  type SupabaseStandinOptions,
} from './supabase-standin.js';
export { mintKey, STANDIN_ROLES, type StandinRole } from './jwt-auth.js';
