"""The COSEM object model of the simulated ESME: stored attributes and their factory defaults — SIMULATION.

Data, not code: :func:`catalogue` gives every attribute an ESME use case reads or writes (GBCS 13.3,
the DLMS objects of the use-case table ``adapters/gbcs/payload/usecases/esme/``), keyed by
``(class id, OBIS, attribute)``, with the value of a new meter. The value's DLMS type tree is the
attribute's type: a SET with another shape is refused ``type-unmatched`` (12), a request for an object
the variant does not have is ``object-undefined`` (4). Attributes computed from the meter's state
(registers, clock, supply state, balances, logs…) are provided by the ESME itself and override these.

Future dating (GBCS 13.3.1 / 13.3.2, "passive" values activated at an execution date-time):
:data:`ACTIVE_OF` maps a passive attribute to the attribute it becomes at activation and
:data:`ACTIVATION_ATTRIBUTE` names each object's own activation date-time attribute; the
``0-0:94.44.128.x`` / ``0-0:63.1.1.255`` objects whose only attribute set is 6 carry the activation time
of the other passive values of their command (special days, thresholds, schedules) — the RTDS 0x8F66
alerts name exactly these attributes.

Monetary values are in units of 1/100 000 of the currency (GBCS ESME; £1 = 100 000), energy in Wh,
power in W.
"""

from __future__ import annotations

from functools import lru_cache

from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.base import obis

Key = tuple[int, bytes, int]

MONEY = 100_000  # units per currency unit (pound)
UNIT_W, UNIT_WH, UNIT_VARH, UNIT_V, UNIT_NONE, UNIT_CURRENCY = 27, 30, 32, 35, 255, 254
NOW = dd.NOW
NEVER = dd.NEVER


@lru_cache(maxsize=4096)
def k(class_id: int, obis_text: str, attribute: int) -> Key:
    return (class_id, obis(obis_text), attribute)


def u8(v: int) -> DlmsValue:
    return DlmsValue("unsigned", v)


def u16(v: int) -> DlmsValue:
    return DlmsValue("long-unsigned", v)


def u32(v: int) -> DlmsValue:
    return DlmsValue("double-long-unsigned", v)


def i8(v: int) -> DlmsValue:
    return DlmsValue("integer", v)


def i16(v: int) -> DlmsValue:
    return DlmsValue("long", v)


def i32(v: int) -> DlmsValue:
    return DlmsValue("double-long", v)


def enum(v: int) -> DlmsValue:
    return DlmsValue("enum", v)


def boolean(v: bool) -> DlmsValue:
    return DlmsValue("boolean", v)


def octets(v: bytes | str) -> DlmsValue:
    return dd.octets(v)


def visible(v: bytes) -> DlmsValue:
    return DlmsValue("visible-string", v)


