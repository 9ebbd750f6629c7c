"""The sources config (TOML, documented in examples/sources.toml) and the factory that turns it into sources.

Adding a source type means one entry in SOURCE_TYPES: the flow never changes.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from openevents.errors import ConfigError
from openevents.ingest.dedup import DedupSettings
from openevents.ingest.http import HttpFetcher, HttpSettings, is_fetchable
from openevents.ingest.sources import LocalFileSource, Source, SourceContext
from openevents.ingest.warc import WarcSource
from openevents.ingest.web import FeedSource, WebSource


@dataclass(frozen=True)
class SourceSpec:
    """One `[[sources]]` entry: its type, its name and its other keys."""

    type: str
    name: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourcesConfig:
    """Everything the ingest stage is configured with."""

    sources: tuple[SourceSpec, ...]
    http: HttpSettings = HttpSettings()
    dedup: DedupSettings = DedupSettings()
    max_attempts: int = 3
    base_dir: Path = Path(".")

    @property
    def needs_network(self) -> bool:
        return any(SOURCE_TYPES[s.type].network for s in self.sources)


def _paths(spec: SourceSpec, ctx: SourceContext) -> list[str | Path]:
    value = spec.options["paths"]
    return [p if Path(p).is_absolute() else ctx.base_dir / p for p in ([value] if isinstance(value, str) else value)]


@dataclass(frozen=True)
class SourceType:
    build: Callable[[SourceSpec, SourceContext, SourcesConfig], Source]
    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    network: bool = False


SOURCE_TYPES: dict[str, SourceType] = {
    "feed": SourceType(lambda s, ctx, cfg: FeedSource(s.name, s.options["url"], ctx,
                                                      bool(s.options.get("fetch_articles", True))),
                       frozenset({"url"}), frozenset({"fetch_articles"}), network=True),
    "web": SourceType(lambda s, ctx, cfg: WebSource(s.name, list(s.options["urls"]), ctx),
                      frozenset({"urls"}), network=True),
    "warc": SourceType(lambda s, ctx, cfg: WarcSource(s.name, _paths(s, ctx), ctx,
                                                      int(s.options.get("max_bytes", cfg.http.max_bytes)),
                                                      bool(s.options.get("required", False))),
                       frozenset({"paths"}), frozenset({"max_bytes", "required"})),
    "local": SourceType(lambda s, ctx, cfg: LocalFileSource(_paths(s, ctx), s.name,
                                                            required=bool(s.options.get("required", False))),
                        frozenset({"paths"}), frozenset({"required"})),
}


def _check_keys(where: str, given: dict[str, Any], allowed: set[str], required: set[str] = frozenset()) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
                          f"(expected {', '.join(sorted(allowed))})")
    missing = sorted(required - set(given))
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}")


def _settings(cls: type, where: str, raw: Any) -> Any:
    """A settings dataclass from a TOML table, every value checked against the field's type."""
    if not isinstance(raw, dict):
        raise ConfigError(f"[{where}] must be a table")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    _check_keys(f"[{where}]", raw, set(fields))
    values = {}
    for key, value in raw.items():
        kind = type(getattr(cls(), key))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"[{where}] {key} must be {kind.__name__}, not {value!r}")
        if kind in (int, float) and value < 0:
            raise ConfigError(f"[{where}] {key} must not be negative")
        values[key] = value
    return cls(**values)


def _spec(index: int, raw: Any) -> SourceSpec:
    where = f"[[sources]] #{index + 1}"
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str) or raw["type"] not in SOURCE_TYPES:
        raise ConfigError(f"{where}: type must be one of {', '.join(sorted(SOURCE_TYPES))}")
    kind = SOURCE_TYPES[raw["type"]]
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise ConfigError(f"{where}: every source needs a name (it keys the source's state between runs)")
    where = f"{where} ({raw['type']} {raw['name']!r})"
    options = {k: v for k, v in raw.items() if k not in ("type", "name")}
    _check_keys(where, options, set(kind.required | kind.optional), set(kind.required))
    for key in ("url",):
        if key in options and not (isinstance(options[key], str) and is_fetchable(options[key])):
            raise ConfigError(f"{where}: {key} must be an http(s) URL, not {options[key]!r}")
    if "urls" in options and (not isinstance(options["urls"], list) or not options["urls"]
                              or not all(isinstance(u, str) and is_fetchable(u) for u in options["urls"])):
        raise ConfigError(f"{where}: urls must be a non-empty list of http(s) URLs")
    paths = options.get("paths")
    if "paths" in options and not (isinstance(paths, str) or (
            isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths))):
        raise ConfigError(f"{where}: paths must be a path or a non-empty list of paths")
    return SourceSpec(raw["type"], raw["name"].strip(), options)


def parse_sources_config(raw: dict[str, Any], base_dir: Path) -> SourcesConfig:
    _check_keys("sources config", raw, {"http", "dedup", "state", "sources"}, {"sources"})
    if not isinstance(raw["sources"], list) or not raw["sources"]:
        raise ConfigError("sources config: [[sources]] must list at least one source")
    specs = tuple(_spec(i, s) for i, s in enumerate(raw["sources"]))
    names = [s.name for s in specs]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise ConfigError(f"sources config: source names must be unique ({', '.join(doubled)})")
    state = raw.get("state", {})
    _check_keys("[state]", state, {"max_attempts"})
    max_attempts = state.get("max_attempts", 3)
    if not isinstance(max_attempts, int) or isinstance(max_attempts, bool) or max_attempts < 1:
        raise ConfigError(f"[state] max_attempts must be a positive integer, not {max_attempts!r}")
    dedup = _settings(DedupSettings, "dedup", raw.get("dedup", {}))
    if not 0 < dedup.threshold <= 1:
        raise ConfigError(f"[dedup] threshold must be in (0, 1], not {dedup.threshold}")
    http = _settings(HttpSettings, "http", raw.get("http", {}))
    if http.concurrency < 1 or http.max_bytes < 1 or http.timeout <= 0:
        raise ConfigError("[http] concurrency, max_bytes and timeout must be positive")
    return SourcesConfig(specs, http, dedup, max_attempts, base_dir)


def load_sources_config(path: Path) -> SourcesConfig:
    """Read and check a sources config; relative paths in it are relative to its folder."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the sources config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return parse_sources_config(raw, Path(path).resolve().parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def local_config(paths: list[str | Path], base: SourcesConfig | None = None) -> SourcesConfig:
    """A config reading local files (the default run: the embedded sample), optionally added to another."""
    spec = SourceSpec("local", "local", {"paths": [str(Path(p).resolve()) for p in paths], "required": True})
    if base is None:
        return SourcesConfig((spec,), base_dir=Path(".").resolve())
    return dataclasses.replace(base, sources=(*base.sources, spec))


def build_sources(config: SourcesConfig, ctx: SourceContext) -> list[Source]:
    """The configured sources, in config order; they share the context (and its fetcher)."""
    if config.needs_network and ctx.fetcher is None:
        ctx.fetcher = HttpFetcher(config.http)
    return [SOURCE_TYPES[spec.type].build(spec, ctx, config) for spec in config.sources]


def config_for_run(config_path: str | Path | None, inputs: list[str] | None, sample_dir: Path) -> SourcesConfig:
    """What a run reads: the config's sources (the option, else $OPENEVENTS_SOURCES) plus the input files; with
    neither, the embedded sample."""
    config_path = config_path or os.environ.get("OPENEVENTS_SOURCES")
    if not config_path:
        return local_config(list(inputs or [sample_dir]))
    config = load_sources_config(Path(config_path))
    return local_config(list(inputs), config) if inputs else config
