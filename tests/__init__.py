"""The briefing test suite."""
