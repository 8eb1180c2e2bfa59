"""GBCS payloads: DLMS typed data and access-request/response, GBZ (ZCL) components, ASN.1, and the
per-use-case data table the DUIS → GBCS transform renders (GBCS 7.2, 10.4, 13.3)."""
