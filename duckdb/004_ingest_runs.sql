-- ingest_runs: one row per `outturn ingest` run, with what it did.
-- failures:    one row per document that failed in a run (documents keeps only the
--              latest state of each document; this keeps the history).
CREATE SEQUENCE ingest_run_ids START 1;

CREATE TABLE ingest_runs (
    run_id                INTEGER PRIMARY KEY DEFAULT nextval('ingest_run_ids'),
    started_at            TIMESTAMP NOT NULL DEFAULT current_timestamp,
    finished_at           TIMESTAMP,
    extractor_version     VARCHAR NOT NULL,
    documents_new         INTEGER,
    documents_reextracted INTEGER,
    documents_unchanged   INTEGER,
    documents_failed      INTEGER,
    statements            INTEGER
);

CREATE TABLE failures (
    run_id    INTEGER,                 -- NULL when recorded outside an ingest run
    path      VARCHAR NOT NULL,
    doc_id    VARCHAR,                 -- NULL when the file could not be read
    reason    VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
