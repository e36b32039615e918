"""Class mode: a teacher opens a session, each student's decisions are pooled under its code.

Everything stays in this process's memory on the teacher's machine: no account, no name, no
storage, nothing sent anywhere. A student sends only the options chosen (and the war and
enemy-share settings the game was played with); the teacher's page reads the counts back. Caps
keep one session, or one visitor, from growing memory without bound.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from purgesim.scenarios.decisions import DECISIONS
from purgesim.web.service import Choices, lever_bounds

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be misread for one another (no I/1, O/0)."""
CODE_LENGTH = 6
MAX_CLASSES = 50
"""Sessions held at once; the oldest is dropped to make room."""
MAX_STUDENTS = 200
"""Answers one session takes."""
CODE_PATTERN = rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$"


ENEMY_SHARE_RANGE = lever_bounds("enemy_share")
"""The enemy-share hypotheses a game may be played with: the lever's own range."""


class ClassError(ValueError):
    """An unknown or full session."""


class Answer(BaseModel):
    """One student's finished game."""

    model_config = ConfigDict(extra="forbid")
    decisions: Choices
    war: Literal["known", "uncertain"] = "known"
    enemy_share: Annotated[float, Field(ge=ENEMY_SHARE_RANGE[0],
                                        le=ENEMY_SHARE_RANGE[1])] = 0.005

    @field_validator("decisions")
    @classmethod
    def _complete(cls, v: dict[str, str]) -> dict[str, str]:
        missing = [d.id for d in DECISIONS if d.id not in v]
        if missing:
            raise ValueError(f"a finished game decides every decision; missing {missing}")
        return v


class Classroom:
    """The sessions of one app (thread-safe)."""

    def __init__(self) -> None:
        self._sessions: dict[str, tuple[float, list[Answer]]] = {}
        self._lock = threading.Lock()

    def open(self) -> str:
        """A new session's code."""
        with self._lock:
            while len(self._sessions) >= MAX_CLASSES:
                oldest = min(self._sessions, key=lambda c: self._sessions[c][0])
                del self._sessions[oldest]
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            self._sessions[code] = (time.monotonic(), [])
            return code

    def answer(self, code: str, answer: Answer) -> int:
        """Pool one student's game; returns how many the session now holds."""
        with self._lock:
            if code not in self._sessions:
                raise ClassError(f"no class session '{code}' (it may have ended)")
            answers = self._sessions[code][1]
            if len(answers) >= MAX_STUDENTS:
                raise ClassError(f"class session '{code}' is full ({MAX_STUDENTS} answers)")
            answers.append(answer)
            return len(answers)

    def pooled(self, code: str) -> dict:
        """How the class chose: per decision, the count of each option; the class's path (each
        decision's most chosen option, ties to the earlier-listed option); the settings
        played most often."""
        with self._lock:
            if code not in self._sessions:
                raise ClassError(f"no class session '{code}' (it may have ended)")
            answers = list(self._sessions[code][1])
        counts = {d.id: {o.id: 0 for o in d.options} for d in DECISIONS}
        for a in answers:
            for did, oid in a.decisions.items():
                counts[did][oid] += 1
        path = {did: max(c, key=lambda o: (c[o], -list(c).index(o))) for did, c in counts.items()}
        wars = Counter(a.war for a in answers)
        shares = Counter(a.enemy_share for a in answers)
        return {"code": code, "students": len(answers), "counts": counts, "path": path,
                "war": wars.most_common(1)[0][0] if wars else "known",
                "enemy_share": shares.most_common(1)[0][0] if shares else 0.005}
