"""Template constructs for arbitrary DUIS input: repeat per DUIS element (Each), optional parts (When),
attribute-selected paths, execution date-time and DER converters."""

from __future__ import annotations

from lxml import etree

from gbdcc.adapters.gbcs.payload.converters import convert
from gbdcc.adapters.gbcs.payload.dlms_data import NOW
from gbdcc.adapters.gbcs.payload.source import BodySource
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Dlms, Each, Len, Raw, Req, T, When

BODY = b"""<R><ExecutionDateTime>2030-01-15T09:00:00.00Z</ExecutionDateTime>
<Prices><Price>10</Price><Price>20</Price><Price>30</Price></Prices>
<Desc index="2"><Text>AB</Text></Desc><Desc index="4"><Text>CD</Text></Desc></R>"""


def _src(xml: bytes = BODY, **ctx: object) -> BodySource:
    return BodySource(etree.fromstring(xml), {"counter": 1000, **ctx})


def test_each_repeats_per_element_with_index_and_count() -> None:
    raw = Raw("aa", B("le1", "#Prices/Price"), Each("Prices/Price", B("le1", "@number"), B("le2", ".")))
    assert raw.render(_src()).hex() == "aa03" + "010a00" + "021400" + "031e00"
    fewer = _src(b"<R><Prices><Price>7</Price></Prices></R>")
    assert raw.render(fewer).hex() == "aa01" + "010700"


def test_each_in_a_dlms_array_sets_its_length() -> None:
    arr = T("array", (Each("Prices/Price", T("structure", (T("unsigned", B("int", "@index")),
                                                          T("long-unsigned", B("int", "."))))),))
    value = arr.render(_src())
    assert len(value.value) == 3
    assert [item.value[1].value for item in value.value] == [10, 20, 30]
    assert [item.value[0].value for item in value.value] == [0, 1, 2]


def test_each_scope_reads_request_paths_with_a_leading_slash() -> None:
    raw = Raw(Each("Prices/Price", B("zb_exec", "/ExecutionDateTime")))
    assert len(raw.render(_src())) == 12


def test_when_includes_parts_only_for_present_elements() -> None:
    dlms = Dlms(tuple(
        When("present", f"Desc[@index={n}]", Req("set", 1, f"0-0:94.44.0.1{n}", 2,
                                                   T("visible-string", B("ascii", f"Desc[@index={n}]/Text"))))
        for n in range(1, 6)
    ))
    out = dlms.render(_src())
    assert out.count(b"AB") == 1 and out.count(b"CD") == 1
    assert bytes([0, 0, 94, 44, 0, 12]) in out and bytes([0, 0, 94, 44, 0, 11]) not in out


def test_when_not_cancelled() -> None:
    part = Raw("01", When("not-cancelled", "ExecutionDateTime", "ff"))
    assert part.render(_src()) == b"\x01\xff"
    cancelled = _src(b"<R><ExecutionDateTime>3000-12-31T00:00:00Z</ExecutionDateTime></R>")
    assert part.render(cancelled) == b"\x01"


def test_execution_date_time_converters() -> None:
    src = _src()
    future = convert("zb_exec", ("ExecutionDateTime",), src)
    assert int.from_bytes(future, "little") == 948_013_200  # 2030-01-15T09:00Z, ZigBee UTC time
    assert convert("zb_exec_be", ("ExecutionDateTime",), src) == future[::-1]
    assert convert("gentime_exec", ("ExecutionDateTime",), src) == b"20300115090000Z"
    cancel = _src(b"<R><ExecutionDateTime>3000-12-31T00:00:00Z</ExecutionDateTime></R>")
    assert convert("zb_exec", ("ExecutionDateTime",), cancel) == b"\xff" * 4
    assert convert("zb_exec_fe", ("ExecutionDateTime",), cancel) == b"\xfe\xff\xff\xff"
    assert convert("gentime_exec", ("ExecutionDateTime",), cancel) == b"99991231235959Z"
    assert convert("zb_exec", ("Absent",), src) == bytes(4)
    assert convert("exec_dt", ("Absent",), src) == NOW


def test_der_lengths_follow_the_counter() -> None:
    tpl = Raw(Len("30", "02", B("der_int", "@counter"), "0401aa"))
    assert tpl.render(_src()).hex() == "3007" + "020203e8" + "0401aa"
    big = BodySource(None, {"counter": 2**56 + 1})
    assert tpl.render(big).hex() == "300d" + "02080100000000000001" + "0401aa"
    assert tpl.render(BodySource(None, {"counter": 128})).hex() == "3007" + "0202" + "0080" + "0401aa"


def test_is_and_enum_converters() -> None:
    src = _src(b"<R><S>Disable</S><C>ECB</C><D>true</D><E>false</E></R>")
    assert convert("is:Disable", ("S",), src) is True
    assert convert("zcl_currency", ("C",), src) == (978).to_bytes(2, "little")
    assert convert("zcl_payment_control", ("D", "E"), src) == (0x0097 | 1 << 10 | 1 << 11).to_bytes(2, "little")
