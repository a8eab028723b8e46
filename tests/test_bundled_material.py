"""The corpus and fixtures bundled in the repository are exact copies of the shared material."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from tests.conftest import DEV_CORPUS, MIME_FIXTURES, SHARED_DIR


def files_under(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.mark.skipif(not SHARED_DIR.is_dir(), reason="the shared material is not beside this checkout")
def test_bundled_copies_match_the_shared_material() -> None:
    shared_corpus = SHARED_DIR / "corpus" / "dev"
    assert files_under(DEV_CORPUS / "emails") == files_under(shared_corpus / "emails")
    assert filecmp.cmp(DEV_CORPUS / "labels.json", shared_corpus / "labels.json", shallow=False)
    assert files_under(MIME_FIXTURES) == files_under(SHARED_DIR / "fixtures" / "mime")


def test_the_bundled_material_is_complete() -> None:
    assert len(list((DEV_CORPUS / "emails").glob("*.eml"))) == 83
    assert (DEV_CORPUS / "labels.json").is_file()
    assert len([path for path in MIME_FIXTURES.rglob("*") if path.suffix in (".eml", ".raw")]) == 233
