"""Entry script of the PyInstaller build: the same ``marginalia`` command as the wheel's console script.

``multiprocessing.freeze_support()`` comes first: the importer cleans files in worker processes
started with ``forkserver``/``spawn``, and in a frozen app those children re-run this executable,
which must then act as the worker instead of starting the CLI or the window.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from marginalia.cli import main

    sys.exit(main())
