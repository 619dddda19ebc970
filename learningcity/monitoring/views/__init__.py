"""Monitoring pages, all served from the latest stored snapshot (see `selectors`)."""
