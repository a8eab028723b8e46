"""Extraction: a pure function from an archived message (snapshot) to its research reports."""

from backend.extraction.extractor import extract
from backend.extraction.models import EXTRACTOR_VERSION, ExtractedReport, ExtractionResult, KeyPoint

__all__ = ["EXTRACTOR_VERSION", "ExtractedReport", "ExtractionResult", "KeyPoint", "extract"]
