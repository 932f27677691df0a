-- corrections: a reviewer's verdicts on statements, applied over facts by a later view.
-- Empty until reviewer corrections are imported (a later issue fills it).
--   action: what the reviewer did, e.g. 'reject' or 'amend'; the other columns hold the
--           amended values (NULL = keep the extracted one).
CREATE TABLE corrections (
    statement_id VARCHAR NOT NULL,   -- facts.statement_id
    action       VARCHAR NOT NULL,
    value        DOUBLE,
    unit         VARCHAR,
    role         VARCHAR,
    period_start DATE,
    period_end   DATE,
    indicator_id VARCHAR,
    note         VARCHAR,
    reviewer     VARCHAR,
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);
