-- Console instances cache each gateway client's row and its gateway's row (the system API reads
-- them on every authorizer poll). A committed change to either notifies every listening instance
-- (NOTIFY is delivered at commit, to the committing session too), which drops its copy.
CREATE OR REPLACE FUNCTION gatehouse_notify_gateway_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text;
BEGIN
  IF TG_TABLE_NAME = 'gateways' THEN
    IF TG_OP = 'DELETE' THEN changed := OLD.id::text; ELSE changed := NEW.id::text; END IF;
  ELSE
    IF TG_OP = 'DELETE' THEN changed := OLD.gateway_id::text; ELSE changed := NEW.gateway_id::text; END IF;
  END IF;
  PERFORM pg_notify('gatehouse_gateway_changed', changed);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER gateways_notify_changed AFTER UPDATE OR DELETE ON gateways FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_gateway_changed();--> statement-breakpoint
CREATE TRIGGER oauth_clients_notify_changed AFTER INSERT OR UPDATE OR DELETE ON oauth_clients FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_gateway_changed();
