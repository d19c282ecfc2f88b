"""Markdown reports: the data each report shows, and its rendering through Jinja2 templates."""
