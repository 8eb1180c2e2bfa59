"""ESME use cases: Import tariff (primary element) — ECS01a, SRV 1.1.1 (GBCS 13.3.1).

DLMS access-requests (GBCS 13.3.x, DLMS/COSEM IEC 62056): message code, Service Reference Variant,
DUIS body element and a payload template per body shape; ``B(conv, path...)`` bindings say which DUIS
value fills a field (see :mod:`gbdcc.adapters.gbcs.payload.usecases`). Mined from the RTDS 4.5.0
vectors and reviewed.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Dlms, Req, T, UseCase, Variant
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S, price_list
from gbdcc.adapters.gbcs.payload.usecases.esme._calendar import tariff_tables

USE_CASES: tuple[UseCase, ...] = (
    UseCase('ECS01a', 0x0019, '1.1.1', 'UpdateImportTariffPrimaryElement', (
        Variant(frozenset(['ElecTariffElements/CurrencyUnits', 'ElecTariffElements/SpecialDays/SpecialDay/Date/DayOfMonth/SpecifiedDayOfMonth', 'ElecTariffElements/SpecialDays/SpecialDay/Date/DayOfWeek/NonSpecifiedDayOfWeek', 'ElecTariffElements/SpecialDays/SpecialDay/Date/Month/SpecifiedMonth', 'ElecTariffElements/SpecialDays/SpecialDay/Date/Year/NonSpecifiedYear', 'ElecTariffElements/SpecialDays/SpecialDay/Date/Year/SpecifiedYear', 'ElecTariffElements/SpecialDays/SpecialDay/ReferencedDayName', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/DayName', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/BlockTariffAction', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/StartTime', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/TOUTariffAction', 'ElecTariffElements/SwitchingTable/Seasons/Season/ReferencedWeekName', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonName', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/DayOfMonth/SpecifiedDayOfMonth', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/Month/SpecifiedMonth', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/Year/SpecifiedYear', 'ElecTariffElements/SwitchingTable/WeekProfiles/WeekProfile/ReferencedDayName', 'ElecTariffElements/SwitchingTable/WeekProfiles/WeekProfile/WeekName', 'ElecTariffElements/ThresholdMatrix/Thresholds/BlockThreshold', 'ExecutionDateTime', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices/BlockPrice', 'PriceElements/ElectricityPriceElements/HybridTariff/TOUPrice', 'PriceElements/ElectricityPriceElements/PriceScale', 'PriceElements/ElectricityPriceElements/StandingCharge', 'PriceElements/ElectricityPriceElements/StandingChargeScale']), Dlms((
            *tariff_tables(),
            Req('set', 9000, '0-0:94.44.2.0', 4, T('boolean', True)),
            Req('set', 113, '0-0:19.20.4.255', 6, S(
                S(
                    T('integer', 0),
                    T('integer', B('int', 'PriceElements/ElectricityPriceElements/StandingChargeScale')),
                ),
                S(T('long-unsigned', 0), T('octet-string', '000000000000'), T('integer', 0)),
                A(
                    S(
                        T('octet-string', ''),
                        T('long', B('int', 'PriceElements/ElectricityPriceElements/StandingCharge')),
                    ),
                ),
            )),
            Req('set', 113, '0-0:19.20.0.255', 6, S(
                S(
                    T('integer', 3),
                    T('integer', B('int', 'PriceElements/ElectricityPriceElements/PriceScale')),
                ),
                S(
                    T('long-unsigned', 3),
                    T('octet-string', '0100010800ff'),
                    T('integer', 2),
                ),
                price_list({'01': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/TOUPrice'), 'a1': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices[1]/BlockPrice[1]'), 'a2': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices[2]/BlockPrice[1]'), 'b1': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices[1]/BlockPrice[2]'), 'b2': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices[2]/BlockPrice[2]')}),
            )),
            Req('set', 20, '0-0:13.0.0.255', 10, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.29', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.2.0', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.4.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.0.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:63.1.1.255', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['ElecTariffElements/CurrencyUnits', 'ElecTariffElements/SpecialDays', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/DayName', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/BlockTariffAction', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/StartTime', 'ElecTariffElements/SwitchingTable/Seasons/Season/ReferencedWeekName', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonName', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/DayOfMonth/SpecifiedDayOfMonth', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/Month/SpecifiedMonth', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/Year/SpecifiedYear', 'ElecTariffElements/SwitchingTable/WeekProfiles/WeekProfile/ReferencedDayName', 'ElecTariffElements/SwitchingTable/WeekProfiles/WeekProfile/WeekName', 'ElecTariffElements/ThresholdMatrix/Thresholds/BlockThreshold', 'PriceElements/ElectricityPriceElements/BlockTariff/BlockPrices/BlockPrice', 'PriceElements/ElectricityPriceElements/PriceScale', 'PriceElements/ElectricityPriceElements/StandingCharge', 'PriceElements/ElectricityPriceElements/StandingChargeScale']), Dlms((
            *tariff_tables(),
            Req('set', 9000, '0-0:94.44.2.0', 4, T('boolean', True)),
            Req('set', 113, '0-0:19.20.4.255', 6, S(
                S(
                    T('integer', 0),
                    T('integer', B('int', 'PriceElements/ElectricityPriceElements/StandingChargeScale')),
                ),
                S(T('long-unsigned', 0), T('octet-string', '000000000000'), T('integer', 0)),
                A(
                    S(
                        T('octet-string', ''),
                        T('long', B('int', 'PriceElements/ElectricityPriceElements/StandingCharge')),
                    ),
                ),
            )),
            Req('set', 113, '0-0:19.20.0.255', 6, S(
                S(
                    T('integer', 3),
                    T('integer', B('int', 'PriceElements/ElectricityPriceElements/PriceScale')),
                ),
                S(T('long-unsigned', 3), T('octet-string', '0100010800ff'), T('integer', 2)),
                price_list({'a1': B('int', 'PriceElements/ElectricityPriceElements/BlockTariff/BlockPrices/BlockPrice[1]'), 'b1': B('int', 'PriceElements/ElectricityPriceElements/BlockTariff/BlockPrices/BlockPrice[2]'), 'c1': B('int', 'PriceElements/ElectricityPriceElements/BlockTariff/BlockPrices/BlockPrice[3]')}),
            )),
            Req('set', 20, '0-0:13.0.0.255', 10, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.29', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.2.0', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.4.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.0.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:63.1.1.255', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['ElecTariffElements/CurrencyUnits', 'ElecTariffElements/SpecialDays/SpecialDay/Date/DayOfMonth/SpecifiedDayOfMonth', 'ElecTariffElements/SpecialDays/SpecialDay/Date/DayOfWeek/NonSpecifiedDayOfWeek', 'ElecTariffElements/SpecialDays/SpecialDay/Date/Month/SpecifiedMonth', 'ElecTariffElements/SpecialDays/SpecialDay/Date/Year/NonSpecifiedYear', 'ElecTariffElements/SpecialDays/SpecialDay/Date/Year/SpecifiedYear', 'ElecTariffElements/SpecialDays/SpecialDay/ReferencedDayName', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/DayName', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/StartTime', 'ElecTariffElements/SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/TOUTariffAction', 'ElecTariffElements/SwitchingTable/Seasons/Season/ReferencedWeekName', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonName', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/DayOfMonth/SpecifiedDayOfMonth', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/Month/SpecifiedMonth', 'ElecTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/Year/SpecifiedYear', 'ElecTariffElements/SwitchingTable/WeekProfiles/WeekProfile/ReferencedDayName', 'ElecTariffElements/SwitchingTable/WeekProfiles/WeekProfile/WeekName', 'ElecTariffElements/ThresholdMatrix/Thresholds/BlockThreshold', 'PriceElements/ElectricityPriceElements/PriceScale', 'PriceElements/ElectricityPriceElements/StandingCharge', 'PriceElements/ElectricityPriceElements/StandingChargeScale', 'PriceElements/ElectricityPriceElements/TOUTariff/TOUPrice']), Dlms((
            *tariff_tables(),
            Req('set', 9000, '0-0:94.44.2.0', 4, T('boolean', True)),
            Req('set', 113, '0-0:19.20.4.255', 6, S(
                S(
                    T('integer', 0),
                    T('integer', B('int', 'PriceElements/ElectricityPriceElements/StandingChargeScale')),
                ),
                S(T('long-unsigned', 0), T('octet-string', '000000000000'), T('integer', 0)),
                A(
                    S(
                        T('octet-string', ''),
                        T('long', B('int', 'PriceElements/ElectricityPriceElements/StandingCharge')),
                    ),
                ),
            )),
            Req('set', 113, '0-0:19.20.0.255', 6, S(
                S(
                    T('integer', 3),
                    T('integer', B('int', 'PriceElements/ElectricityPriceElements/PriceScale')),
                ),
                S(
                    T('long-unsigned', 3),
                    T('octet-string', '0100010800ff'),
                    T('integer', 2),
                ),
                price_list({'01': B('int', 'PriceElements/ElectricityPriceElements/TOUTariff/TOUPrice[1]'), '02': B('int?', 'PriceElements/ElectricityPriceElements/TOUTariff/TOUPrice[2]'), '03': B('int?', 'PriceElements/ElectricityPriceElements/TOUTariff/TOUPrice[3]')}),
            )),
            Req('set', 20, '0-0:13.0.0.255', 10, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.29', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.2.0', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.4.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.0.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:63.1.1.255', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
)
