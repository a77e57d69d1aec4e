"""Database URLs: recognise them, and show them without the secrets they may carry."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

SCHEMES = ("postgresql://", "postgres://")
# Query parameters libpq reads secrets from; they never appear in output.
_SECRET_PARAMETERS = frozenset({"password", "sslpassword"})


def is_database_url(text: str) -> bool:
    """True for a libpq connection URI (``postgresql://`` or ``postgres://``)."""
    return text[:13].lower().startswith(SCHEMES)


def _parts(url: str) -> tuple[str, str | None, str, list[tuple[str, str]], str, str]:
    """(scheme, user, host part, query pairs, path, fragment) of a URL, tolerating libpq's host lists."""
    parts = urlsplit(url)
    userinfo, at, hostinfo = parts.netloc.rpartition("@")
    user = unquote(userinfo.partition(":")[0]) if at else None
    query = parse_qsl(parts.query, keep_blank_values=True)
    return parts.scheme, user, hostinfo, query, parts.path, parts.fragment


def public_url(url: str, *, keep_user: bool = False) -> str:
    """The URL without its password (and without the user unless ``keep_user``), for paths and messages.

    Findings name a database by this form, so a baseline keeps matching when only the user or the
    password changes.
    """
    scheme, user, hostinfo, query, path, fragment = _parts(url)
    netloc = hostinfo if not (keep_user and user) else f"{quote(user or '', safe='')}@{hostinfo}"
    kept = [(key, value) for key, value in query if key not in _SECRET_PARAMETERS and (keep_user or key != "user")]
    query_text = urlencode(kept, safe="/:,")
    # Spelled out: urlunsplit drops the "//" of a URL without a host (postgresql:///shop?host=/run/pg).
    return f"{scheme}://{netloc}{path}" + (f"?{query_text}" if query_text else "") + (f"#{fragment}" if fragment else "")


def secrets(url: str) -> tuple[str, ...]:
    """The password-like values in a URL, to scrub from any text that might echo them (driver errors)."""
    parts = urlsplit(url)
    userinfo, at, _ = parts.netloc.rpartition("@")
    found = []
    if at and ":" in userinfo:
        raw = userinfo.partition(":")[2]
        found += [raw, unquote(raw)]
    found += [value for key, value in parse_qsl(parts.query, keep_blank_values=True) if key in _SECRET_PARAMETERS]
    return tuple(value for value in dict.fromkeys(found) if value)


def scrub(text: str, url: str) -> str:
    """Driver text (an error message) with the URL in its public form and every secret of it replaced."""
    text = text.replace(url, public_url(url, keep_user=True))
    for secret in sorted(secrets(url), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
