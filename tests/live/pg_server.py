"""A throwaway PostgreSQL server for the tests and the bench: initdb into a temporary directory, unix socket only.

initdb refuses to run as root, so as root the server runs as an unprivileged user (``postgres`` when
the distribution's package created it, else ``nobody``) that owns the temporary directory.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

# A role that must give a password, for the authentication tests; every other local role is trusted.
PASSWORD_ROLE = "pwuser"
PASSWORD = "s3cr3t-Pa55"
HBA = f"local all {PASSWORD_ROLE} scram-sha-256\nlocal all all trust\n"


def server_binaries() -> Path | None:
    """The directory holding initdb and pg_ctl (Debian: /usr/lib/postgresql/N/bin), or None."""
    candidates = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(found.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    for directory in candidates:
        if directory and all((Path(directory) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(directory)
    return None


def _server_user() -> str | None:
    """Who runs initdb and postgres: None for the current user, unless that is root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root, and there is no unprivileged user (postgres, nobody) to run PostgreSQL")


@dataclass
class Server:
    bindir: Path
    root: Path  # data directory, socket and log live here
    user: str | None

    @classmethod
    def start(cls, bindir: Path) -> Server:
        user = _server_user()
        root = Path(tempfile.mkdtemp(prefix="zeroetl-pg-"))
        server = cls(bindir, root, user)
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        try:
            server._as_owner([str(bindir / "initdb"), "-D", str(server.data), "-A", "trust", "-U", "postgres",
                              "-E", "UTF8", "--locale=C", "--no-sync"])
            (server.data / "pg_hba.conf").write_text(HBA)
            options = (f"-k {root} -c listen_addresses='' -c fsync=off -c full_page_writes=off "
                       "-c synchronous_commit=off -c max_connections=40")
            server._as_owner([str(bindir / "pg_ctl"), "-D", str(server.data), "-l", str(root / "server.log"),
                              "-w", "-t", "60", "-o", options, "start"])
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        server.psql("postgres", f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
        return server

    @property
    def data(self) -> Path:
        return self.root / "data"

    def stop(self) -> None:
        try:
            self._as_owner([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _as_owner(self, command: list[str]) -> None:
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr or done.stdout}")

    def url(self, database: str, user: str = "postgres", password: str | None = None) -> str:
        """A libpq URL that reaches the server through its socket directory."""
        credentials = user + (f":{quote(password, safe='')}" if password else "")
        return f"postgresql://{credentials}@/{database}?host={quote(str(self.root), safe='')}"

    def client(self, tool: str, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run psql, pg_dump, ... against the server as the superuser."""
        command = [str(self.bindir / tool), "-h", str(self.root), "-U", "postgres", *arguments]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(arguments)} failed: {done.stderr}")
        return done

    def psql(self, database: str, sql: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.client("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql, check=check)

    def load(self, database: str, path: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Create the database and run a SQL file in it (stopping at the first error)."""
        self.psql("postgres", f'CREATE DATABASE "{database}"')
        return self.client("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", str(path),
                           check=check)
