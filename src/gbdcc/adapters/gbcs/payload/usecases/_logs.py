"""Log reads shared by many use cases (GBCS 13.3.x read-log use cases, DLMS/COSEM IEC 62056).

* :func:`protected_log_read` — a class 30 (data protection) ``get_protected_attributes`` action reading a
  profile between the DUIS ``ReadLogPeriod`` dates, with the protection parameters that make the device
  encrypt its answer for the requester (transaction id from the counter, originator, recipient).
* :func:`utc_range_read` — a selective GET of a profile's buffer by range over the UTC clock column
  (``0-0:94.44.100.255``), the dates as UTC seconds since 2000.
"""

from __future__ import annotations

from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Req, T
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S

START, END = "ReadLogPeriod/StartDateTime", "ReadLogPeriod/EndDateTime"


def protected_log_read(protection_obis: str, profile_obis_hex: str) -> Req:
    """Class 30 ``protection_obis`` method 1 over the profile (class 7) ``profile_obis_hex`` attribute 2,
    entries between the read-log dates."""
    return Req("action", 30, protection_obis, 1, S(
        A(S(
            T("long-unsigned", 7), T("octet-string", profile_obis_hex), T("integer", 2), T("long-unsigned", 0),
            S(T("enum", 1), S(T("octet-string", B("dlms_dt", START)), T("octet-string", B("dlms_dt", END)))),
        )),
        A(S(
            T("enum", 2),
            S(
                T("octet-string", B("enc_txid", "@counter")),
                T("octet-string", B("ctx", "@originator")),
                T("octet-string", B("ctx", "@recipient")),
                T("octet-string", ""),
                S(T("enum", 2), S(T("octet-string", "02"), T("octet-string", ""))),
            ),
        )),
    ))


def utc_range_read(class_id: int, obis: str, attribute: int) -> Req:
    """GET-with-selection (range descriptor, selector 1) of ``obis`` ``attribute`` over the UTC clock column."""
    return Req("get-with-selection", class_id, obis, attribute, T("null-data"), selector=1, selection=S(
        S(T("long-unsigned", 1), T("octet-string", "00005e2c64ff"), T("integer", 2), T("long-unsigned", 0)),
        T("double-long-unsigned", B("utc2000", START)),
        T("double-long-unsigned", B("utc2000", END)),
        A(),
    ))
