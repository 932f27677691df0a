-- reconciliation: a council's year-end figure as its papers reported it, beside the value
-- DfE published for the same indicator and year (published_values, from LAIT), with the
-- difference. One row per (council, indicator_id, period_end) where both exist.
--
-- Year-end: an 'actual' statement whose period ends on the date the published figure is
-- at or up to (31 March for financial-year counts and March snapshots, 31 August for
-- academic years, 30 September for the workforce census, ...; see
-- outturn.lexicon.reference.YEAR_ENDS). A figure for part of the year ("Q3 2017/18",
-- "December 2017") is not a year-end figure and is left out, however late in the year;
-- so is a figure for a period that had not ended when its paper was dated ("Year to
-- Date 15/16" in a July 2015 paper is not the 2015/16 outturn).
-- Where a council reports different year-end figures (several papers, a table and the
-- prose), the value reported most often wins, then the one covering the longest period
-- ("2017/18" over "March 2018"), then the most confident; other_values lists the rest.
CREATE OR REPLACE VIEW reconciliation AS
WITH reported AS (
    SELECT
        councils.dfe_code,
        facts.*,
        coalesce(facts.period_end - facts.period_start, 0) AS span_days
    FROM facts
    JOIN councils ON councils.name = facts.council
    WHERE facts.role = 'actual'
      AND facts.indicator_id IS NOT NULL
      AND facts.period_end IS NOT NULL
      AND (facts.doc_date IS NULL OR facts.period_end <= facts.doc_date)
),

agreeing AS (
    SELECT
        *,
        count(*) OVER (PARTITION BY dfe_code, indicator_id, period_end, value) AS same_value
    FROM reported
),

published AS (
    SELECT indicator_id, dfe_code, year, period_end, value
    FROM published_values
),

year_end AS (
    SELECT
        dfe_code,
        council,
        indicator_id,
        any_value(indicator_name)                                                  AS indicator_name,
        period_end,
        arg_max(value, (same_value, span_days, confidence, statement_id))
                                                                                   AS reported,
        arg_max(unit, (same_value, span_days, confidence, statement_id))
                                                                                   AS unit,
        arg_max(period_text, (same_value, span_days, confidence, statement_id))
                                                                                   AS period_text,
        arg_max(evidence, (same_value, span_days, confidence, statement_id))
                                                                                   AS evidence,
        count(*)                                                                   AS statements,
        list(DISTINCT value ORDER BY value)                                        AS reported_values,
        list(DISTINCT doc ORDER BY doc)                                            AS documents
    FROM agreeing
    GROUP BY dfe_code, council, indicator_id, period_end
)

SELECT
    year_end.council,
    year_end.dfe_code,
    year_end.indicator_id,
    year_end.indicator_name,
    published.year,
    year_end.period_end,
    year_end.period_text,
    year_end.unit,
    year_end.reported,
    published.value                                                  AS published,
    round(year_end.reported - published.value, 6)                    AS difference,
    round((year_end.reported - published.value) / nullif(abs(published.value), 0), 6)
                                                                     AS relative_difference,
    year_end.statements,
    list_filter(year_end.reported_values, v -> v <> year_end.reported)        AS other_values,
    year_end.documents,
    year_end.evidence
FROM year_end
JOIN published
  ON published.indicator_id = year_end.indicator_id
 AND published.dfe_code = year_end.dfe_code
 AND published.period_end = year_end.period_end
ORDER BY year_end.council, year_end.indicator_id, year_end.period_end
