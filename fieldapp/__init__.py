"""fieldapp: offline-first household assessments for social researchers."""

__version__ = "0.1.0"
