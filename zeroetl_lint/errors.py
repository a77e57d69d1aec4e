"""The one exception the core raises for the user: a usage or configuration error (exit status 2)."""


class UsageError(Exception):
    """A problem with how zeroetl-lint was invoked or configured; the CLI prints it on one line."""
