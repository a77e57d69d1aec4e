"""How long a live database read may take; light enough for LintOptions to hold by default."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """libpq's connect timeout and the server's statement_timeout for every catalog query, in seconds."""

    connect_timeout: float = 5.0
    statement_timeout: float = 10.0
