"""Named exceptions. The CLI turns every OpenEventsError into `Error: …` and exit code 1."""


class OpenEventsError(Exception):
    """Base class of every error OpenEvents raises on purpose."""


class ConfigError(OpenEventsError):
    """A setting or command-line option is invalid."""


class DictionaryError(OpenEventsError):
    """One or more dictionary entries are malformed; the message lists them as file:line: problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} malformed dictionary entr{'y' if len(problems) == 1 else 'ies'}:\n{shown}{more}")


class CoderInputError(OpenEventsError):
    """The parsed-sentence table given to the coder is malformed."""


class SchemaError(OpenEventsError):
    """A schema file is malformed or a frame does not conform to its schema."""


class IngestError(OpenEventsError):
    """An input source cannot be read at all (a bad record is quarantined instead)."""


class StoreError(OpenEventsError):
    """The lake or the catalog cannot be read or written."""


class ValidationFailed(OpenEventsError):
    """Validation could not run (failing rows are quarantined, not raised)."""


class QueryError(OpenEventsError):
    """An ad-hoc query failed."""


class ReleaseError(OpenEventsError):
    """A release cannot be built, verified or published."""
