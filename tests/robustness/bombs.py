"""Hostile attachments built in memory in milliseconds: decompression bombs, huge page trees, and
the messages that carry them. Nothing here is stored in the repository.

Compressing gigabytes with zlib would take seconds, so a bomb is assembled instead: one 16 MiB
chunk is compressed twice with a full flush (which byte-aligns the output and resets the
dictionary), so the second output is the compressed form of every later chunk and is simply
repeated. The checksums of the whole stream are then computed from the chunk's.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from collections.abc import Sequence

_CHUNK_BYTES = 16 * 1024 * 1024
_ADLER_MODULUS = 65521


def _repeated_deflate(chunk: bytes, copies: int, *, wbits: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    steady = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)
    if wbits > 0:  # zlib format: the trailer is the Adler-32 of two chunks, recomputed below
        end = end[:-4] + _adler32_of_repeats(chunk, copies).to_bytes(4, "big")
    return first + steady * (copies - 1) + end


def _adler32_of_repeats(chunk: bytes, copies: int) -> int:
    """Adler-32 of `chunk * copies` without building it (RFC 1950: A = 1 + sum, B = sum of the As)."""
    single = zlib.adler32(chunk)
    byte_sum = ((single & 0xFFFF) - 1) % _ADLER_MODULUS
    weighted = ((single >> 16) - len(chunk)) % _ADLER_MODULUS  # sum of (len - i + 1) * byte_i
    total = len(chunk) * copies
    a = (1 + copies * byte_sum) % _ADLER_MODULUS
    b = (total + copies * weighted + byte_sum * len(chunk) * (copies * (copies - 1) // 2)) % _ADLER_MODULUS
    return (b << 16) | a


def _chunk_of(unit: bytes) -> bytes:
    return unit * max(1, _CHUNK_BYTES // len(unit))


def flate_bomb(unit: bytes, inflated_bytes: int) -> tuple[bytes, int]:
    """(zlib stream of `unit` repeated to about `inflated_bytes`, exact inflated size)."""
    chunk = _chunk_of(unit)
    copies = max(2, inflated_bytes // len(chunk))
    return _repeated_deflate(chunk, copies, wbits=15), len(chunk) * copies


def pdf_document(page_contents: Sequence[bytes], *, flate: bool = True) -> bytes:
    """A minimal valid PDF: one page per content stream (FlateDecode-compressed when `flate`)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for content in page_contents:
        page_number, content_number = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_number} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_number} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        filters = "/Filter /FlateDecode " if flate else ""
        objects.append(f"<< /Length {len(content)} {filters}>>\nstream\n".encode() + content + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def text_page(text: str) -> bytes:
    """A compressed page content stream that shows one line of (ASCII) text."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return zlib.compress(f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET\n".encode("ascii"))


def dense_page(characters: int) -> bytes:
    """A compressed page content stream showing `characters` letters (in strings of 10,000: PDFium
    reads at most 32,767 characters of one string operand)."""
    pieces = [f"({'A' * 10_000}) Tj\n" for _ in range(characters // 10_000)]
    pieces.append(f"({'A' * (characters % 10_000)}) Tj\n")
    return zlib.compress(("BT /F1 1 Tf 0 0 Td\n" + "".join(pieces) + "ET\n").encode("ascii"))


def pdf_bomb(inflated_bytes: int) -> bytes:
    """A one-page PDF whose content stream is a few MB of FlateDecode inflating to `inflated_bytes`."""
    stream, _ = flate_bomb(b" ", inflated_bytes)
    return pdf_document([stream])


def zip_bomb(inflated_bytes: int) -> tuple[bytes, int]:
    """(a valid .zip with one member of NUL bytes that inflates to about `inflated_bytes`, its size)."""
    chunk = _chunk_of(b"\0")
    copies = max(2, inflated_bytes // len(chunk))
    data = _repeated_deflate(chunk, copies, wbits=-15)
    size = len(chunk) * copies
    crc = 0
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    name = b"quarterly-results.csv"
    # Local header, data, central directory, end record (PKWARE APPNOTE 4.3); sizes fit 32 bits.
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0) + name
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0, 0, 0, 0, 0, 0
        )
        + name
    )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    return local + data + central + end, size


def message_with_attachments(attachments: Sequence[tuple[str, str, bytes]], *, subject: str = "Attached") -> bytes:
    """A multipart/mixed message with a short text body and base64 attachments (name, type, bytes)."""
    out = io.BytesIO()
    out.write(
        (
            "From: Research Desk <research@broker.example>\r\nTo: investor@example.com\r\n"
            f"Subject: {subject}\r\nDate: Mon, 6 Jan 2025 08:00:00 +0530\r\n"
            "Message-ID: <hostile-attachments@broker.example>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="part-boundary"\r\n\r\n'
            "--part-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the files attached.\r\n"
        ).encode()
    )
    for name, content_type, data in attachments:
        out.write(
            (
                f'--part-boundary\r\nContent-Type: {content_type}; name="{name}"\r\n'
                f'Content-Disposition: attachment; filename="{name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
            ).encode()
        )
        out.write(base64.encodebytes(data).replace(b"\n", b"\r\n"))
    out.write(b"--part-boundary--\r\n")
    return out.getvalue()
