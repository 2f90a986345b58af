"""`python -m tutor_app`: the same as the `tutor-app` command."""

import multiprocessing
import sys

from tutor_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen build's CAS workers start through this entry
    sys.exit(main())
