"""Career features over the roadmap tree: progress, what next, quizzes, interviews, path finder.

See docs/career.md. The core here never imports Streamlit, typer or rich.
"""

from __future__ import annotations

from rag.career.intents import make_intent_handlers
from rag.career.interview import InterviewSession, start_interview
from rag.career.pathfit import questions as pathfit_questions
from rag.career.pathfit import recommend_path
from rag.career.profiles import DEFAULT_PROFILE, ProfileStore, Progress
from rag.career.quiz import Quiz, grade, grade_quiz, make_quiz
from rag.career.recommend import completion, what_next
from rag.career.roadmap import Roadmap, load_roadmap, parse_roadmap

__all__ = [
    "DEFAULT_PROFILE",
    "InterviewSession",
    "ProfileStore",
    "Progress",
    "Quiz",
    "Roadmap",
    "completion",
    "grade",
    "grade_quiz",
    "load_roadmap",
    "make_intent_handlers",
    "make_quiz",
    "parse_roadmap",
    "pathfit_questions",
    "recommend_path",
    "start_interview",
    "what_next",
]
