-- The principal of a unit of work cannot be chosen from SQL. The platform
-- sets checkstack.principal and checkstack.principal_label together with
-- checkstack.principal_signature, a keyed hash of both under a key only the
-- owner role can read (checkstack.principal_signing_key). While the
-- application role is active, the principal counts only with a matching
-- signature: SQL injected into a request can call set_config, but cannot sign.
--
-- The owner login running as itself (migrations, boot, platform bookkeeping)
-- is trusted unsigned: it can read the key anyway. Note that this rests on
-- `role` being the application role: code running as the application role
-- is trusted not to RESET ROLE (see README, "Security").

REVOKE ALL ON checkstack.principal_signing_key FROM :"app_role";

-- True when the session runs as the owner login itself (no SET ROLE), even
-- inside a SECURITY DEFINER function: those change current_user, not `role`.
CREATE OR REPLACE FUNCTION checkstack.principal_trusted_unsigned() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT session_user = :'owner_role' AND current_setting('role') = 'none'
$$;

-- sha256(key || sha256(key || message)): a keyed hash without SHA-256's length
-- extension, from built-in functions only (pgcrypto's hmac is an extension).
-- The same construction is in server/src/database/principal-signature.ts.
CREATE OR REPLACE FUNCTION checkstack.principal_signature_holds() RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_key bytea;
  v_message bytea := convert_to(coalesce(current_setting('checkstack.principal', true), '') || E'\n' ||
                                coalesce(current_setting('checkstack.principal_label', true), ''), 'UTF8');
BEGIN
  SELECT k.signing_secret INTO v_key FROM checkstack.principal_signing_key k;
  -- Never NULL: a missing signature is a mismatch (IF NOT NULL would let it through).
  RETURN coalesce(v_key IS NOT NULL
     AND current_setting('checkstack.principal_signature', true) = encode(sha256(v_key || sha256(v_key || v_message)), 'hex'), false);
END
$$;

-- A setting the platform signed (the principal or its label): its value, or
-- an error when it was changed from SQL. One check for both settings.
CREATE OR REPLACE FUNCTION checkstack.signed_setting(p_name text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  v_value text := nullif(current_setting(p_name, true), '');
BEGIN
  IF v_value IS NULL OR checkstack.principal_trusted_unsigned() THEN RETURN v_value; END IF;
  IF NOT checkstack.principal_signature_holds() THEN
    RAISE EXCEPTION '% was not set by the platform: its signature does not match', p_name
      USING ERRCODE = '42501', HINT = 'The principal of a unit of work is chosen by the platform, not by SQL.';
  END IF;
  RETURN v_value;
END
$$;

-- The principal the decision functions and policies see.
CREATE OR REPLACE FUNCTION checkstack.signed_principal() RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT checkstack.signed_setting('checkstack.principal')::jsonb
$$;

-- The principal's label, as the audit trail records it: checked like the principal.
CREATE OR REPLACE FUNCTION checkstack.signed_principal_label() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT checkstack.signed_setting('checkstack.principal_label')
$$;