def bits(n: int, raw: bytes | None = None) -> DlmsValue:
    return DlmsValue("bit-string", (n, raw if raw is not None else bytes((n + 7) // 8)))


def scaler_unit(scaler: int, unit: int) -> DlmsValue:
    return dd.structure(i8(scaler), enum(unit))


def unit_charge(commodity_scale: int, price_scale: int, register: tuple[int, bytes, int],
                prices: list[tuple[bytes, int]]) -> DlmsValue:
    """COSEM charge (class 113) unit charge: scaling, commodity reference, charge table (id, price)."""
    class_id, logical_name, attribute = register
    return dd.structure(
        dd.structure(i8(commodity_scale), i8(price_scale)),
        dd.structure(u16(class_id), octets(logical_name), i8(attribute)),
        dd.array(*(dd.structure(octets(i), i16(p)) for i, p in prices)))


#: the price list ids of the ESME tariff (GBCS 13.3.1; one-byte octet-strings): 48 TOU rates 0x01…0x30,
#: then block prices of the 8 block tariff rates: 0xA1…0xA8 (block 1) … 0xD1…0xD8 (block 4).
TOU_IDS = tuple(bytes([n]) for n in range(1, 49))
BLOCK_IDS = tuple(bytes([(0xA + b) << 4 | n]) for b in range(4) for n in range(1, 9))


def tou_price_id(rate: int) -> bytes:
    return bytes([rate])


def block_price_id(rate: int, block: int) -> bytes:
    """Block ``block`` (0-3) of block tariff rate ``rate`` (1-8)."""
    return bytes([(0xA + block) << 4 | rate])
IMPORT_REGISTER = (3, obis("1-0:1.8.0.255"), 2)
SECONDARY_REGISTER = (3, obis("1-0:1.8.20.255"), 2)

DEFAULT_PRICE_SCALE = -3  # price × 10^-3 £ per kWh (DLMS long: prices up to £32.767)
DEFAULT_UNIT_PRICE = 245  # 24.5 p/kWh
DEFAULT_STANDING_CHARGE = 530  # 53 p/day (scale -3)


def price_matrix(price: int = DEFAULT_UNIT_PRICE, *, secondary: bool = False) -> DlmsValue:
    ids = TOU_IDS[:4] if secondary else TOU_IDS + BLOCK_IDS
    return unit_charge(3, DEFAULT_PRICE_SCALE, SECONDARY_REGISTER if secondary else IMPORT_REGISTER,
                       [(i, price if i in (b"\x01", b"\xa1") else 0) for i in ids])


def flat_charge(amount: int, scale: int = -3) -> DlmsValue:
    """A charge without commodity (standing charge, time debt recovery rate)."""
    return unit_charge(0, scale, (0, bytes(6), 0), [(b"", amount)])


def date_time_value(raw: bytes = NOW) -> DlmsValue:
    return octets(raw)


def _calendar(selector: int) -> dict[int, DlmsValue]:
    """A single-rate calendar: one season from 2015, one week, one day switching to ``selector`` at 00:00."""
    season = dd.array(dd.structure(octets(b"\x01"), octets(bytes.fromhex("07DF0101FF000000008000FF")),
                                   octets(b"\x01")))
    week = dd.array(dd.structure(octets(b"\x01"), *(u8(1) for _ in range(7))))
    day = dd.array(dd.structure(u8(1), dd.array(dd.structure(
        octets(bytes.fromhex("00000000")), octets(bytes.fromhex("00000A0064FF")), u16(selector)))))
    return {2: octets(b"\x01"), 3: season, 4: week, 5: day, 6: octets(b"\x01"), 7: season, 8: week, 9: day,
            10: date_time_value(NEVER)}


def _schedule(script: str, selector: int) -> DlmsValue:
    """One entry of a COSEM schedule (class 10): index, enabled, script, selector, switch time, validity,
    exec weekdays, exec special days, begin / end date."""
    return dd.array(dd.structure(
        u16(1), boolean(False), octets(bytes.fromhex(script)), u16(selector), octets(bytes.fromhex("00000000")),
        u16(0xFFFF), bits(7, b"\xfe"), bits(0, b""), octets(bytes.fromhex("FFFFFFFFFF")),
        octets(bytes.fromhex("FFFFFFFFFF"))))


def _special_days() -> DlmsValue:
    return dd.array(dd.structure(u16(1), octets(bytes.fromhex("FFFF0C19FF")), u8(1)))


def _credit_charge_configuration() -> DlmsValue:
    return dd.array(*(dd.structure(octets(bytes.fromhex("0000130A00FF")), octets(bytes.fromhex(charge)),
                                   bits(3, b"\xe0"))
                      for charge in ("0000131400FF", "0000131404FF")))


def catalogue(*, phases: int = 1, twin: bool = False) -> dict[Key, DlmsValue]:
    """The stored attributes of a new ESME (see the module docstring). ``phases`` 3: polyphase (the
    phase 2 / 3 voltage objects exist); ``twin``: the secondary element's tariff objects exist."""
    c: dict[Key, DlmsValue] = {}

    def put(class_id: int, text: str, attribute: int, value: DlmsValue) -> None:
        c[k(class_id, text, attribute)] = value

    # --- identity, supplier, messages (ECS10, ECS12, ECS14, ECS16, ECS26e/m, ECS50)
    for text in ("0-0:96.1.1.255", "0-0:96.1.2.255", "0-0:96.1.4.255", "0-0:96.1.6.255"):
        put(1, text, 2, octets(b""))
    put(1, "0-0:94.44.0.4", 2, boolean(False))  # supply tamper state (ECS81)
    put(1, "0-2:96.13.1.255", 2, octets(b""))  # supplier message (ECS10)
    put(1, "0-0:94.44.3.2", 2, date_time_value(NEVER))  # CoT access restriction date-time (ECS12)
    put(1, "0-0:94.44.3.1", 2, octets(b""))  # privacy PIN (ECS14 disables it)
    put(1, "0-3:96.13.1.255", 2, octets(b""))  # customer identification number (ECS50)
    put(9000, "0-0:96.13.0.255", 2, octets(b""))  # supplier telephone number (ECS16)
    put(9000, "0-0:96.13.1.255", 2, octets(b""))  # supplier name (ECS16)
    put(1, "0-0:94.44.34.11", 2, octets(b""))  # import MPAN(s) (ECS39a)
    put(1, "1-0:0.0.2.255", 2, octets(b""))  # export MPAN (ECS39b)
    # --- randomisation (ECS26c, ECS38)
    for text in ("0-0:94.44.0.0", "0-0:94.44.0.1", "0-0:94.44.0.2"):
        put(1, text, 2, u16(0))
    # --- alert behaviour (ECS25a…b3 set 11-14, ECS25r1 / r2 read 15-18): supplier 0-30, network operator 0-33
    for b in (30, 33):
        for n in range(11, 19):
            put(1, f"0-{b}:97.98.{n}.255", 2, bits(256))
    # --- voltage configuration (ECS26b / k, ECS29a-f)
    for phase in range(phases):
        c_ = 32 + 20 * phase
        for n in (31, 35):
            put(1, f"1-0:{c_}.{n}.0.4", 2, u32(0))
        for n in (32, 36):  # sag / swell counters
            put(3, f"1-0:{c_}.{n}.0.4", 2, u32(0))
            put(3, f"1-0:{c_}.{n}.0.4", 3, scaler_unit(0, UNIT_NONE))
        put(7, f"1-0:{c_}.24.0.255", 4, u32(1800))  # average RMS voltage profile capture period
    for n in range(1, 5):
        put(71, f"0-0:17.0.{n}.255", 4, u32(0))
        put(71, f"0-0:17.0.{n}.255", 6, u32(30))
    # --- load limiting (ECS27, ECS28a / b)
    put(71, "0-0:17.0.0.255", 4, u32(0))  # threshold (W)
    put(71, "0-0:17.0.0.255", 6, u32(0))  # period over threshold (s)
    put(71, "0-0:17.0.0.255", 7, u32(0))  # restoration period (s)
    put(9000, "0-0:94.44.0.3", 2, boolean(False))  # disable supply when the load limit is exceeded
    put(3, "0-0:94.44.42.255", 3, scaler_unit(0, UNIT_NONE))  # load limit counter (live value)
    for text in ("0-0:94.44.128.6", "0-0:94.44.128.7", "0-0:94.44.128.8"):
        put(9000, text, 4, u32(0))
    put(9000, "0-0:94.44.0.3", 4, boolean(False))
    # --- instantaneous power thresholds (ECS26f, ECS34)
    put(21, "0-0:16.0.0.255", 2, dd.array(u32(2300), u32(4600)))
    # --- billing calendar (ECS26d / l, ECS30 / a) and daily block counter reset (ECS48)
    put(22, "0-0:15.0.0.255", 4, dd.array(dd.structure(octets(bytes.fromhex("00000000")),
                                                      octets(bytes.fromhex("FFFFFF01FF")))))
    put(22, "0-0:15.1.0.255", 4, dd.array())  # daily block counter reset: none until ECS48 sets one
    # --- maximum demand (ECS18a / b, ECS37, ECS57)
    put(10, "0-0:12.0.0.255", 2, _schedule("00000A8064FF", 1))
    for text in ("0-0:94.44.5.0", "0-0:94.44.5.1", "0-0:94.44.5.2"):
        put(1, text, 2, date_time_value(NEVER))  # last reset of each maximum demand register
    for text in ("1-0:1.6.0.255", "1-0:1.6.1.255", "1-0:2.6.0.255"):
        put(4, text, 3, scaler_unit(0, UNIT_W))
    # --- registers (ECS17a / c, ECS24)
    put(3, "1-0:2.8.0.255", 3, scaler_unit(0, UNIT_WH))
    put(3, "1-0:4.8.0.255", 3, scaler_unit(0, UNIT_VARH))
    put(3, "0-0:94.44.1.7", 2, u32(1))  # tariff currency multiplier register (ECS24)
    put(3, "0-0:94.44.1.7", 3, scaler_unit(-5, UNIT_CURRENCY))
    # --- tariff: primary element calendar, special days, block thresholds, prices, standing charge
    for attribute, value in _calendar(1).items():
        put(20, "0-0:13.0.0.255", attribute, value)
    put(11, "0-0:11.0.0.255", 2, _special_days())
    put(11, "0-1:11.0.0.255", 2, _special_days())
    unlimited = dd.array(u32(0xFFFFFFFF), u32(0xFFFFFFFF), u32(0xFFFFFFFF))
    for n in range(11, 19):
        put(21, f"0-0:16.0.{n}.255", 2, unlimited)
        put(21, f"0-0:16.1.{n}.255", 2, unlimited)
    put(113, "0-0:19.20.0.255", 5, price_matrix())
    put(113, "0-0:19.20.0.255", 6, price_matrix())
    put(113, "0-0:19.20.0.255", 7, date_time_value(NEVER))
    put(113, "0-0:19.20.4.255", 5, flat_charge(DEFAULT_STANDING_CHARGE))
    put(113, "0-0:19.20.4.255", 6, flat_charge(DEFAULT_STANDING_CHARGE))
    put(113, "0-0:19.20.4.255", 7, date_time_value(NEVER))
    put(9000, "0-0:94.44.2.0", 2, boolean(True))  # prices in pounds (currency unit switch)
    put(9000, "0-0:94.44.2.0", 4, boolean(True))
    if twin:  # secondary element (ECS01c / d, ECS24b)
        for attribute, value in _calendar(201).items():
            put(20, "0-0:13.0.1.255", attribute, value)
        put(11, "0-0:11.0.1.255", 2, _special_days())
        put(11, "0-1:11.0.1.255", 2, _special_days())
        put(113, "0-0:19.20.5.255", 5, price_matrix(secondary=True))
        put(113, "0-0:19.20.5.255", 6, price_matrix(secondary=True))
        put(113, "0-0:19.20.5.255", 7, date_time_value(NEVER))
        put(3, "0-0:94.44.1.8", 2, u32(1))
        put(3, "0-0:94.44.1.8", 3, scaler_unit(-5, UNIT_CURRENCY))
    # --- payment mode, prepayment and debt (ECS02 / 03 / 04 / 07 / 08 / 09, ECS26a / j, ECS82)
    put(111, "0-0:19.0.0.255", 2, dd.structure(enum(1), enum(2)))  # credit mode, active
    put(111, "0-0:19.0.0.255", 11, _credit_charge_configuration())
    put(111, "0-0:19.0.0.255", 16, i32(500_000))  # low credit threshold £5
    put(111, "0-0:19.0.0.255", 18, u16(10_000))  # debt recovery rate cap (max provision)
    put(111, "0-0:19.0.0.255", 19, i32(604_800))  # ... per week
    put(111, "0-1:19.0.0.255", 2, dd.structure(enum(1), enum(2)))
    put(111, "0-1:19.0.0.255", 11, _credit_charge_configuration())
    put(111, "0-1:19.0.0.255", 13, date_time_value(NEVER))
    put(112, "0-0:19.10.1.255", 9, i32(1_000_000))  # emergency credit limit £10
    put(112, "0-0:19.10.1.255", 10, i32(100_000))  # emergency credit threshold £1
    put(9000, "0-0:94.44.2.10", 2, i32(5_000_000))  # maximum credit threshold (one top-up) £50
    put(9000, "0-0:94.44.2.20", 2, i32(25_000_000))  # maximum meter balance £250
    put(9000, "0-0:94.44.2.10", 4, i32(5_000_000))
    put(9000, "0-0:94.44.2.20", 4, i32(25_000_000))
    put(9000, "0-0:94.44.128.22", 2, i32(0))  # disablement threshold
    put(9000, "0-0:94.44.128.22", 4, i32(0))
    for text, amount in (("0-0:94.44.128.9", 500_000), ("0-0:94.44.128.2", 1_000_000), ("0-0:94.44.128.3", 100_000),
                         ("0-0:94.44.128.13", 604_800)):
        put(9000, text, 4, i32(amount))
    put(9000, "0-0:94.44.128.12", 4, u16(10_000))
    put(21, "0-0:16.0.1.255", 2, dd.array(i32(-500_000)))  # credit monitor (low credit)
    put(11, "0-0:11.0.2.255", 2, _special_days())  # non-disablement special days
    put(11, "0-1:11.0.2.255", 2, _special_days())
    put(10, "0-0:12.0.1.255", 2, _schedule("00000A006AFF", 32))  # non-disablement calendar
    put(10, "0-1:12.0.1.255", 2, _schedule("00000A006AFF", 32))
    for n in (1, 2):
        put(113, f"0-0:19.20.{n}.255", 5, flat_charge(0))  # time-based debt recovery rate
        put(113, f"0-0:19.20.{n}.255", 6, flat_charge(0))
        put(113, f"0-0:19.20.{n}.255", 7, date_time_value(NEVER))
        put(113, f"0-0:19.20.{n}.255", 8, u32(86_400))
    put(113, "0-0:19.20.3.255", 13, u16(0))  # payment-based debt recovery (% × 100 of each top-up)
    # --- auxiliary load control, boost button, HCALCS (ECS46a / c / d, ECS47, ECS61a / c / d / e, ECS62)
    for n in range(1, 6):
        put(1, f"0-0:94.44.0.{10 + n}", 2, visible(b""))
        put(1, f"0-0:94.44.0.{20 + n}", 2, octets(bytes(8)))
        put(1, f"0-0:94.44.0.{30 + n}", 2, DlmsValue("utf8-string", b""))
        put(1, f"0-0:94.44.6.{n}", 2, boolean(False))
    put(1, "0-0:94.44.7.255", 2, boolean(False))
    put(11, "0-0:11.0.3.255", 2, _special_days())
    put(11, "0-1:11.0.3.255", 2, _special_days())
    put(10, "0-0:12.0.2.255", 2, _schedule("00000A0067FF", 0x0101))
    put(10, "0-1:12.0.2.255", 2, _schedule("00000A0067FF", 0x0101))
    for text in ("0-0:94.44.117.1", "0-0:94.44.117.2", "0-0:94.44.119.1", "0-0:94.44.119.2", "0-0:94.44.119.3",
                 "0-0:94.44.119.4", "0-0:94.44.121.1", "0-0:94.44.121.2", "0-0:94.44.121.3", "0-0:94.44.121.4"):
        put(1, text, 2, date_time_value(NEVER))
    # --- clock (ECS70)
    put(8, "0-0:1.0.0.255", 4, u8(0))
    put(8, "0-0:1.0.0.255", 9, enum(5))
    # --- execution date-times of the future-datable 9000 objects (passive value holders and the
    # activation points of a command's other passive values: 128.26 / 35 ALCS calendar / special days,
    # 128.28 / 31 non-disablement calendar / special days, 128.29 / 30 special days, 63.1.1 thresholds)
    for text in ("0-0:94.44.0.3", "0-0:94.44.2.0", "0-0:94.44.2.10", "0-0:94.44.2.20", "0-0:94.44.128.2",
                 "0-0:94.44.128.3", "0-0:94.44.128.6", "0-0:94.44.128.7", "0-0:94.44.128.8", "0-0:94.44.128.9",
                 "0-0:94.44.128.12", "0-0:94.44.128.13", "0-0:94.44.128.22", "0-0:94.44.128.26",
                 "0-0:94.44.128.28", "0-0:94.44.128.29", "0-0:94.44.128.30", "0-0:94.44.128.31",
                 "0-0:94.44.128.35", "0-0:63.1.1.255"):
        put(9000, text, 6, date_time_value(NEVER))
    return c


#: Attributes whose values may take either of several DLMS types (the use cases write them both ways).
ALTERNATIVE_TYPES: dict[Key, tuple[str, ...]] = {
    k(1, "0-0:94.44.117.1", 2): ("octet-string", "long-unsigned"),  # ALCS start date-time / boost duration
    k(1, "0-0:94.44.119.2", 2): ("octet-string", "long-unsigned"),
    k(9000, "0-0:94.44.2.20", 2): ("double-long",),
}

#: Written attribute → the attribute a read returns (set one, read the other).
ALIASES: dict[Key, Key] = {
    **{k(1, f"0-{b}:97.98.{n}.255", 2): k(1, f"0-{b}:97.98.{n + 4}.255", 2) for b in (30, 33) for n in range(11, 15)},
}


def _passive_pairs() -> dict[Key, Key]:
    pairs: dict[Key, Key] = {}
    for cal in ("0-0:13.0.0.255", "0-0:13.0.1.255"):
        for passive, active in ((6, 2), (7, 3), (8, 4), (9, 5)):
            pairs[k(20, cal, passive)] = k(20, cal, active)
    for n in range(4):
        pairs[k(11, f"0-1:11.0.{n}.255", 2)] = k(11, f"0-0:11.0.{n}.255", 2)
    for n in (1, 2):
        pairs[k(10, f"0-1:12.0.{n}.255", 2)] = k(10, f"0-0:12.0.{n}.255", 2)
    for n in range(11, 19):
        pairs[k(21, f"0-0:16.1.{n}.255", 2)] = k(21, f"0-0:16.0.{n}.255", 2)
    for n in range(6):
        pairs[k(113, f"0-0:19.20.{n}.255", 6)] = k(113, f"0-0:19.20.{n}.255", 5)
    for attribute in (2, 11):
        pairs[k(111, "0-1:19.0.0.255", attribute)] = k(111, "0-0:19.0.0.255", attribute)
    for text in ("0-0:94.44.2.0", "0-0:94.44.2.10", "0-0:94.44.2.20", "0-0:94.44.128.22", "0-0:94.44.0.3"):
        pairs[k(9000, text, 4)] = k(9000, text, 2)
    # GBCS 9000 objects holding a passive value of another object (the RTDS ECS26a / ECS27 reads)
    pairs[k(9000, "0-0:94.44.128.9", 4)] = k(111, "0-0:19.0.0.255", 16)  # low credit threshold
    pairs[k(9000, "0-0:94.44.128.12", 4)] = k(111, "0-0:19.0.0.255", 18)  # debt recovery rate cap
    pairs[k(9000, "0-0:94.44.128.13", 4)] = k(111, "0-0:19.0.0.255", 19)  # ... and its period
    pairs[k(9000, "0-0:94.44.128.2", 4)] = k(112, "0-0:19.10.1.255", 9)  # emergency credit limit
    pairs[k(9000, "0-0:94.44.128.3", 4)] = k(112, "0-0:19.10.1.255", 10)  # emergency credit threshold
    pairs[k(9000, "0-0:94.44.128.7", 4)] = k(71, "0-0:17.0.0.255", 4)  # load limit power threshold
    pairs[k(9000, "0-0:94.44.128.6", 4)] = k(71, "0-0:17.0.0.255", 6)  # load limit period
    pairs[k(9000, "0-0:94.44.128.8", 4)] = k(71, "0-0:17.0.0.255", 7)  # load limit restoration period
    return pairs


ACTIVE_OF: dict[Key, Key] = _passive_pairs()


def activation_attribute(key: Key) -> Key | None:
    """The activation date-time attribute of the object a passive attribute belongs to, if it has one."""
    class_id, logical_name, _ = key
    own = {20: 10, 113: 7, 9000: 6, 111: 13}.get(class_id)
    return (class_id, logical_name, own) if own is not None else None


def is_activation(key: Key) -> bool:
    """An execution date-time attribute (class 20 attr 10, 113 attr 7, 9000 attr 6, 111 attr 13)."""
    class_id, _, attribute = key
    return {20: 10, 113: 7, 9000: 6, 111: 13}.get(class_id) == attribute


def shape(value: DlmsValue) -> object:
    """The type tree of a value; arrays by their element types (any length), compact-arrays by their
    description."""
    if value.type == "structure":
        return ("structure", tuple(shape(v) for v in value.value))
    if value.type == "array":
        return ("array", frozenset(shape(v) for v in value.value))
    if value.type == "compact-array":
        return ("compact-array", value.value[0])
    return value.type


def conforms(value: DlmsValue, template: DlmsValue) -> bool:
    """Whether ``value`` has the type of ``template`` (structures field by field; arrays: every element
    like the template's elements, any length; an empty template array accepts any elements)."""
    if value.type != template.type:
        return False
    if value.type == "structure":
        return len(value.value) == len(template.value) and all(
            conforms(v, t) for v, t in zip(value.value, template.value, strict=True))
    if value.type == "array":
        if not template.value:
            return True
        kinds = template.value
        return all(any(conforms(v, t) for t in kinds) for v in value.value)
    return True
