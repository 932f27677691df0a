-- facts: every extracted statement with a stable statement_id and its document, with
-- reviewers' verdicts applied.
-- statement_id = md5(doc_id|char_start|char_end|role): it survives re-extraction as long
-- as the value is found at the same place in the same bytes, so reviewer corrections
-- are keyed on it and applied here: a rejected statement is left out; a fix replaces
-- value, unit, role, period_start, period_end and indicator_id where it gives them. A
-- learned alias (same folded phrase, same unit) sets indicator_id where no fix does.
-- indicator_source says where indicator_id came from: matcher | learned_alias | correction.
CREATE OR REPLACE VIEW facts AS
WITH source_statements AS (
    SELECT * FROM statements
),

source_documents AS (
    SELECT
        doc_id,
        path              AS doc_path,
        format            AS doc_format,
        title             AS doc_title,
        date              AS doc_date,
        url               AS doc_url,
        extractor_version
    FROM documents
    WHERE status = 'ok'
),

keyed AS (
    SELECT
        md5(concat_ws('|', doc_id, char_start, char_end, role)) AS statement_id,
        *,
        trim(regexp_replace(lower(indicator_text), '[^a-z0-9]+', ' ', 'g')) AS phrase_key
    FROM source_statements
),

identified AS (
    SELECT
        keyed.* EXCLUDE (phrase_key) REPLACE (
            coalesce(verdict.value, keyed.value)                AS value,
            coalesce(verdict.unit, keyed.unit)                  AS unit,
            coalesce(verdict.role, keyed.role)                  AS role,
            coalesce(verdict.period_start, keyed.period_start)  AS period_start,
            coalesce(verdict.period_end, keyed.period_end)      AS period_end,
            coalesce(verdict.indicator_id, learned.indicator_id, keyed.indicator_id)
                                                                AS indicator_id,
            coalesce(verdict.indicator_name, learned.indicator_name, keyed.indicator_name)
                                                                AS indicator_name
        ),
        CASE WHEN verdict.indicator_id IS NOT NULL THEN 'correction'
             WHEN learned.indicator_id IS NOT NULL THEN 'learned_alias'
             WHEN keyed.indicator_id IS NOT NULL THEN 'matcher'
        END                                                     AS indicator_source,
        verdict.action                                          AS review_action,
        verdict.reviewer                                        AS reviewed_by,
        verdict.note                                            AS review_note
    FROM keyed
    LEFT JOIN corrections AS verdict USING (statement_id)
    LEFT JOIN learned_aliases AS learned
        ON learned.phrase_key = keyed.phrase_key
       AND learned.indicator_unit = coalesce(verdict.unit, keyed.unit)
)

SELECT
    identified.*,
    source_documents.* EXCLUDE (doc_id)
FROM identified
JOIN source_documents USING (doc_id)
WHERE identified.review_action IS DISTINCT FROM 'reject'
