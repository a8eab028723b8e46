"""Archive stage: every message kept as raw bytes plus a JSON-ready `Snapshot` of what it says.

Entry points live in `backend.archive.snapshot` (`build_snapshot`, `archive_id_for`, the snapshot
dataclasses) and `backend.archive.pdf_text` (`PdfTextExtractor`). Nothing is imported here so that
importing a small helper module does not load the HTML and PDF libraries.
"""
