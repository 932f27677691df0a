"""The canonical indicator lexicon, the council register and phrase matching."""
