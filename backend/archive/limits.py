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

MAX_PARSED_PARTS = 2 * MAX_PARTS
"""MIME parts (multiparts included) the parser creates before it stops reading the message: parsing
costs about 0.3 ms per part, so 50 MB of tiny parts would otherwise take minutes."""

MAX_MIME_DEPTH = 12
"""Nesting depth of multiparts and attached messages below the top-level message."""

MAX_FORWARD_DEPTH = 4
"""How many forward layers (FW of a FW, .eml inside .eml) are unwrapped to reach the original."""

MAX_PARSED_HEADER_CHARS = 8_192
"""Characters of a header value given to the stdlib's structured header parser (Content-Type...),
whose time grows faster than the value's length; real MIME headers stay under 1,000."""

MAX_ADDRESS_HEADER_CHARS = 10_000
"""Characters of one address header (From, To, Cc) parsed, about 300 addresses; the rest is skipped.
The stdlib address parser copies the rest of the value for every token, so its time grows with the
square of the length: 32 KB of quoted strings took 3 s, a 50 MB To header would take hours."""

MAX_FORWARD_SCAN_LINES = 400
"""Lines at the top of a body searched for an inline forward's header block (quotequail's search
is quadratic in the number of header-like lines); the lines below are kept as the original's text."""

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

MAX_PDF_PAGE_CHARS = 100_000
"""Characters read per PDF page; a dense page of text holds about 5,000. A generated or hostile
page with millions is cut and the attachment marked "truncated"."""

PDF_WORKER_MEMORY_BYTES = 1024 * 1024 * 1024
"""Address space of a PDF worker process (RLIMIT_AS). Text extraction of a 20 MB PDF needs far less;
a decompression bomb (a FlateDecode stream inflating to gigabytes) makes PDFium abort at this cap,
the worker dies alone and the PDF is marked "failed"."""

PDF_TIMEOUT_SECONDS = 30.0
"""Wall-clock budget per PDF in the worker pool; a PDF that takes longer is marked "failed"."""

MAX_DEFECTS = 100
"""Defect entries kept per snapshot; a pathological message could otherwise produce thousands."""

MAX_DEFECT_DETAIL_CHARS = 300
"""Characters of one defect's detail; details quote the value at fault (a Date header...), which a
hostile message can make megabytes long."""
