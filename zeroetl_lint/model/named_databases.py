"""Which source databases the run's data filters name, and which of them no schema input describes."""

from __future__ import annotations

from collections.abc import Container, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zeroetl_lint.model.data_filter.site import FilterSite


def postgres_sites(filters: Iterable[FilterSite]) -> list[FilterSite]:
    """The filters that can select tables of a PostgreSQL schema (the source engine may be unknown)."""
    return [site for site in filters if site.engine in ("postgresql", None)]


def named_databases(sites: Iterable[FilterSite]) -> list[str]:
    """The databases these filters include by name, sorted."""
    return sorted({database for site in sites for database in site.databases()})


def databases_without_schema(filters: Iterable[FilterSite], schemas: Container[str]) -> list[str]:
    """Databases that the run's PostgreSQL filters include by name but no schema input describes."""
    named = named_databases(site for site in filters if site.engine == "postgresql")
    return [database for database in named if database not in schemas]
