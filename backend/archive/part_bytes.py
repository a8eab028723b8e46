"""The bytes of a parsed MIME subtree (an attached message), rebuilt in one pass without recursion.

An attached .eml is listed with its size and sha256, which need its bytes. The stdlib generator
(`Message.as_bytes`) recurses once per nesting level and copies each level's output into its
parent, so a message nested a few hundred levels deep costs depth x size and can exhaust the
recursion limit; a chain of attached messages then serialises the same bytes once per level.
Here the tree is walked with an explicit stack and every payload is written once, in order, as the
parser stored it (headers raw, bodies still transfer-encoded): close to the original bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from email.message import Message

_CRLF = b"\r\n"


def subtree_bytes(message: Message) -> bytes:
    """`message` with all its parts as RFC 5322 bytes, linear in its size."""
    return b"".join(_chunks(message))


def _chunks(root: Message) -> Iterator[bytes]:
    # Each stack entry is either a part still to write or the bytes that close a multipart.
    stack: list[Message | bytes] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, bytes):
            yield item
            continue
        yield from _header_block(item)
        payload = item.get_payload()
        if isinstance(payload, list):
            stack.extend(reversed(_children_with_delimiters(item, payload)))
        elif isinstance(payload, str):
            yield _encoded(payload)
        elif isinstance(payload, bytes):
            yield payload


def _children_with_delimiters(part: Message, children: Sequence[object]) -> list[Message | bytes]:
    boundary = _boundary(part)
    if boundary is None:  # message/rfc822: its one child follows the headers directly
        return [child for child in children if isinstance(child, Message)]
    delimiter = b"--" + _encoded(boundary)
    items: list[Message | bytes] = [_encoded(part.preamble or "") + _CRLF] if part.preamble else []
    for child in children:
        if isinstance(child, Message):
            items.extend([delimiter + _CRLF, child, _CRLF])
    items.append(delimiter + b"--" + _CRLF + _encoded(part.epilogue or ""))
    return items


def _boundary(part: Message) -> str | None:
    if part.get_content_maintype() != "multipart":
        return None
    try:
        return part.get_boundary() or ""
    except Exception:  # an unparseable Content-Type: the parts are still written, without a boundary
        return ""


def _header_block(part: Message) -> Iterator[bytes]:
    for name, value in part.raw_items():
        yield _encoded(f"{name}: {value}") + _CRLF
    yield _CRLF


def _encoded(text: str) -> bytes:
    # The parser keeps 8-bit bytes as surrogate escapes; this gives them back unchanged.
    return text.encode("utf-8", "surrogateescape")
