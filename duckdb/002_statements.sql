-- statements: exactly the export contract (outturn.extractors.models.STATEMENT_FIELDS),
-- in order. A document's statements are replaced as a whole when it is re-extracted.
--
-- In practice a statement is identified by (doc_id, char_start, char_end, role); the
-- facts view turns that into statement_id. It is not declared a key: DuckDB checks
-- unique keys eagerly, which would reject a delete and re-insert of the same rows in one
-- transaction.
CREATE TABLE statements (
    doc            VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    council        VARCHAR,
    page           INTEGER,
    char_start     INTEGER NOT NULL,
    char_end       INTEGER NOT NULL,
    evidence       VARCHAR NOT NULL,
    value_text     VARCHAR NOT NULL,
    value          DOUBLE NOT NULL,
    unit           VARCHAR NOT NULL,
    role           VARCHAR NOT NULL,
    indicator_text VARCHAR,
    indicator_id   VARCHAR,
    indicator_name VARCHAR,
    match_score    DOUBLE,
    period_text    VARCHAR,
    period_start   DATE,
    period_end     DATE,
    source         VARCHAR NOT NULL,
    confidence     DOUBLE NOT NULL
);
