-- learned_aliases: indicator phrases a reviewer mapped to an indicator (a fix with an
-- indicator_id). The matcher uses them on the next ingest; the facts view applies them at
-- once to stored statements whose indicator_text has the same phrase_key and whose unit
-- is the indicator's. `outturn lexicon export-aliases` writes them as aliases.csv rows.
--   phrase:         the indicator_text as the document wrote it.
--   phrase_key:     outturn.lexicon.loader.fold(phrase): lower case, runs of anything but
--                   a-z0-9 as one space. One row per phrase_key: a later import wins.
--   indicator_unit: the indicator's unit in the lexicon at import time.
--   statement_id:   the statement the reviewer corrected; import_id: the import.
CREATE TABLE learned_aliases (
    phrase         VARCHAR NOT NULL,
    phrase_key     VARCHAR NOT NULL,
    indicator_id   VARCHAR NOT NULL,
    indicator_name VARCHAR,
    indicator_unit VARCHAR NOT NULL,
    reviewer       VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    statement_id   VARCHAR,
    import_id      INTEGER
);
