"""The desktop app (PySide6). Only fieldapp/ui/qt.py imports the binding; everything else imports from it."""
