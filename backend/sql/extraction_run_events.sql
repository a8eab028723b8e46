-- Canonical definition of extraction_run_events: the table as the migrations leave it today.
-- Keep in step with backend/migrations/ (tests compare the two catalogs).

-- Every status transition of a run, with its time, written by a trigger so that no writer
-- (store, worker, reaper, operator with psql) can change a status without leaving a trace.
CREATE TABLE extraction_run_events (
  id BIGSERIAL PRIMARY KEY,
  run_id BIGINT NOT NULL
    CONSTRAINT extraction_run_events_run_id_fkey REFERENCES extraction_runs (id) ON DELETE CASCADE,
  from_status TEXT,
  to_status TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  worker_id TEXT,
  error_code TEXT,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX extraction_run_events_run_idx ON extraction_run_events (run_id, id);

CREATE OR REPLACE FUNCTION record_extraction_run_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO extraction_run_events (run_id, from_status, to_status, attempt, worker_id, error_code)
    VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status, NEW.attempt,
            COALESCE(NEW.worker_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.worker_id END), NEW.error_code);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER extraction_runs_record_event
  AFTER INSERT OR UPDATE OF status ON extraction_runs
  FOR EACH ROW EXECUTE FUNCTION record_extraction_run_event();
