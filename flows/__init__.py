"""Prefect flows: discover, read, extract, match, load. Orchestration only."""
