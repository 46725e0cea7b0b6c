"""The digest's TOML configuration: what to read, whom to send it to, when, and how."""

from __future__ import annotations

import ipaddress
import os
import string
import tomllib
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from croniter import croniter
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from briefing.errors import BriefingError, ExitCode

CONFIG_ENV = "BRIEFING_CONFIG"
DEFAULT_CONFIG = "briefing.toml"
SUBJECT_FIELDS = frozenset({"name", "date", "title", "stories", "documents"})


class ConfigError(BriefingError, ValueError):
    """The configuration cannot be used; the message names the file and the key."""

    exit_code = ExitCode.usage


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Delivery(_Section):
    """SMTP when `smtp_host` is set; otherwise `.eml` files in `outbox`."""

    smtp_host: str | None = None
    smtp_port: int | None = None
    security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_user: str | None = None
    password_env: str = Field(
        "BRIEFING_SMTP_PASSWORD", description="Environment variable holding the SMTP password."
    )
    outbox: Path = Path("outbox")
    timeout: float = 30.0
    allow_plaintext_auth: bool = Field(
        False, description="Log in over an unencrypted connection to a host not on loopback."
    )

    @property
    def port(self) -> int:
        return self.smtp_port or {"ssl": 465, "starttls": 587, "none": 25}[self.security]

    @model_validator(mode="after")
    def _no_password_in_clear(self) -> Delivery:
        problem = plaintext_auth_problem(self)
        if problem:
            raise ValueError(problem)
        return self


def plaintext_auth_problem(delivery: Delivery) -> str | None:
    """Why this delivery would send the SMTP password unencrypted across a network, or None.

    Loopback is exempt: the password never leaves the machine (a local relay, a test server).
    """
    host = delivery.smtp_host
    if not host or not delivery.smtp_user or delivery.security != "none":
        return None
    if delivery.allow_plaintext_auth or _is_loopback(host):
        return None
    return (
        f'smtp_user with security = "none" would send the password unencrypted to {host};'
        ' use security = "starttls" or "ssl", or set allow_plaintext_auth = true'
    )


def _is_loopback(host: str) -> bool:
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a name: where it resolves is not ours to trust


class Archive(_Section):
    """Where each story's full HTML brief goes: attached to the email, or, with `base_url`,
    written into `folder` (which a web server publishes at that URL) and linked."""

    folder: Path = Path("briefs")
    base_url: str | None = None

    @field_validator("base_url")
    @classmethod
    def _web(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value if value is None or value.endswith("/") else value + "/"


class Fetching(_Section):
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = "briefing (+digest)"


class ModelConfig(_Section):
    engine: Literal["auto", "extractive", "llm"] = "auto"
    model: str | None = None
    base_url: str | None = None
    json_object: bool = False
    concurrency: int = 4
    # Most seconds one model request may take, whole reply; None: BRIEFING_TIMEOUT or 120.
    timeout: float | None = Field(None, gt=0)


class DigestConfig(_Section):
    """One digest: its sources, readers, schedule and delivery."""

    name: str
    sources: list[str] = Field(default_factory=list, description="Files, folders and page URLs.")
    feeds: list[str] = Field(default_factory=list, description="RSS or Atom feed URLs.")
    recipients: list[str]
    sender: str = Field(alias="from")
    subject: str = "{title} ({date})"
    stories_in_full: int = Field(
        8, ge=1, description="Stories shown in full; the rest are listed by title."
    )
    schedule: str = "0 7 * * *"
    timezone: str = "UTC"
    model: ModelConfig = Field(default_factory=ModelConfig)
    delivery: Delivery = Field(default_factory=Delivery)
    archive: Archive = Field(default_factory=Archive)
    fetch: Fetching = Field(default_factory=Fetching)

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        if not croniter.is_valid(value):
            raise ValueError(f"not a cron expression: {value!r}")
        return value

    @field_validator("subject")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
        except ValueError as e:
            raise ValueError(f"not a subject template: {e}") from None
        unknown = fields - SUBJECT_FIELDS
        if unknown:
            known = ", ".join("{" + f + "}" for f in sorted(SUBJECT_FIELDS))
            raise ValueError(f"unknown placeholder {{{sorted(unknown)[0]}}} (use {known})")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("recipients")
    @classmethod
    def _some(cls, value: list[str]) -> list[str]:
        if not value or any("@" not in r or "\n" in r for r in value):
            raise ValueError("give at least one address, each like name@example.com")
        return value


def default_state_path() -> Path:
    """Where the digest keeps what it sent when the config does not say."""
    return platformdirs.user_data_path("briefing") / "state.sqlite3"


class Config(_Section):
    state: Path = Field(default_factory=default_state_path)
    digest: list[DigestConfig]

    def named(self, name: str | None) -> list[DigestConfig]:
        """Every digest, or the one called `name`."""
        if name is None:
            return self.digest
        found = [d for d in self.digest if d.name == name]
        if not found:
            names = ", ".join(d.name for d in self.digest)
            raise ConfigError(f"no digest named {name!r} (the config has: {names})")
        return found


def config_path(given: Path | None) -> Path:
    """The --config file, else $BRIEFING_CONFIG, else ./briefing.toml."""
    return given or Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_config(path: Path) -> Config:
    """Read and check the TOML; relative paths in it are relative to the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (give --config or set {CONFIG_ENV})") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: {e}") from None
    try:
        config = Config.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{_where(data, err['loc'])}: {err['msg'].removeprefix('Value error, ')}"
            for err in e.errors()[:3]
        )
        raise ConfigError(f"{path}: {problems}") from None
    names = [d.name for d in config.digest]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: digest names must be unique")
    return _resolve(config, path.resolve().parent)


def _where(data: dict[str, object], loc: tuple[int | str, ...]) -> str:
    """The key an error is about, a digest named by its name: "digest[news].archive"."""
    parts = [str(p) for p in loc]
    digests = data.get("digest")
    if len(loc) >= 2 and loc[0] == "digest" and isinstance(loc[1], int):
        entry = digests[loc[1]] if isinstance(digests, list) and loc[1] < len(digests) else {}
        name = entry.get("name") if isinstance(entry, dict) else None
        parts[:2] = [f"digest[{name}]" if isinstance(name, str) else f"digest[{loc[1]}]"]
    return ".".join(parts)


def _resolve(config: Config, base: Path) -> Config:
    def local(p: Path) -> Path:
        return p if p.expanduser().is_absolute() else base / p

    for d in config.digest:
        d.sources = [s if "://" in s else str(local(Path(s))) for s in d.sources]
        d.delivery.outbox = local(d.delivery.outbox)
        d.archive.folder = local(d.archive.folder)
    config.state = local(config.state.expanduser())
    return config
