"""`python -m tutor_app`, and the installed app's entry: the same as the `tutor-app` command."""

import multiprocessing
import sys

from tutor_app.starter import cache_bytecode, restore_python_signals, run_child_command

if __name__ == "__main__":
    restore_python_signals()
    cache_bytecode()
    run_child_command(sys.argv[1:])  # a packaged app's CAS workers start through here
    multiprocessing.freeze_support()
    from tutor_app.cli import main

    sys.exit(main())
