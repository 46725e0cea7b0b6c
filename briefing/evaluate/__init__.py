"""Evaluation: a brief scored against a rubric of its points, and its speakers against
annotated quotations."""

from briefing.evaluate.rubric import Evaluation, PointResult, evaluate, load_rubric
from briefing.evaluate.speakers import GoldQuote, SpeakerScores, load_quotes, score_speakers

__all__ = [
    "Evaluation",
    "GoldQuote",
    "PointResult",
    "SpeakerScores",
    "evaluate",
    "load_quotes",
    "load_rubric",
    "score_speakers",
]
