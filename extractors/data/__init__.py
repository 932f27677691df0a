"""Validated rule data (patterns, cue words, period vocabularies) for the extractors.

Load with :func:`importlib.resources.files`, never with a path relative to ``__file__``.
"""
