"""XML namespaces and algorithm identifiers of DUIS 5.4 (DOMAIN.md §2)."""

from __future__ import annotations

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
"""DUIS Service User Gateway namespace (prefix ``sr``)."""
RA = "http://www.dccinterface.co.uk/ResponseAndAlert"
"""DUIS Response and Alert namespace (prefix ``ra``)."""
DS = "http://www.w3.org/2000/09/xmldsig#"
"""W3C XML-DSig namespace (prefix ``ds``)."""
XSI = "http://www.w3.org/2001/XMLSchema-instance"

NSMAP = {"sr": SR, "ra": RA, "ds": DS}

SCHEMA_VERSION = "5.4"

# XML-DSig algorithms DUIS allows (DUIS 3.2.2, as emitted by the DCC's own signing tool).
ALG_EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ALG_C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
ALG_ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
ALG_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
ALG_ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"


def sr(local: str) -> str:
    """Clark name ``{sr-namespace}local``."""
    return f"{{{SR}}}{local}"


def ds(local: str) -> str:
    """Clark name ``{ds-namespace}local``."""
    return f"{{{DS}}}{local}"
