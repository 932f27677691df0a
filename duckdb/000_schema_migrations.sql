-- The bookkeeping tables of the migrator itself, applied first and recorded like any
-- other file (IF NOT EXISTS: it may predate its own record).
--   schema_migrations: one row per numbered file applied; checksum is the sha256 of the
--                      file's bytes, and a changed applied file is an error.
--   schema_views:      one row per view file under views/; a view whose file changed is
--                      simply re-created (views hold no data).
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    checksum   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS schema_views (
    name       VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    checksum   VARCHAR NOT NULL
);
