-- facts: every extracted statement with a stable statement_id and its document.
-- statement_id = md5(doc_id|char_start|char_end|role): it survives re-extraction as long
-- as the value is found at the same place in the same bytes, so reviewer corrections
-- (issue 6) can be keyed on it and applied here.
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

identified AS (
    SELECT
        md5(concat_ws('|', doc_id, char_start, char_end, role)) AS statement_id,
        *
    FROM source_statements
)

SELECT
    identified.*,
    source_documents.* EXCLUDE (doc_id)
FROM identified
JOIN source_documents USING (doc_id)
