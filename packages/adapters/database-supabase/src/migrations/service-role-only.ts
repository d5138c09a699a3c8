/**
 * SQL that lets only service_role execute the function `fn` (its signature, e.g.
 * `public.bharatmart_create_order(text, …)`): revoked from PUBLIC, anon and authenticated, granted to
 * service_role, each role only where it exists. Every function of this adapter is locked down so.
 */
export const serviceRoleOnly = (fn: string): string => `
DO $$
DECLARE
  fn constant text := '${fn}';
  api_role text;
BEGIN
  EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
  FOREACH api_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = api_role) THEN
      EXECUTE format('REVOKE ALL ON FUNCTION %s FROM %I', fn, api_role);
    END IF;
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO service_role', fn);
  END IF;
END
$$;
`;
