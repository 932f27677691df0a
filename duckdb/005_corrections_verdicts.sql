-- corrections, rebuilt: one row per statement, the reviewer's latest verdict on it.
--
-- 003 made a placeholder table that nothing wrote to; this gives it the shape `outturn
-- review import` needs. Any rows an older database holds are kept ('amend' becomes 'fix').
--   statement_id: facts.statement_id (md5 of doc_id|char_start|char_end|role as extracted).
--   action:       accept (the statement is right), reject (it is not a statement, or is
--                 wrong beyond repair: facts drops it) or fix (the non-NULL columns below
--                 replace the extracted ones in facts).
--   doc_id, doc, value_text, indicator_text: the statement as the reviewer saw it, so a
--                 correction whose statement has gone (an orphan) can still be read and
--                 re-attached by hand.
--   indicator_name: the lexicon's name of indicator_id when the correction was imported.
--   import_id:    the correction_imports row that wrote it (NULL for rows older than 005).
-- No key is declared (see 002): an import deletes and re-inserts the rows it replaces in
-- one transaction; `outturn review import` keeps one row per statement_id.
CREATE TABLE corrections_v5 (
    statement_id   VARCHAR NOT NULL,
    action         VARCHAR NOT NULL CHECK (action IN ('accept', 'reject', 'fix')),
    value          DOUBLE,
    unit           VARCHAR,
    role           VARCHAR,
    period_start   DATE,
    period_end     DATE,
    indicator_id   VARCHAR,
    indicator_name VARCHAR,
    note           VARCHAR,
    reviewer       VARCHAR,
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    import_id      INTEGER,
    doc_id         VARCHAR,
    doc            VARCHAR,
    value_text     VARCHAR,
    indicator_text VARCHAR
);

INSERT INTO corrections_v5
    (statement_id, action, value, unit, role, period_start, period_end, indicator_id,
     note, reviewer, created_at)
SELECT statement_id,
       CASE WHEN action IN ('accept', 'reject', 'fix') THEN action ELSE 'fix' END,
       value, unit, role, period_start, period_end, indicator_id, note, reviewer, created_at
FROM corrections;

DROP TABLE corrections;

ALTER TABLE corrections_v5 RENAME TO corrections;
