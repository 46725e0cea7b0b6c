"""The project's errors: each carries the exit code the command line gives it."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What `briefing` exits with; the commands' --help lists the same codes."""

    ok = 0
    no_sources = 1  # also: a digest not delivered, or not recorded
    usage = 2
    strict = 3
    model = 4
    output = 5  # the brief could not be written (a full disk, a read-only file, a bad path)
    interrupted = 130  # 128 + SIGINT: what a shell reports for a command stopped by Ctrl-C


class BriefingError(Exception):
    """Base of every error the project raises on purpose; the message is one line for a user."""

    exit_code: ExitCode = ExitCode.no_sources

    def problems(self) -> list[str]:
        """Lines to show before the message: each input that failed, for instance."""
        return []


class UsageError(BriefingError):
    """The command asked for something its settings cannot give (exit 2)."""

    exit_code = ExitCode.usage
