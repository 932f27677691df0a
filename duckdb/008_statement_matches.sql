-- statement_matches: how the matcher judged each statement's indicator phrase at ingest,
-- which the statements table (the export contract) has no column for. Replaced with the
-- document's statements. Statements ingested before 008 have no row: `outturn review
-- export` then derives the status from match_score alone.
--   status:       auto | needs_review | unmatched (outturn.lexicon.match.STATUSES);
--                 unmatched also when the statement has no indicator phrase.
--   runner_up_id: the second-best indicator; margin: the best score's lead over it.
CREATE TABLE statement_matches (
    statement_id VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('auto', 'needs_review', 'unmatched')),
    runner_up_id VARCHAR,
    margin       DOUBLE
);
