-- council_comparison: one row per (indicator_id, council, period_end), the council's own
-- figure beside the comparators it reported for the same period. Where a council reports
-- the same figure more than once (several papers, a table and the prose), the most
-- confident statement wins. `documents` lists where the numbers came from. Other roles
-- (previous, change, tolerance, benchmark_other) stay in facts.
CREATE OR REPLACE VIEW council_comparison AS
WITH matched AS (
    SELECT *
    FROM facts
    WHERE indicator_id IS NOT NULL
      AND role IN ('actual', 'target', 'national', 'regional', 'statistical_neighbour')
),

compared AS (
    SELECT
        indicator_id,
        any_value(indicator_name)                                            AS indicator_name,
        council,
        period_end,
        arg_max(unit, confidence)  FILTER (WHERE role = 'actual')            AS unit,
        arg_max(value, confidence) FILTER (WHERE role = 'actual')            AS actual,
        arg_max(value, confidence) FILTER (WHERE role = 'target')            AS target,
        arg_max(value, confidence) FILTER (WHERE role = 'national')          AS national,
        arg_max(value, confidence) FILTER (WHERE role = 'regional')          AS regional,
        arg_max(value, confidence) FILTER (WHERE role = 'statistical_neighbour')
                                                                             AS statistical_neighbour,
        count(*)                                                             AS statements,
        list(DISTINCT doc ORDER BY doc)                                      AS documents
    FROM matched
    GROUP BY indicator_id, council, period_end
)

SELECT *
FROM compared
ORDER BY indicator_id, period_end DESC NULLS LAST, council
