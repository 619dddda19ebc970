"""Shared test helpers: factories built on services, the live server process, and the browser with axe-core."""
