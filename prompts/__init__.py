"""The model prompts (Jinja2 templates). This folder ships as the package `briefing.prompts`."""
