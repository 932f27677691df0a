-- correction_imports: one row per correction file applied (`outturn review import` or the
--                     apply-corrections flow); a dry run or an invalid file writes none.
-- correction_audit:   one row per statement an import touched: who, when, and the
--                     statement's reviewed values before and after (JSON objects with
--                     action, value, unit, role, period_start, period_end, indicator_id;
--                     before is the extracted values when there was no earlier verdict).
--                     Rows are never updated or deleted, so two imports touching the same
--                     statement leave two rows; the later import's verdict is the one in
--                     corrections.
CREATE SEQUENCE correction_import_ids START 1;

CREATE TABLE correction_imports (
    import_id   INTEGER PRIMARY KEY DEFAULT nextval('correction_import_ids'),
    file        VARCHAR NOT NULL,                 -- the path as given
    sha256      VARCHAR NOT NULL,                 -- of the file's bytes
    origin      VARCHAR NOT NULL,                 -- cli | flow
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    applied     INTEGER NOT NULL,                 -- rows whose verdict was written
    unchanged   INTEGER NOT NULL,                 -- rows equal to the verdict already held
    learned     INTEGER NOT NULL                  -- learned aliases written
);

CREATE TABLE correction_audit (
    import_id    INTEGER NOT NULL,
    row_number   INTEGER NOT NULL,                -- the row in the file, header = 1
    statement_id VARCHAR NOT NULL,
    reviewer     VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    action       VARCHAR NOT NULL,
    before       JSON NOT NULL,
    after        JSON NOT NULL
);
