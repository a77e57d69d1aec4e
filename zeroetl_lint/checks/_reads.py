"""Which integrations some rules read: the conditions of their ``Read("integration", ...)`` declarations."""

from __future__ import annotations

from zeroetl_lint.model.deployment import Integration
from zeroetl_lint.rulebook import Rulebook


def rds_integration(integration: Integration, _: Rulebook) -> bool:
    """An integration from Aurora or RDS: the only kind whose source ARN is checked as one and whose filter is read."""
    return integration.resource_type == "rds"


def redshift_integration(integration: Integration, _: Rulebook) -> bool:
    """An integration created as a Redshift one, whose sources are judged by their kind."""
    return integration.resource_type == "redshift"


def filtered_rds_integration(integration: Integration, rulebook: Rulebook) -> bool:
    """An Aurora or RDS integration with a data filter: what the filter rules that depend on its source read."""
    return rds_integration(integration, rulebook) and integration.data_filter is not None
