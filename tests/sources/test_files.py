"""Finding messages on disk: files, folders, Maildir; clear errors for what is not there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backend.errors import SourceNotFoundError
from backend.ingest.files import open_sources, read_message_file, read_sources
from backend.ingest.messages import RawMessage, SourceFailure
from tests.conftest import DEV_CORPUS


def make_maildir(root: Path, files: list[Path]) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    for index, path in enumerate(files):
        folder = "new" if index % 3 == 0 else "cur"
        shutil.copy(path, root / folder / f"17000000{index:02d}.M1P1.host:2,S")
    return root


def test_each_kind_is_recognised(tmp_path: Path) -> None:
    emails = sorted((DEV_CORPUS / "emails").glob("*.eml"))
    maildir = make_maildir(tmp_path / "Maildir", emails[:5])
    mbox = tmp_path / "inbox.mbox"
    mbox.write_bytes(b"From a@b Mon Jan 20 07:30:05 2025\nSubject: x\n\nbody\n")
    kinds = [source.kind for source in open_sources([emails[0], DEV_CORPUS / "emails", maildir, mbox])]
    assert kinds == ["eml", "folder", "maildir", "mbox"]


def test_a_folder_is_walked_recursively_and_msg_files_are_reported(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(DEV_CORPUS / "emails" / "0001.eml", nested / "one.eml")
    shutil.copy(DEV_CORPUS / "emails" / "0002.eml", tmp_path / "two.EML")
    (tmp_path / "README.md").write_text("not mail")
    (tmp_path / "outlook.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    items = list(read_sources(open_sources([tmp_path])))
    messages = [item for item in items if isinstance(item, RawMessage)]
    failures = [item for item in items if isinstance(item, SourceFailure)]
    assert len(messages) == 2
    assert len(failures) == 1 and "Outlook .msg" in failures[0].reason


def test_missing_and_unreadable_paths_are_refused_up_front(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError, match="no such file"):
        open_sources([DEV_CORPUS / "emails", tmp_path / "nope.mbox"])


def test_a_file_that_cannot_be_read_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    failure = read_message_file(tmp_path / "vanished.eml")
    assert isinstance(failure, SourceFailure) and "unreadable" in failure.reason
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"\n\n")
    assert read_message_file(empty) == SourceFailure(str(empty), "empty file")
