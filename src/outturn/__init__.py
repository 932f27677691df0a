"""outturn: children's services performance figures from council committee papers.

The package keeps the repository's designed layout: ``extractors/`` installs as
:mod:`outturn.extractors`, ``flows/`` as :mod:`outturn.flows`, ``lexicon/`` as
:mod:`outturn.lexicon` and the SQL in ``duckdb/`` as :mod:`outturn.sql`.
"""

__version__ = "0.1.0"
