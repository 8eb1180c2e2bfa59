"""``gbdcc gbcs transform TEMPLATE.xml --keys DIR [--counter N] [--device-type EUI=TYPE]``.

Prints the Pre-Command (critical SRV) or the ACB-MAC'd command (non-critical) as upper-case hex on one
line. Device types default to the RTDS test estate (simulated, documented): ESME ``…90-A0``, GSME
``…A1``, CHF ``…A2``, GPF ``…A3``, PPMID/IHD ``…A4``; the header date-time is absent, as in the RTDS
vectors.
"""

from __future__ import annotations

from pathlib import Path

from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.transform import TransformContext, transform
from gbdcc.domain.ids import Eui64

RTDS_DEVICE_TYPES: dict[str, str] = {
    "00-DB-12-34-56-78-90-A0": "ESME",
    "00-DB-12-34-56-78-90-A1": "GSME",
    "00-DB-12-34-56-78-90-A2": "CHF",
    "00-DB-12-34-56-78-90-A3": "GPF",
    "00-DB-12-34-56-78-90-A4": "PPMID",
}
"""The RTDS test estate's device types (simulated estate used by the DCC's RTDS vectors)."""


def parse_device_types(options: list[str] | None) -> dict[str, str]:
    """``EUI=TYPE`` options on top of the RTDS defaults."""
    out = dict(RTDS_DEVICE_TYPES)
    for opt in options or []:
        eui, _, kind = opt.partition("=")
        if not kind:
            raise ValueError(f"--device-type expects EUI=TYPE, got {opt!r}")
        out[str(Eui64.parse(eui.strip()))] = kind.strip().upper()
    return out


def transform_command(
    template: Path, keys: Path, counter: int | None = None, device_types: list[str] | None = None
) -> str:
    """Transform one DUIS request file; return the GBCS command as upper-case hex."""
    root = parse_xml(Path(template).read_bytes())
    types = parse_device_types(device_types)
    rid = root.findtext("{http://www.dccinterface.co.uk/ServiceUserGateway}Header/"
                        "{http://www.dccinterface.co.uk/ServiceUserGateway}RequestID") or ""
    target = rid.split(":")[1] if rid.count(":") == 2 else ""
    device_type = types.get(str(Eui64.parse(target))) if target else None
    ctx = TransformContext(keys=KeyRing.load(keys), counter=counter, device_type=device_type)
    return transform(root, ctx).hex().upper()
