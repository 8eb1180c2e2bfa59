"""``load_file`` against the in-memory unit of work: a file applies whole or changes nothing, its response
file names each bad line, repeats and skipped sequence numbers are refused, FULL / PARTIAL / UPDATE do what
``docs/rdp-files.md`` says, unsolicited refreshes are tracked (R-REG-1), churn to non-Users is recorded
(R-CHURN-1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.rdp import OPERATOR, SUPPLIER, SUPPLIER_2, file_text, mpan, reg

from gbdcc.adapters.rdp.files import read_response
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.domain.parties import User, UserRole, UserRoleEntry
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.model import Fuel
from gbdcc.service.registration import registered_parties

from .conftest import NOW, Rdps, bad_lines

IS = UserRole.IMPORT_SUPPLIER


def supplier(r: Rdps, mpxn: str, at: datetime = NOW) -> frozenset[Eui64]:
    with r.factory() as uow:
        return registered_parties(uow, mpxn, at).get(IS, frozenset())


def test_an_accepted_file_applies_and_its_response_says_so(rdps: Rdps) -> None:
    loaded = rdps.load(file_text([reg(mpan(1)), reg(mpan(2), SUPPLIER_2)]))
    response = read_response(loaded.response)
    assert loaded.outcome.accepted and response.accepted and response.errors == ()
    assert (response.rdp_id, response.sequence, response.kind) == ("ENWL", "1", "FULL")
    assert response.summary | {} == {"records": "2", "mpxns": "2", "added": "2", "changed": "2", "removed": "0",
                                     "errors": "0", "unsolicited": "N", "churn": "0"}
    assert supplier(rdps, mpan(1)) == {Eui64.parse(SUPPLIER)} and supplier(rdps, mpan(2)) == {Eui64.parse(SUPPLIER_2)}
    with rdps.factory() as uow:
        rdp = uow.rdps.get("ENWL")
        [logged] = uow.rdps.files("ENWL", 10)
        points = uow.rdps.points("ENWL")
    assert rdp is not None and rdp.next_sequence == 2
    assert logged.accepted and logged.response == loaded.response and logged.file_id == loaded.outcome.file_id
    assert logged.source == "test" and logged.name == "test.csv" and len(logged.sha256) == 64
    assert sorted(points) == [mpan(1), mpan(2)]


def test_a_malformed_file_changes_nothing_and_its_response_names_each_bad_line(rdps: Rdps) -> None:
    rdps.load(file_text([reg(mpan(1))]))
    before = rdps.state()
    text = file_text([reg(mpan(1), SUPPLIER_2), reg("not-an-mpan"), reg(mpan(3)), reg(mpan(4), domestic="?"),
                      reg(mpan(5), supplier=OPERATOR)], sequence=2)
    loaded = rdps.load(text)
    assert not loaded.outcome.accepted
    assert bad_lines(loaded) == [3, 5, 6]
    assert read_response(loaded.response).summary["errors"] == "3"
    assert rdps.state() == before  # not even the good lines applied
    assert supplier(rdps, mpan(1)) == {Eui64.parse(SUPPLIER)}
    with rdps.factory() as uow:
        logged = uow.rdps.files("ENWL", 10)
    assert [f.accepted for f in logged] == [False, True]  # the refused file is logged all the same
    assert rdps.load(text.replace("not-an-mpan", mpan(2)).replace(",?", ",Y").replace(OPERATOR + "," + OPERATOR,
                                                                                      SUPPLIER + "," + OPERATOR))\
        .outcome.accepted  # corrected, the same sequence number is accepted


def test_a_repeated_file_and_a_skipped_sequence_number_are_refused(rdps: Rdps) -> None:
    text = file_text([reg(mpan(1))])
    assert rdps.load(text).outcome.accepted
    before = rdps.state()
    repeat, skipped = rdps.load(text), rdps.load(file_text([reg(mpan(1))], sequence=3))
    assert read_response(repeat.response).errors[0][1] == "GBDCC-655"
    assert "repeat" in read_response(repeat.response).errors[0][3]
    assert "out of sequence" in read_response(skipped.response).errors[0][3]
    assert rdps.state() == before


def test_an_unknown_rdp_or_another_rdps_file_is_refused(rdps: Rdps) -> None:
    unknown = rdps.load(file_text([reg(mpan(1))], rdp="WPD"))
    assert read_response(unknown.response).errors[0][1:3] == ("GBDCC-653", "R-USER-2")
    wrong = rdps.load(file_text([reg(mpan(1))]), expected_rdp="WPD")
    assert not wrong.outcome.accepted and "sent for RDP WPD" in read_response(wrong.response).errors[0][3]


def test_a_metering_point_of_another_rdp_is_refused(rdps: Rdps) -> None:
    rdps.add("WPD")
    assert rdps.load(file_text([reg(mpan(1))], rdp="WPD")).outcome.accepted
    loaded = rdps.load(file_text([reg(mpan(2)), reg(mpan(1))]))
    assert bad_lines(loaded) == [3] and "RDP WPD's" in read_response(loaded.response).errors[0][3]


def test_a_gas_rdp_sends_mprns_only(rdps: Rdps) -> None:
    rdps.lenient = True
    rdps.add("XOS", Fuel.GAS)
    gas = reg("4057232906", fuel="G", operator="90-B3-D5-1F-30-02-00-09")
    assert rdps.load(file_text([gas], rdp="XOS")).outcome.accepted
    with rdps.factory() as uow:
        assert registered_parties(uow, "4057232906", NOW)[UserRole.GAS_SUPPLIER] == {Eui64.parse(SUPPLIER)}
    assert bad_lines(rdps.load(file_text([reg(mpan(1))], rdp="XOS", sequence=2))) == [2]


def test_full_drops_what_it_no_longer_lists_partial_keeps_it(rdps: Rdps) -> None:
    rdps.load(file_text([reg(mpan(1)), reg(mpan(2)), reg(mpan(3))]))
    partial = rdps.load(file_text([reg(mpan(1), SUPPLIER_2)], kind="PARTIAL", sequence=2))
    assert read_response(partial.response).summary["removed"] == "0"
    full = rdps.load(file_text([reg(mpan(1), SUPPLIER_2)], sequence=3, created="2026-06-01T06:00:00Z"))
    assert read_response(full.response).summary["removed"] == "2"
    with rdps.factory() as uow:
        assert sorted(uow.rdps.points("ENWL")) == [mpan(1)]
    cut = datetime(2026, 6, 1, 6, tzinfo=UTC)
    assert supplier(rdps, mpan(2), cut - timedelta(seconds=1)) == {Eui64.parse(SUPPLIER)}
    assert supplier(rdps, mpan(2), cut) == frozenset()


def test_update_changes_what_it_names_only(rdps: Rdps) -> None:
    rdps.load(file_text([reg(mpan(1)), reg(mpan(2))]))
    loaded = rdps.load(file_text([reg(mpan(1), SUPPLIER_2, "2026-07-01", end="2026-08-01")], kind="UPDATE", sequence=2))
    assert read_response(loaded.response).summary["changed"] == "1"
    july, august = datetime(2026, 7, 15, tzinfo=UTC), datetime(2026, 8, 15, tzinfo=UTC)
    assert supplier(rdps, mpan(1), july) == {Eui64.parse(SUPPLIER_2)}
    assert supplier(rdps, mpan(1), august) == {Eui64.parse(SUPPLIER)}
    assert supplier(rdps, mpan(2), july) == {Eui64.parse(SUPPLIER)}


def test_r_reg_1_unsolicited_refreshes_are_accepted_and_tracked(rdps: Rdps) -> None:
    """Monthly on the 1st: today (1 June) one refresh is due; a second that day is unsolicited, and so is one
    on the 2nd; an update never is."""
    first = rdps.load(file_text([reg(mpan(1))]))
    again = rdps.load(file_text([reg(mpan(1), SUPPLIER_2)], kind="PARTIAL", sequence=2))
    update = rdps.load(file_text([reg(mpan(1))], kind="UPDATE", sequence=3))
    rdps.clock.at = NOW + timedelta(days=1)
    next_day = rdps.load(file_text([reg(mpan(1))], kind="PARTIAL", sequence=4))
    assert [f.outcome.unsolicited for f in (first, again, update, next_day)] == [False, True, False, True]
    assert all(f.outcome.accepted for f in (first, again, update, next_day))
    assert read_response(again.response).summary["unsolicited"] == "Y"
    with rdps.factory() as uow:
        assert [f.unsolicited for f in uow.rdps.files("ENWL", 10)] == [True, False, True, False]


def test_r_churn_1_moving_an_enrolled_meter_to_a_non_user_is_recorded(rdps: Rdps) -> None:
    meter = Device(Eui64(0x00DB123456789A00), DeviceType.ESME, SmiStatus.COMMISSIONED, NOW, import_mpxn=mpan(1),
                   history=(StatusChange(SmiStatus.COMMISSIONED, NOW, "test"),))
    with rdps.factory() as uow:
        uow.users.put(User(Eui64.parse(SUPPLIER), "Old", (UserRoleEntry(IS, date(2020, 1, 1)),)))
        uow.inventory.add(meter)
        uow.inventory.add(replace(meter, device_id=Eui64(0x00DB123456789A01), import_mpxn=mpan(2)))
        uow.commit()
    rdps.load(file_text([reg(mpan(1)), reg(mpan(2)), reg(mpan(3))]))
    loaded = rdps.load(file_text([reg(mpan(1), SUPPLIER_2, "2026-07-01", domestic="N"),
                                  reg(mpan(2), SUPPLIER, "2026-07-01"),
                                  reg(mpan(3), SUPPLIER_2, "2026-07-01", domestic="N")], kind="UPDATE", sequence=2))
    [flag] = loaded.churn
    assert (flag.mpxn, flag.previous_supplier, flag.new_supplier) == (mpan(1), Eui64.parse(SUPPLIER),
                                                                     Eui64.parse(SUPPLIER_2))
    assert flag.customer_must_be_told and flag.devices == (meter.device_id,)
    assert read_response(loaded.response).summary["churn"] == "1"
    with rdps.factory() as uow:
        [recorded] = uow.rdps.churn(None, 10)
    assert recorded.flag == flag and recorded.rdp_id == "ENWL" and recorded.file_id == loaded.outcome.file_id


def test_of_two_loads_of_one_file_one_applies_the_other_is_a_repeat(rdps: Rdps) -> None:
    """The write unit moves the sequence number on by compare-and-set: a load that read before another load
    of the same file committed is refused, not applied twice."""
    text = file_text([reg(mpan(1))])
    real = rdps.factory
    raced: list[bool] = []

    def factory(*, read_only: bool = False):  # type: ignore[no-untyped-def]
        if not read_only and not raced:
            raced.append(True)
            rdps.factory = real
            raced.append(rdps.load(text).outcome.accepted)  # the other load wins meanwhile
        return real(read_only=read_only)

    rdps.factory = factory  # type: ignore[assignment]
    loser = rdps.load(text)
    assert raced == [True, True]
    assert not loser.outcome.accepted and "another load" in read_response(loser.response).errors[0][3]
    with real() as uow:
        assert [f.accepted for f in uow.rdps.files("ENWL", 10)] == [False, True]


# -- the property: whole or nothing -----------------------------------------------------------------

BROKEN = ["", "x", "１", "2026-02-30", "Q", "90-B3", OPERATOR]


@st.composite
def files(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 8))
    regs = [reg(mpan(draw(st.integers(0, 12))), draw(st.sampled_from([SUPPLIER, SUPPLIER_2])),
                f"2026-0{draw(st.integers(1, 9))}-01", domestic=draw(st.sampled_from("YN"))) for _ in range(n)]
    if draw(st.booleans()):
        i, f = draw(st.integers(0, n - 1)), draw(st.integers(1, 6))
        parts = regs[i].split(",")
        parts[f] = draw(st.sampled_from(BROKEN))
        regs[i] = ",".join(parts)
    return file_text(regs, kind=draw(st.sampled_from(["FULL", "PARTIAL", "UPDATE"])), sequence=draw(st.integers(1, 3)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(files(), min_size=1, max_size=4))
def test_any_file_either_applies_whole_or_changes_nothing(texts: list[str]) -> None:
    r = Rdps()
    r.add(cadences=RdpCadences(Cadence(daily_from=date(2026, 1, 1)), Cadence()))
    for text in texts:
        before = r.state()
        loaded = r.load(text)
        if not loaded.outcome.accepted:
            assert r.state() == before
            assert read_response(loaded.response).errors
            continue
        with r.factory() as uow:
            rdp = uow.rdps.get("ENWL")
            periods = list(uow.registration.for_mpxns(mpan(i) for i in range(13)))
        assert rdp is not None and rdp.next_sequence == int(read_response(loaded.response).sequence) + 1
        lines = [line.split(",") for line in text.splitlines() if line.startswith("REG")]
        latest: dict[tuple[str, str], str] = {}
        for parts in lines:
            latest[(parts[1], parts[5])] = parts[3]
        for (mpxn, start), party in latest.items():  # every record holds at its effective date
            at = datetime.fromisoformat(start).replace(tzinfo=UTC)
            assert [p.party for p in periods if p.mpxn == mpxn and p.role is IS and p.effective_at(at)] == [
                Eui64.parse(party)]
