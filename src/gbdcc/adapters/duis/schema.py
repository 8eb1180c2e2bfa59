"""Validation of every DUIS Service Request against the DUIS 5.4 XML Schema (DUIS 3.2.1: a request that does
not conform to the schema is refused with E1).

The schema files ship with gbdcc as package data (``xsd/``; origin and licence in ``xsd/LICENCE-NOTE.md``),
so the runtime needs nothing outside the package. The compiled schema is built once per process
(:func:`duis_schema`) and shared; libxml2 keeps its error log on the schema object, so validations are
serialised by a lock (one validation of a real request takes ~15 µs).

The 5.4 schema accepts requests that declare an earlier 5.x ``schemaVersion`` (DCC Boxed clients send 5.2):
the attribute is an ``xs:decimal`` and the ``sr`` namespace is the same for every 5.x release.
"""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import etree

from gbdcc.domain.errors import SchemaInvalid

XSD_DIR = Path(__file__).with_name("xsd")
DUIS_XSD = XSD_DIR / "DUIS_Schema_V5.4.xsd"
"""DUIS Schema V5.4 (imports ``MMC_Schema_V5.4.xsd`` and the W3C ``xmldsig-core-schema.xsd`` beside it)."""
_MAX_REASON = 400
_RULE = "DUIS-3.2.1"


class DuisSchema:
    """A compiled XML Schema that refuses a non-conforming document with :class:`SchemaInvalid`."""

    def __init__(self, path: Path = DUIS_XSD) -> None:
        # Our own trusted files: the W3C xmldsig schema carries an internal DTD subset, nothing is fetched.
        parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
        self._schema = etree.XMLSchema(etree.parse(str(path), parser))
        self._lock = threading.Lock()

    def validate(self, root: etree._Element) -> None:
        """Raise :class:`SchemaInvalid` (E1) with the schema's first error unless ``root`` conforms."""
        with self._lock:
            try:
                if self._schema.validate(root):
                    return
                errors = list(self._schema.error_log)
            except Exception as exc:  # defensive: libxml2 refusing the tree itself
                raise SchemaInvalid(f"the request cannot be validated against the DUIS schema ({exc})",
                                    rule=_RULE) from None
        first = f"line {errors[0].line}: {errors[0].message}" if errors else "no detail from the validator"
        if len(first) > _MAX_REASON:
            first = first[: _MAX_REASON - 1] + "…"
        raise SchemaInvalid(f"does not conform to the DUIS 5.4 schema: {first}", rule=_RULE)


_lock = threading.Lock()
_schema: DuisSchema | None = None


def duis_schema() -> DuisSchema:
    """The process-wide compiled DUIS 5.4 schema, built on first use."""
    global _schema
    with _lock:
        if _schema is None:
            _schema = DuisSchema()
        return _schema
