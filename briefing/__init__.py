"""briefing: several articles about one story in, an executive brief you can trust out."""

from typing import Any

from briefing.schemas import Brief, Document

__all__ = ["Brief", "Document", "build_brief"]


def __getattr__(name: str) -> Any:
    # Lazy so that `import briefing.schemas` does not pull in the whole pipeline.
    if name == "build_brief":
        from briefing.pipeline import build_brief

        return build_brief
    raise AttributeError(name)
