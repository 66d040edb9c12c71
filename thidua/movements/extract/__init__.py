"""Document ingestion for movements: read an uploaded announcement and extract a draft movement record.

    from thidua.movements.extract import DocumentError, extract, read_document

    text = read_document(upload.name, upload.read())   # raises DocumentError (Vietnamese message)
    record = extract(text)                              # never raises; empty fields are None / []
    record.to_json(), record.sources["title"]

See docs/extraction.md.
"""

from .engine import extract
from .errors import DocumentError
from .reader import MAX_BYTES, read_document
from .record import RECORD_KEYS, MovementRecord

__all__ = ["MAX_BYTES", "RECORD_KEYS", "DocumentError", "MovementRecord", "extract", "read_document"]
