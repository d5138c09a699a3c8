import { mysql } from './mysql.js';
import { ociAutonomous } from './oci-autonomous.js';
import { pglite } from './pglite.js';
import { postgresql } from './postgresql.js';
import { supabase } from './supabase.js';

/** Every DATABASE_TYPE, one line each, default first; the order is the one messages list them in. */
export const DATABASE_BACKENDS = {
  pglite,
  supabase,
  postgresql,
  'oci-autonomous': ociAutonomous,
  mysql,
};
