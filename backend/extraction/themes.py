"""Sector and macro vocabulary (data/themes.yaml): is a note about an industry, the economy or a
company, and what theme name does a sector or strategy note carry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class ThemeVocabulary:
    sector_of_word: dict[str, str]  # normalized word -> sector name
    sectors: re.Pattern[str]  # every sector word
    sector_words: re.Pattern[str]
    macro_words: re.Pattern[str]

    def sector_in(self, text: str) -> str | None:
        """The first sector named in the text (by position), as its canonical sector name."""
        match = self.sectors.search(text)
        return self.sector_of_word.get(_normal(match.group(0))) if match else None

    def sector_score(self, text: str) -> int:
        named = {self.sector_of_word.get(_normal(m)) for m in self.sectors.findall(text)}
        return len(named) + 2 * len(self.sector_words.findall(text))

    def macro_score(self, text: str) -> int:
        return len(self.macro_words.findall(text))


def _normal(word: str) -> str:
    return " ".join(word.lower().split())


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return re.compile(rf"(?<![\w&-])(?:{body})(?![\w&-])", re.IGNORECASE)


@cache
def theme_vocabulary() -> ThemeVocabulary:
    path = resources.files("backend.extraction") / "data" / "themes.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    sector_of_word: dict[str, str] = {}
    for entry in data["sectors"]:
        for word in entry["words"]:
            sector_of_word.setdefault(_normal(str(word)), str(entry["name"]))
    return ThemeVocabulary(
        sector_of_word=sector_of_word,
        sectors=_words_pattern(list(sector_of_word)),
        sector_words=_words_pattern(list(data["sector_words"])),
        macro_words=_words_pattern(list(data["macro"]["words"])),
    )
