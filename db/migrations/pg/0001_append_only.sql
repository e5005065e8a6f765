-- 一案一台账: the audit trail and the staff access log are append-only, enforced by the database
-- (the PostgreSQL twin of db/migrations/0001_append_only.sql). Row triggers refuse UPDATE and DELETE with the
-- same message as SQLite's; TRUNCATE, which skips row triggers and has no SQLite counterpart, is refused too.
CREATE FUNCTION suyuan_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION suyuan_append_only();
--> statement-breakpoint
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION suyuan_append_only();
--> statement-breakpoint
CREATE TRIGGER ticket_events_no_truncate BEFORE TRUNCATE ON ticket_events
  FOR EACH STATEMENT EXECUTE FUNCTION suyuan_append_only();
--> statement-breakpoint
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
  FOR EACH ROW EXECUTE FUNCTION suyuan_append_only();
--> statement-breakpoint
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION suyuan_append_only();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION suyuan_append_only();
