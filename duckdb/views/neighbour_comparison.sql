-- neighbour_comparison: a council's reported figure beside the DfE published values of its
-- ten statistical neighbours for the same year. One row per (indicator_id, council,
-- period_end, neighbour_rank), for every period where the council reported an actual.
--
-- "The same year" is the published period the reported figure falls in: the earliest
-- published period_end on or after the reported one and less than a year later (a year-end
-- figure for 2017/18 meets LAIT's 2018; "April 2018" meets the year ending March 2019).
-- published_year/published_period_end say which was used. neighbours_mean is the mean of
-- the neighbours that have a published value (neighbours_published of them); the
-- council's own, its region's and England's published values stand beside it.
CREATE OR REPLACE VIEW neighbour_comparison AS
WITH reported AS (
    SELECT
        comparison.indicator_id,
        comparison.indicator_name,
        comparison.council,
        councils.dfe_code,
        councils.region_code,
        comparison.period_end,
        comparison.unit,
        comparison.actual                            AS reported
    FROM council_comparison AS comparison
    JOIN councils ON councils.name = comparison.council
    WHERE comparison.actual IS NOT NULL
),

published_periods AS (
    SELECT DISTINCT indicator_id, year, period_end
    FROM published_values
),

in_year AS (
    SELECT
        reported.*,
        periods.year                                 AS published_year,
        periods.period_end                           AS published_period_end
    FROM reported
    JOIN published_periods AS periods
      ON periods.indicator_id = reported.indicator_id
     AND periods.period_end >= reported.period_end
     AND periods.period_end < reported.period_end + INTERVAL 1 YEAR
    QUALIFY row_number() OVER (
        PARTITION BY reported.indicator_id, reported.dfe_code, reported.period_end
        ORDER BY periods.period_end, periods.year) = 1
),

england AS (
    SELECT dfe_code FROM lait_areas WHERE area_type = 'england'
),

neighbours AS (
    SELECT
        in_year.*,
        sn.neighbour_rank,
        sn.neighbour_dfe_code,
        neighbour.name                               AS neighbour,
        sn.band,
        theirs.value                                 AS neighbour_published
    FROM in_year
    JOIN statistical_neighbours AS sn ON sn.dfe_code = in_year.dfe_code
    JOIN councils AS neighbour ON neighbour.dfe_code = sn.neighbour_dfe_code
    LEFT JOIN published_values AS theirs
      ON theirs.indicator_id = in_year.indicator_id
     AND theirs.dfe_code = sn.neighbour_dfe_code
     AND theirs.period_end = in_year.published_period_end
)

SELECT
    neighbours.indicator_id,
    neighbours.indicator_name,
    neighbours.council,
    neighbours.dfe_code,
    neighbours.period_end,
    neighbours.unit,
    neighbours.reported,
    neighbours.published_year,
    neighbours.published_period_end,
    own.value                                        AS council_published,
    neighbours.neighbour_rank,
    neighbours.neighbour,
    neighbours.neighbour_dfe_code,
    neighbours.band,
    neighbours.neighbour_published,
    round(avg(neighbours.neighbour_published) OVER per_period, 6)    AS neighbours_mean,
    count(neighbours.neighbour_published) OVER per_period            AS neighbours_published,
    region.value                                     AS region_published,
    nation.value                                     AS england_published
FROM neighbours
LEFT JOIN published_values AS own
  ON own.indicator_id = neighbours.indicator_id
 AND own.dfe_code = neighbours.dfe_code
 AND own.period_end = neighbours.published_period_end
LEFT JOIN published_values AS region
  ON region.indicator_id = neighbours.indicator_id
 AND region.dfe_code = neighbours.region_code
 AND region.period_end = neighbours.published_period_end
LEFT JOIN published_values AS nation
  ON nation.indicator_id = neighbours.indicator_id
 AND nation.dfe_code = (SELECT dfe_code FROM england)
 AND nation.period_end = neighbours.published_period_end
WINDOW per_period AS (PARTITION BY neighbours.indicator_id, neighbours.dfe_code, neighbours.period_end)
ORDER BY neighbours.indicator_id, neighbours.council, neighbours.period_end DESC, neighbours.neighbour_rank
