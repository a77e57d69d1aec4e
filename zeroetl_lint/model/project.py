"""The Project: everything one run reads, joined into the model that rules check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from zeroetl_lint.model.data_filter.site import FilterSite
from zeroetl_lint.model.deployment import Deployment
from zeroetl_lint.model.problems import Problem

if TYPE_CHECKING:
    from zeroetl_lint.model.directives import SqlDirective
    from zeroetl_lint.model.iam import PolicyVerdicts
    from zeroetl_lint.model.schemas import SchemaAnalysis, SchemaInput
    from zeroetl_lint.model.vocabulary import Vocabulary
    from zeroetl_lint.rulebook import Rulebook


@dataclass
class Project:
    """The inputs of one run as rules see them."""

    rulebook: Rulebook
    deployment: Deployment = field(default_factory=Deployment)
    files: int = 0
    # What reading the inputs could not give the rules, in the order met; the engine reports each
    # under the rule that declares its kind.
    problems: list[Problem] = field(default_factory=list)
    filters: list[FilterSite] = field(default_factory=list)
    # Suppression comments of every SQL file read, with the lines they cover.
    sql_directives: list[SqlDirective] = field(default_factory=list)
    # Every file the run read as an input (templates, manifests, SQL, filters), so that no report
    # or baseline is ever written over one of them.
    inputs: list[str] = field(default_factory=list)
    # The words of each input kind given (a Terraform file that cannot be parsed still is one), in the
    # order read: what the summary says when there is no stack to ask.
    vocabularies: list[Vocabulary] = field(default_factory=list)
    # Problems with the run's setup that are not findings (an invalid .gitignore line): "where: what".
    warnings: list[str] = field(default_factory=list)
    # Source schemas by database name; filled when SQL is given (see artifacts/load/schemas.py).
    schemas: dict[str, SchemaInput] = field(default_factory=dict)
    # What every schema rule asks (which tables replicate, what their column types are), built by
    # the loader over the schemas and filters above and answered once on first use; None without SQL.
    schema_analysis: SchemaAnalysis | None = None
    _policy_verdicts: PolicyVerdicts | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def policy_verdicts(self) -> PolicyVerdicts:
        """The verdicts on the deployment's resource policies, evaluated on first use and shared by every rule."""
        from zeroetl_lint.model.iam import PolicyVerdicts

        verdicts = self._policy_verdicts
        if verdicts is None or verdicts.deployment is not self.deployment:
            # Built for the deployment as it is now: a caller that swaps the deployment gets fresh verdicts.
            verdicts = self._policy_verdicts = PolicyVerdicts(self.deployment, self.rulebook.targets.authorization)
        return verdicts
