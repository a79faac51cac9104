"""Headless sub-commands of `fieldapp` (see fieldapp/cli.py)."""
