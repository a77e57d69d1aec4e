"""Allow `python -m zeroetl_lint`."""

from zeroetl_lint.cli import main

main()
