"""Hard limits of the archive stage.

Mail is hostile input: a single message can be hundreds of megabytes, nest thousands of multiparts,
or carry a PDF that makes a renderer spin. Every limit below turns such a message into a recorded
defect (the snapshot is still built from whatever fits) instead of a hang or an out-of-memory crash.
"""

from __future__ import annotations

MAX_MESSAGE_BYTES = 50 * 1024 * 1024
"""Larger raw messages are not MIME-parsed; the snapshot is built from the header block only."""

MAX_PARTS = 500
"""MIME leaf parts visited per message (nested messages included); the rest are skipped."""

MAX_MIME_DEPTH = 12
"""Nesting depth of multiparts and attached messages below the top-level message."""

MAX_FORWARD_DEPTH = 4
"""How many forward layers (FW of a FW, .eml inside .eml) are unwrapped to reach the original."""

MAX_BODY_CHARS = 2_000_000
"""Decoded characters kept per body (text_body, html_text, forwarded text); longer text is cut."""

MAX_HTML_CHARS = 5_000_000
"""HTML characters handed to the HTML-to-text converter; longer markup is cut before conversion."""

MAX_ATTACHMENT_TEXT_CHARS = 1_000_000
"""Characters of extracted text kept per attachment; longer text is cut and marked "truncated"."""

MAX_PDF_BYTES = 20 * 1024 * 1024
"""Larger PDFs are not opened; their attachment is marked "too_large"."""

MAX_PDF_PAGES = 50
"""Pages read per PDF; text of the first pages is kept and the attachment is marked "truncated"."""

PDF_TIMEOUT_SECONDS = 30.0
"""Wall-clock budget per PDF in the worker pool; a PDF that takes longer is marked "failed"."""

MAX_DEFECTS = 100
"""Defect entries kept per snapshot; a pathological message could otherwise produce thousands."""
