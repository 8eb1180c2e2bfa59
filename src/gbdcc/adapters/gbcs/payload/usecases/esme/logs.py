"""ESME use cases: Event / security / power / ALCS log reads — ECS35, ECS37 (GBCS 13.3.4).

DLMS access-requests (GBCS 13.3.x, DLMS/COSEM IEC 62056): message code, Service Reference Variant,
DUIS body element and a payload template per body shape; ``B(conv, path...)`` bindings say which DUIS
value fills a field (see :mod:`gbdcc.adapters.gbcs.payload.usecases`). Mined from the RTDS 4.5.0
vectors and reviewed.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Dlms, Req, T, UseCase, Variant
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S
from gbdcc.adapters.gbcs.payload.usecases._logs import utc_range_read

USE_CASES: tuple[UseCase, ...] = (
    UseCase('ECS35a', 0x0048, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:99.98.0.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS35b', 0x0049, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:99.98.1.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS35c', 0x0093, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:99.98.0.255', 2),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('ECS35d', 0x0094, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:99.98.1.255', 2),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('ECS35e', 0x00B9, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:99.98.4.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS35f', 0x00BA, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-17:99.98.2.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS35g', 0x00FD, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-17:99.98.2.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS37', 0x004A, '6.18.1', 'SetMaximumDemandConfigurableTimePeriod', (
        Variant(frozenset(['MaximumDemandTimePeriodSchedule/EndTime', 'MaximumDemandTimePeriodSchedule/StartTime']), Dlms((
            Req('set', 10, '0-0:12.0.0.255', 2, A(
                S(
                    T('long-unsigned', 0),
                    T('boolean', True),
                    T('octet-string', '00000a8064ff'),
                    T('long-unsigned', 1),
                    T('octet-string', '11000000'),
                    T('long-unsigned', 65535),
                    T('bit-string', [7, 'fe']),
                    T('bit-string', [0, '']),
                    T('octet-string', '000001ffff'),
                    T('octet-string', 'ffffffffff'),
                ),
                S(
                    T('long-unsigned', 1),
                    T('boolean', True),
                    T('octet-string', '00000a8064ff'),
                    T('long-unsigned', 2),
                    T('octet-string', '16000000'),
                    T('long-unsigned', 65535),
                    T('bit-string', [7, 'fe']),
                    T('bit-string', [0, '']),
                    T('octet-string', '000001ffff'),
                    T('octet-string', 'ffffffffff'),
                ),
            )),
        ))),
    ), devices=('ESME',)),
)
