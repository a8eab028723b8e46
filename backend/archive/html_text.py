"""HTML mail bodies to readable text: what the recipient sees, one line per paragraph and table row.

resiliparse does the conversion (fast, and it keeps block structure and list bullets). Before it
runs, elements a reader never sees are tagged and skipped: hidden preheaders (`display:none`,
`mso-hide:all`, zero `max-height`, zero `font-size`...), the `hidden` attribute and 1x1 tracking
pixels; `<style>` and `<script>` are skipped by resiliparse itself. Table cells of one row come out
tab-separated and are joined with " | ". html-text is the fallback if resiliparse fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import ElementNode, HTMLTree

from backend.archive.plain_text import normalize_text

_SKIP_MARK = "data-archive-invisible"
_SIZED_MARK = "data-archive-sized"  # set on elements with a descendant of non-zero font size
_ZERO_LENGTH = re.compile(r"^[+-]?0*(?:\.0*)?(?:px|pt|em|rem|ex|%|cm|mm|in)?$")
# A tag never contains "<": with `[^<>]` each "<" scans only to the next one, so markup with
# thousands of unclosed "<" is read in one pass instead of once per "<" (quadratic).
_TAG = re.compile(r"<[^<>]*>")
# Cheap test on the markup before walking the DOM: most mails have no hiding style at all.
_MAY_HIDE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide|max-height\s*:\s*0|font-size\s*:\s*0"
    r"|opacity\s*:\s*0|overflow\s*:\s*hidden",
    re.IGNORECASE,
)
_HIDDEN_ATTRIBUTE = re.compile(r"<[^<>]*\shidden(?:[\s=/>])", re.IGNORECASE)
_CELL_SEPARATOR = "\t\t"  # what resiliparse writes between the cells of a table row


@dataclass(frozen=True)
class ConvertedHtml:
    text: str
    used_fallback: bool


def html_to_text(html: str) -> ConvertedHtml:
    """Visible text of an HTML document, normalized like every other snapshot text."""
    try:
        text = _with_resiliparse(html)
    except Exception:  # a C-level parser on hostile markup: never let it take the message down
        return ConvertedHtml(normalize_text(_with_html_text(html)), used_fallback=True)
    return ConvertedHtml(normalize_text(_join_table_cells(text)), used_fallback=False)


def _with_resiliparse(html: str) -> str:
    tree = HTMLTree.parse(html)
    root = tree.document
    if root is None:
        return ""
    if _MAY_HIDE.search(html):
        styled = _all(root.query_selector_all("[style]"))
        _mark_sized_ancestors(styled)
        for element in styled:
            if _hidden_by_style(element.getattr("style") or "") and not _shows_sized_children(element):
                element.setattr(_SKIP_MARK, "")
    if _HIDDEN_ATTRIBUTE.search(html):
        for element in _all(root.query_selector_all("[hidden]")):
            element.setattr(_SKIP_MARK, "")
    for element in _all(root.query_selector_all("img")):
        if _is_tracking_pixel(element.getattr("width"), element.getattr("height"), element.getattr("style")):
            element.setattr(_SKIP_MARK, "")
    return extract_plain_text(
        tree,
        preserve_formatting=True,
        main_content=False,
        list_bullets=True,
        alt_texts=True,
        links=False,
        form_fields=False,
        noscript=False,
        skip_elements=[f"[{_SKIP_MARK}]"],
    )


def _all(nodes: Any) -> tuple[ElementNode, ...]:
    """Every node of a query result at once: a resiliparse node list rebuilds itself on each index,
    so iterating it element by element is quadratic (minutes for a mail with 10,000 styled cells)."""
    return tuple(nodes[:])


def _with_html_text(html: str) -> str:
    import html_text

    try:
        return str(html_text.extract_text(html, guess_layout=True))
    except Exception:  # lxml refuses some markup outright: keep the words at least
        return _TAG.sub(" ", html)


def _declarations(style: str) -> dict[str, str]:
    declarations: dict[str, str] = {}
    for item in style.split(";"):
        name, _, value = item.partition(":")
        value = value.lower().replace("!important", "").strip()
        if name.strip() and value:
            declarations[name.strip().lower()] = value
    return declarations


def _is_zero(value: str | None) -> bool:
    return value is not None and bool(_ZERO_LENGTH.match(value.replace(" ", "")))


def _hidden_by_style(style: str) -> bool:
    css = _declarations(style)
    return _hidden_by_style_alone(css) or _is_zero(css.get("font-size"))


def _hidden_by_style_alone(css: dict[str, str]) -> bool:
    """Hidden whatever the children do (font-size:0 is judged with the children, see below)."""
    if css.get("display") == "none" or css.get("visibility") == "hidden" or css.get("mso-hide") == "all":
        return True
    if css.get("opacity", "1").rstrip("%") in ("0", "0.0", ".0"):
        return True
    if _is_zero(css.get("max-height")):
        return True
    collapsed = _is_zero(css.get("height")) or _is_zero(css.get("width"))
    return collapsed and css.get("overflow") == "hidden"


def _mark_sized_ancestors(styled: tuple[ElementNode, ...]) -> None:
    """Mark every element with a descendant that sets a non-zero font size, in one linear pass.

    Each walk up stops at the first marked ancestor (whose own ancestors are all marked already),
    so nested containers cost one step per element instead of a scan of every subtree.
    """
    for element in styled:
        size = _declarations(element.getattr("style") or "").get("font-size")
        if size is None or _is_zero(size):
            continue
        ancestor = element.parent_element
        while ancestor is not None and not ancestor.hasattr(_SIZED_MARK):
            ancestor.setattr(_SIZED_MARK, "")
            ancestor = ancestor.parent_element


def _shows_sized_children(element: ElementNode) -> bool:
    """True for the layout trick `font-size:0` on a container whose children set their own size."""
    css = _declarations(element.getattr("style") or "")
    if not _is_zero(css.get("font-size")) or _hidden_by_style_alone(css):
        return False
    return bool(element.hasattr(_SIZED_MARK))


def _is_tracking_pixel(width: str | None, height: str | None, style: str | None) -> bool:
    css = _declarations(style or "")
    width = width or css.get("width")
    height = height or css.get("height")
    return _at_most_one_pixel(width) and _at_most_one_pixel(height)


def _at_most_one_pixel(value: str | None) -> bool:
    if value is None:
        return False
    digits = value.strip().lower().removesuffix("px").strip()
    return digits in ("0", "1")


def _join_table_cells(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if "\t" not in line:
            lines.append(line)
            continue
        cells = [cell.replace("\t", " ").strip() for cell in line.split(_CELL_SEPARATOR)]
        while cells and not cells[0]:
            cells.pop(0)
        while cells and not cells[-1]:
            cells.pop()
        lines.append(" | ".join(cells))
    return "\n".join(lines)
