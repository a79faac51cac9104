"""Entry script of the PyInstaller bundle (build_installer.spec): the same `fieldapp` command as the venv's."""

from fieldapp.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
