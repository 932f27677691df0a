-- documents: one row per distinct file content seen by `outturn ingest`.
--
-- doc_id is the sha256 of the file's bytes, so a renamed or copied file is the same
-- document. A file that could not be read at all has no bytes to hash; its doc_id is the
-- sha256 of 'unreadable:' || its path, and its status is 'failed'.
-- extractor_version is the version that produced the statements; a newer version
-- re-extracts the document on the next ingest.
CREATE TABLE documents (
    doc_id            VARCHAR PRIMARY KEY,
    path              VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    format            VARCHAR,                        -- text | markdown | html | pdf; NULL when unknown
    council           VARCHAR,
    title             VARCHAR,
    date              DATE,
    url               VARCHAR,
    pages             INTEGER,                        -- NULL for unpaged formats
    status            VARCHAR NOT NULL CHECK (status IN ('ok', 'failed')),
    error             VARCHAR,                        -- why it failed, in words a user can act on
    events            VARCHAR[] NOT NULL DEFAULT [],  -- reader notes, one line each
    extractor_version VARCHAR NOT NULL,
    statement_count   INTEGER NOT NULL DEFAULT 0,
    ingested_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);
