"""12.1 Request WAN Matrix (DUIS 3.8.25; SEC F7): SM WAN coverage for a premises, by UPRN or by postcode and
address identifier, answered per CSP region from the SM WAN Coverage Database (``CoverageDatabase`` port), with
the Network Enhancement Plans on record applied (R-WAN-2: a plan's premises answer with its expected completion)."""

from __future__ import annotations

from gbdcc.domain.errors import DeviceUnknown, HeaderInvalid
from gbdcc.service.coverage.view import check_coverage
from gbdcc.service.messages import WanMatrixPayload
from gbdcc.service.non_device.base import HandlerResult, RequestContext
from gbdcc.service.ports import CoverageDatabase, UnitOfWork


def request_wan_matrix(uow: UnitOfWork, ctx: RequestContext, coverage: CoverageDatabase) -> HandlerResult:
    req = ctx.request
    if (uprn := req.text("UPRN")) is not None:
        premises = uow.inventory.by_uprn(uprn, 1)
        if not premises or premises[0].postcode is None:
            raise DeviceUnknown(f"12.1: UPRN {uprn} is not a premises known to the DCC", rule="DUIS-12.1")
        postcode = premises[0].postcode
        echo: tuple[str, object] = ("UPRN", uprn)
    elif (postcode_text := req.text("PartialAddress", "PostCode")) is not None:
        postcode = postcode_text
        echo = ("PartialAddress", (postcode, req.text("PartialAddress", "AddressIdentifier") or ""))
    else:
        raise HeaderInvalid("12.1 RequestWANMatrix needs a UPRN or a PartialAddress", rule="DUIS-12.1")
    answer = check_coverage(uow, coverage, postcode, ctx.now).coverage  # R-WAN-2
    note = (f"{answer.csp_region}: coverage {'available' if answer.available else 'not available'} at {postcode}"
            + (f", expected {answer.anticipated_date}" if answer.anticipated_date else ""))
    return HandlerResult("DUIS-12.1", note, payload=WanMatrixPayload(echo, (answer,)))
