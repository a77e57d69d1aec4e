"""Turn the collected input files into a Project: templates into the deployment model, filters into sites."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from zeroetl_lint.artifacts.cloudformation.loader import LoadProblem, ParseCache
from zeroetl_lint.artifacts.cloudformation.template import Template, link_templates, parse_template
from zeroetl_lint.artifacts.cloudformation.build import Templates
from zeroetl_lint.artifacts.cloudformation.words import CLOUDFORMATION_WORDS
from zeroetl_lint.model.intended import Named
from zeroetl_lint.artifacts.files.discover import InputFiles, TemplateFile
from zeroetl_lint.artifacts.files.regular import read_bytes
from zeroetl_lint.artifacts.files.root import Root
from zeroetl_lint.artifacts.load.schemas import load_schemas, schema_analysis
from zeroetl_lint.artifacts.data_filter.parser import parse_filter
from zeroetl_lint.findings import Location
from zeroetl_lint.model.assembly import Assembly, Declared
from zeroetl_lint.model.data_filter.site import FilterSite
from zeroetl_lint.model.problems import Problem, ProblemKind
from zeroetl_lint.model.project import Project

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.postgres.limits import Limits
    from zeroetl_lint.rulebook import Rulebook


class LoadOptions(Protocol):
    """What loading needs of the run's options (the engine's LintOptions is one)."""

    @property
    def filter(self) -> str | None: ...  # --filter: a data filter to lint as well

    @property
    def schemas(self) -> Mapping[str, tuple[str, ...]]: ...  # database -> schema SQL paths or URLs

    @property
    def database_limits(self) -> Limits: ...

    @property
    def var_files(self) -> tuple[str, ...]: ...  # Terraform variable files

    @property
    def sources(self) -> tuple[str, ...]: ...  # resources named as intended sources and targets

    @property
    def targets(self) -> tuple[str, ...]: ...

    @property
    def parse_cache(self) -> bool: ...  # False (--no-cache): nothing read from or written to the cache directory

_PARSE_FIX = "Fix the syntax at this position; the rest of the run went on without this file."
# Duplicate keys and the like: the file was read (the last value wins) and checked, but CloudFormation
# would reject it.
_REJECTED_FIX = "Fix it at this position: CloudFormation rejects the template; the rest of it was still checked."
_NOT_TEXT_FIX = "Remove the file from the paths given to zeroetl-lint, or add it to the `exclude` setting."


def read_text(path: str, data: bytes) -> tuple[str | None, Problem | None]:
    """Decode a file by the policy every input shares (text_files.py): UTF-8, or UTF-16/32 with a BOM;
    anything else is a parse problem, not a crash."""
    from zeroetl_lint.artifacts.files.text import NotText, decode

    text = decode(data)
    if not isinstance(text, NotText):
        return text, None
    return None, Problem(ProblemKind.UNREADABLE, text.message(path),
                         _NOT_TEXT_FIX if text.binary else "Save the file as UTF-8.",
                         Location(path, text.line, text.column), path)


def load_text(path: Path, shown: str, cache: InputCache | None = None) -> tuple[str | None, Problem | None]:
    """An input file's text: the run's overlay text for it (an editor's buffer), else its decoded bytes.

    Raises OSError when the file has to be read and cannot be.
    """
    from zeroetl_lint.artifacts.files.text import overlay_text

    text = overlay_text(path)
    if text is not None:
        return text, None
    data = read_bytes(path)
    return read_text(shown, data) if cache is None else cache.decoded(shown, data)


class InputCache:
    """What a long-lived process (the language server) keeps of one run for the next, so that a run
    after an edit re-does only the edited files' work: parsed documents by text, and templates (parsed,
    indexed, with the properties already looked up in them) by everything they are built from.

    Each run keeps only what it used, which bounds the memory to one run's worth; so a cache serves the
    runs of one folder, one at a time (lints of several folders, as from threads, each take their own).
    ``across_runs=False`` serves a single run (the command line's): its templates do not remember the
    properties found in them, which no later run would ask for again.
    """

    def __init__(self, *, across_runs: bool = True) -> None:
        self.across_runs = across_runs
        self.parses = ParseCache()
        self._kept: dict[tuple[object, ...], tuple[Template | None, tuple[LoadProblem, ...]]] = {}
        self._used: dict[tuple[object, ...], tuple[Template | None, tuple[LoadProblem, ...]]] = {}
        self._texts: dict[tuple[str, bytes], tuple[str | None, Problem | None]] = {}
        self._texts_used: dict[tuple[str, bytes], tuple[str | None, Problem | None]] = {}

    @contextmanager
    def run(self) -> Iterator[None]:
        """Serve the block's run from the cache; afterwards keep only what it used."""
        try:
            with self.parses.run():
                yield
        finally:
            self._kept, self._used = self._used, {}
            self._texts, self._texts_used = self._texts_used, {}

    def decoded(self, shown: str, data: bytes) -> tuple[str | None, Problem | None]:
        """read_text(shown, data), decoded once for as long as the file's bytes stay the same."""
        key = (shown, data)
        found = self._texts_used.get(key) or self._texts.get(key) or read_text(shown, data)
        self._texts_used[key] = found
        return found

    def template(self, file: TemplateFile, shown: str, text: str,
                 json_like: bool) -> tuple[Template | None, tuple[LoadProblem, ...]]:
        """The template of a file's text, as parse_template gives it, with the stack environment of file."""
        key = (shown, text, json_like, file.region, file.account, file.cdk_paths, file.stack_name, file.assembly)
        found = self._kept.get(key) if key not in self._used else None  # one template object per file of a run
        if found is None:
            template, problems = parse_template(shown, text, json_like=json_like)
            if template is not None:
                template.region, template.account = file.region, file.account
                template.cdk_paths = dict(file.cdk_paths)
                template.stack_name = file.stack_name
                template.assembly = str(file.assembly) if file.assembly is not None else None
                template.remembers = self.across_runs
            found = template, problems
        self._used[key] = found
        return found


def _unreadable(shown: str, error: OSError) -> Problem:
    return Problem(ProblemKind.UNREADABLE, f"cannot read {shown}: {error.strerror}", "Check the path and permissions.",
                   Location(shown), shown)


def _looks_like_template(text: str) -> bool:
    return "Resources" in text or "AWSTemplateFormatVersion" in text


def load_templates(files: list[TemplateFile], project: Project, root: Root, plans: list[tuple[str, str]] | None = None,
                   cache: InputCache | None = None) -> list[Template]:
    """Parse the template files, shown relative to root; Terraform plan JSON (recognised by content) goes to
    plans as (path, text).

    ``cache`` hands back the templates of files unchanged since its previous run.
    """
    # A run without a cache keeps no bytes, only templates.
    parsed = cache if cache is not None else InputCache(across_runs=False)
    templates: list[Template] = []
    for file in files:
        shown = root.shown(file.path)
        if file.missing_from is not None:
            manifest = root.shown(file.missing_from)
            project.problems.append(Problem(
                ProblemKind.UNRESOLVED,
                f"{manifest} names the stack template {file.path.name}, which is missing; its resources were not checked",
                "Run `cdk synth` again, or lint the directory that holds every template of the assembly.",
                Location(manifest), manifest))
            continue
        try:
            text, problem = load_text(file.path, shown, cache)
        except OSError as error:
            project.problems.append(_unreadable(shown, error))
            continue
        if file.explicit:
            project.inputs.append(str(file.path))
        if text is None:
            if file.explicit and problem is not None:
                project.problems.append(problem)
                project.files += 1
            continue
        json_like = file.path.suffix.lower() == ".json" or text.lstrip().startswith("{")
        if json_like and plans is not None and _looks_like_plan(text):
            plans.append((shown, text))
            project.inputs.append(str(file.path))
            continue
        template, problems = parsed.template(file, shown, text, json_like)
        if template is not None:
            templates.append(template)
            project.files += 1
        if not file.explicit and (template is not None or (problems and _looks_like_template(text))):
            # A walked JSON file that is no template (an old report) is not an input worth guarding.
            project.inputs.append(str(file.path))
        if problems and (template is not None or file.explicit or _looks_like_template(text)):
            if template is None:
                project.files += 1
            for found in problems:
                project.problems.append(Problem(
                    ProblemKind.UNREADABLE,
                    message=f"{shown}: {found.message}" if template is not None else f"{shown} cannot be parsed: {found.message}",
                    fix=_REJECTED_FIX if template is not None else _PARSE_FIX,
                    location=Location(shown, found.line, found.column, found.line, found.column),
                    object=shown,
                ))
    return templates


def load_inputs(files: InputFiles, options: LoadOptions, rulebook: Rulebook, root: Root,
                cache: InputCache | None = None) -> Project:
    """The run's Project from its collected files; relative paths in options mean paths below root, and
    findings show paths relative to it."""
    project = Project(rulebook=rulebook)
    project.warnings.extend(files.warnings)
    project.inputs.extend(str(manifest) for manifest in files.manifests)
    project.inputs.extend(str(path) for path in (*files.terraform, *files.var_files))
    for found in files.problems:
        project.problems.append(Problem(ProblemKind.UNREADABLE, found.message, found.fix, Location(found.path),
                                        found.path))
    plans: list[tuple[str, str]] = []
    templates = load_templates(files.templates, project, root, plans, cache)
    if project.files:  # a template counts once it is read or reported unreadable; a plan is counted with Terraform
        project.vocabularies.append(CLOUDFORMATION_WORDS)
    link_templates(templates)
    # Each input names its clusters' and instances' identifiers first, so that an ARN in any input
    # finds them; then each declares its model objects, and the assembly joins them.
    assembly = Assembly(rulebook, Named(options.sources, options.targets))
    read = Templates.of(templates)
    read.identify(assembly)
    declared: list[Callable[[], Declared]] = [lambda: read.declare(assembly)]
    if files.terraform or plans:
        declared.append(_load_terraform(files, options, project, plans, root, assembly))
    project.deployment = assembly.deployment([declare() for declare in declared])
    project.filters.extend(integration_filter_sites(project))
    if options.filter is not None:
        project.filters.append(FilterSite(parse_filter(options.filter), "postgresql", Location(None), "--filter"))
    for path in files.filters:
        shown = root.shown(path)
        project.files += 1
        project.inputs.append(str(path))
        try:
            text, problem = load_text(path, shown)
        except OSError as error:
            project.problems.append(_unreadable(shown, error))
            continue
        if text is None:
            if problem is not None:
                project.problems.append(problem)
            continue
        project.filters.append(_filter_file_site(shown, text))
    load_schemas(project, options.schemas, files.sql, root, options.database_limits)
    project.inputs.extend(str(path) for path in files.sql)
    project.schema_analysis = schema_analysis(project)
    return project


def _looks_like_plan(text: str) -> bool:
    from zeroetl_lint.artifacts.terraform.plan import looks_like_plan

    return looks_like_plan(text)


def _load_terraform(files: InputFiles, options: LoadOptions, project: Project, plans: list[tuple[str, str]],
                    root: Root, assembly: Assembly) -> Callable[[], Declared]:
    """Terraform root modules and plans, their identifiers told to the assembly, and what declares their model
    objects; python-hcl2 is imported only when .tf files are given."""
    from zeroetl_lint.artifacts.terraform.build import Configuration
    from zeroetl_lint.artifacts.terraform.load import load_terraform, merge_plans
    from zeroetl_lint.artifacts.terraform.words import TERRAFORM_WORDS

    project.vocabularies.append(TERRAFORM_WORDS)

    def decode(path: Path, shown: str) -> str | None:
        text, problem = load_text(path, shown)
        if problem is not None:
            project.problems.append(problem)
        return text

    var_files = [*files.var_files, *(root.path(path) for path in options.var_files)]
    found = load_terraform(files.terraform, var_files, decode, root.shown, os.environ, disk_cache=options.parse_cache)
    merge_plans(found, plans)
    project.files += len(found.files) + len(plans)
    for problem in found.problems:
        project.problems.append(Problem(ProblemKind.UNREADABLE, problem.message, _PARSE_FIX,
                                        Location(problem.path, problem.line, problem.column,
                                                 problem.line, problem.column), problem.path))
    configuration = Configuration.of(found.stacks, found.resources)
    configuration.identify(assembly)
    return lambda: configuration.declare(assembly)


def _filter_file_site(shown: str, text: str) -> FilterSite:
    """A .filter file holds one expression; trailing line breaks are not part of it."""
    expression = text.rstrip("\r\n")
    lines = expression.split("\n")

    def position_of(offset: int) -> tuple[int, int] | None:
        consumed = 0
        for number, line in enumerate(lines, start=1):
            if offset <= consumed + len(line):
                return number, offset - consumed + 1
            consumed += len(line) + 1
        return None

    end_column = len(lines[-1]) or 1
    return FilterSite(parse_filter(expression), "postgresql", Location(shown, 1, 1, len(lines), end_column), shown,
                      position_of=position_of)


def integration_filter_sites(project: Project) -> list[FilterSite]:
    """One site per RDS integration whose filter (or lack of one) can be judged."""
    sites = []
    deployment = project.deployment
    for integration in deployment.integrations:
        if integration.resource_type != "rds":
            continue
        families = {source.facts.family for source in deployment.integration_sources(integration) if source.facts}
        engine = families.pop() if len(families) == 1 else None
        prop = integration.data_filter
        if prop is None:
            sites.append(FilterSite(None, engine, integration.resource.location,
                                    integration.data_filter_object, integration))
            continue
        text = prop.text()
        if text is None:
            continue  # computed filter: ZE902 reports it
        sites.append(FilterSite(parse_filter(text), engine, prop.location, prop.object, integration, prop.position_of))
    return sites
