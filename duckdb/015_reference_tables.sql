-- Reference tables: the council register and DfE's published figures, loaded from the
-- data files shipped in outturn.lexicon (outturn.reference_tables loads them on migrate,
-- and again whenever a shipped file's checksum changes; nobody writes them otherwise).
--   reference_tables:       one row per loaded table: the files it came from, their combined
--                           sha256 and the row count.
--   councils:               lexicon/councils.csv, the 153 councils with children's services;
--                           region_code from lait_areas.csv. Joins facts.council to dfe_code.
--   lait_areas:             lexicon/lait_areas.csv, every area LAIT publishes figures for:
--                           councils ('la'), regions ('region') and England ('england').
--   published_values:       lexicon/published_values.csv, DfE's value of a lexicon indicator
--                           for an area and year (period_end: the date it is at or up to).
--   statistical_neighbours: lexicon/statistical_neighbours.csv, each council's 10 nearest
--                           councils (DfE, May 2025), rank 1 the closest.
CREATE TABLE reference_tables (
    name      VARCHAR PRIMARY KEY,
    sources   VARCHAR[] NOT NULL,
    checksum  VARCHAR NOT NULL,
    rows      INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE councils (
    dfe_code    VARCHAR PRIMARY KEY,
    ons_code    VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    region_code VARCHAR
);

CREATE TABLE lait_areas (
    dfe_code    VARCHAR PRIMARY KEY,
    area        VARCHAR NOT NULL,
    area_type   VARCHAR NOT NULL CHECK (area_type IN ('la', 'region', 'england')),
    region_code VARCHAR
);

CREATE TABLE published_values (
    indicator_id VARCHAR NOT NULL,
    measure      VARCHAR NOT NULL,
    dfe_code     VARCHAR NOT NULL,
    year         VARCHAR NOT NULL,
    period_end   DATE NOT NULL,
    value        DOUBLE NOT NULL
);

CREATE TABLE statistical_neighbours (
    dfe_code           VARCHAR NOT NULL,
    neighbour_rank     INTEGER NOT NULL CHECK (neighbour_rank BETWEEN 1 AND 10),
    neighbour_dfe_code VARCHAR NOT NULL,
    band               VARCHAR NOT NULL
);
