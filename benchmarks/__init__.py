"""Benchmarks: commands that print figures. Run from the repository root."""
