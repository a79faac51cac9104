"""The assessment editor, generated from the form definition (fieldapp.domain.forms)."""
