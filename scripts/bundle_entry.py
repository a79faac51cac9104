"""Entry script of the PyInstaller bundle (build_installer.spec): the same `fieldapp` command as the venv's."""

import multiprocessing

from fieldapp.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the pull's blind-token worker (store.blindpool) is spawned from this file
    raise SystemExit(main())
