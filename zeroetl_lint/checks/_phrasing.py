"""What several rules say alike: how they name things, and saying each finding once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from zeroetl_lint.findings import Location, Violation
from zeroetl_lint.model.deployment import ParameterGroup, Source
from zeroetl_lint.model.vocabulary import Vocabulary

# How messages name a source's parameter group, by the kind of source.
GROUP_NOUN = {"cluster": "DB cluster parameter group", "instance": "DB parameter group"}


def group_label(group: ParameterGroup, source: Source) -> str:
    """A source's parameter group in messages; for an intended source, also whose it is and why that counts."""
    if source.intended:
        return f"{group.resource.label}, the parameter group of {source.label}"
    return group.resource.label


def swapped(words: Vocabulary, target: str) -> str:
    """The fix of a source ARN and a target ARN given the other way round."""
    source_arn, target_arn = words.name("source_arn"), words.name("target_arn")
    return (f"{source_arn} and {target_arn} look swapped: {source_arn} names the Aurora/RDS database, "
            f"{target_arn} the {target}.")


def once(violations: Iterable[Violation]) -> Iterator[Violation]:
    """Drop repeats of a finding at the same object and place (a group shared by two sources)."""
    seen: set[tuple[str, Location]] = set()
    for violation in violations:
        key = (violation.object, violation.location)
        if key not in seen:
            seen.add(key)
            yield violation
