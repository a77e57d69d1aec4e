"""Shared by ZE101, ZE202 and ZE902: the live source databases of the run, and which engine each runs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zeroetl_lint.model.project import Project

if TYPE_CHECKING:
    from zeroetl_lint.model.catalog import ServerSettings
    from zeroetl_lint.rulebook import EngineFacts


@dataclass(frozen=True, slots=True)
class LiveSource:
    """A database read live (--schema DB=postgresql://...), with the engine facts its settings are held to."""

    database: str
    server: ServerSettings
    facts: EngineFacts | None  # None: the engine is not known, so nothing was compared
    basis: str  # why these facts: "the source of integration Zetl runs Aurora PostgreSQL"


def live_sources(project: Project) -> Iterator[LiveSource]:
    """Each live database with every engine it may run: its integrations' sources, else what the server shows.

    The integrations whose filter names the database by name say which engine its source is. Without
    one, the server itself tells: only Aurora PostgreSQL has aurora_version(), and only RDS and Aurora
    answer rds.logical_replication. A plain PostgreSQL server has neither.
    """
    for schema in project.schemas.values():
        server = schema.catalog.server
        if server is None:
            continue
        found: dict[str, LiveSource] = {}
        for site in project.filters:
            if site.integration is None or schema.database not in site.databases():
                continue
            for source in project.deployment.integration_sources(site.integration):
                if source.facts is not None and source.facts.family == "postgresql":
                    found.setdefault(source.facts.label, LiveSource(
                        schema.database, server, source.facts,
                        f"the integration's source {source.label} runs {source.facts.label}"))
        if found:
            yield from found.values()
            continue
        if server.aurora_version is not None:
            engine, basis = "aurora-postgresql", f"the server reports aurora_version() {server.aurora_version}"
        elif server.setting("rds.logical_replication") is not None:
            engine, basis = "postgres", "the server has RDS settings and no aurora_version()"
        else:
            yield LiveSource(schema.database, server, None, "no integration names it and the server "
                             "shows neither aurora_version() nor rds.logical_replication")
            continue
        facts = project.rulebook.engine(engine)
        yield LiveSource(schema.database, server, facts, f"{basis}, so it is {facts.label}" if facts else basis)
