"""ESME use cases: Prices and secondary / export tariffs — ECS01b/c/d, SRV 1.1.2 / 1.2.x (GBCS 13.3.1).

DLMS access-requests (GBCS 13.3.x, DLMS/COSEM IEC 62056): message code, Service Reference Variant,
DUIS body element and a payload template per body shape; ``B(conv, path...)`` bindings say which DUIS
value fills a field (see :mod:`gbdcc.adapters.gbcs.payload.usecases`). Mined from the RTDS 4.5.0
vectors and reviewed.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Dlms, Req, T, UseCase, Variant
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S, price_list
from gbdcc.adapters.gbcs.payload.usecases.esme._calendar import special_days, switching_table

USE_CASES: tuple[UseCase, ...] = (
    UseCase('ECS01b', 0x00A2, '1.2.1', 'UpdatePricePrimaryElement', (
        Variant(frozenset(['ExecutionDateTime', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices/BlockPrice', 'PriceElements/ElectricityPriceElements/HybridTariff/TOUPrice', 'PriceElements/ElectricityPriceElements/PriceScale', 'PriceElements/ElectricityPriceElements/StandingCharge', 'PriceElements/ElectricityPriceElements/StandingChargeScale']), Dlms((
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
                price_list({'01': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/TOUPrice'), 'a1': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices[1]/BlockPrice[1]'), 'a2': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices[2]/BlockPrice[1]'), 'b1': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices[1]/BlockPrice[2]'), 'b2': B('int', 'PriceElements/ElectricityPriceElements/HybridTariff/BlockPrices[2]/BlockPrice[2]')}),
            )),
            Req('set', 113, '0-0:19.20.4.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.0.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['PriceElements/ElectricityPriceElements/BlockTariff/BlockPrices/BlockPrice', 'PriceElements/ElectricityPriceElements/PriceScale', 'PriceElements/ElectricityPriceElements/StandingCharge', 'PriceElements/ElectricityPriceElements/StandingChargeScale']), Dlms((
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
            Req('set', 113, '0-0:19.20.4.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.0.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['PriceElements/ElectricityPriceElements/PriceScale', 'PriceElements/ElectricityPriceElements/StandingCharge', 'PriceElements/ElectricityPriceElements/StandingChargeScale', 'PriceElements/ElectricityPriceElements/TOUTariff/TOUPrice']), Dlms((
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
                price_list({'01': B('int', 'PriceElements/ElectricityPriceElements/TOUTariff/TOUPrice[1]'), '02': B('int?', 'PriceElements/ElectricityPriceElements/TOUTariff/TOUPrice[2]'), '03': B('int?', 'PriceElements/ElectricityPriceElements/TOUTariff/TOUPrice[3]')}),
            )),
            Req('set', 113, '0-0:19.20.4.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.0.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS01c', 0x00B7, '1.1.2', 'UpdateImportTariffSecondaryElement', (
        Variant(frozenset(['ExecutionDateTime', 'PriceElements/ElectricityPriceElement', 'PriceElements/PriceScale', 'SpecialDays/SpecialDay/Date/DayOfMonth/SpecifiedDayOfMonth', 'SpecialDays/SpecialDay/Date/DayOfWeek/NonSpecifiedDayOfWeek', 'SpecialDays/SpecialDay/Date/Month/SpecifiedMonth', 'SpecialDays/SpecialDay/Date/Year/NonSpecifiedYear', 'SpecialDays/SpecialDay/Date/Year/SpecifiedYear', 'SpecialDays/SpecialDay/ReferencedDayName', 'SwitchingTable/DayProfiles/DayProfile/DayName', 'SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/StartTime', 'SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/TOUTariffAction', 'SwitchingTable/Seasons/Season/ReferencedWeekName', 'SwitchingTable/Seasons/Season/SeasonName', 'SwitchingTable/Seasons/Season/SeasonStartDate/DayOfMonth/SpecifiedDayOfMonth', 'SwitchingTable/Seasons/Season/SeasonStartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'SwitchingTable/Seasons/Season/SeasonStartDate/Month/SpecifiedMonth', 'SwitchingTable/Seasons/Season/SeasonStartDate/Year/SpecifiedYear', 'SwitchingTable/WeekProfiles/WeekProfile/ReferencedDayName', 'SwitchingTable/WeekProfiles/WeekProfile/WeekName']), Dlms((
            Req('set', 113, '0-0:19.20.5.255', 6, S(
                S(
                    T('integer', 3),
                    T('integer', B('int', 'PriceElements/PriceScale')),
                ),
                S(
                    T('long-unsigned', 3),
                    T('octet-string', '0114010800ff'),
                    T('integer', 2),
                ),
                A(
                    S(
                        T('octet-string', '01'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[1]')),
                    ),
                    S(T('octet-string', '02'), T('long', 0)),
                    S(
                        T('octet-string', '03'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[3]')),
                    ),
                    S(
                        T('octet-string', '04'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[4]')),
                    ),
                ),
            )),
            *switching_table('SwitchingTable', '0-0:13.0.1.255', 'script_selector_secondary'),
            special_days('SpecialDays', '0-1:11.0.1.255'),
            Req('set', 20, '0-0:13.0.1.255', 10, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.5.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.30', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['PriceElements/ElectricityPriceElement', 'PriceElements/PriceScale', 'SpecialDays/SpecialDay/Date/DayOfMonth/SpecifiedDayOfMonth', 'SpecialDays/SpecialDay/Date/DayOfWeek/NonSpecifiedDayOfWeek', 'SpecialDays/SpecialDay/Date/Month/SpecifiedMonth', 'SpecialDays/SpecialDay/Date/Year/NonSpecifiedYear', 'SpecialDays/SpecialDay/Date/Year/SpecifiedYear', 'SpecialDays/SpecialDay/ReferencedDayName', 'SwitchingTable/DayProfiles/DayProfile/DayName', 'SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/StartTime', 'SwitchingTable/DayProfiles/DayProfile/ProfileSchedule/TOUTariffAction', 'SwitchingTable/Seasons/Season/ReferencedWeekName', 'SwitchingTable/Seasons/Season/SeasonName', 'SwitchingTable/Seasons/Season/SeasonStartDate/DayOfMonth/SpecifiedDayOfMonth', 'SwitchingTable/Seasons/Season/SeasonStartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'SwitchingTable/Seasons/Season/SeasonStartDate/Month/SpecifiedMonth', 'SwitchingTable/Seasons/Season/SeasonStartDate/Year/SpecifiedYear', 'SwitchingTable/WeekProfiles/WeekProfile/ReferencedDayName', 'SwitchingTable/WeekProfiles/WeekProfile/WeekName']), Dlms((
            Req('set', 113, '0-0:19.20.5.255', 6, S(
                S(
                    T('integer', 3),
                    T('integer', B('int', 'PriceElements/PriceScale')),
                ),
                S(
                    T('long-unsigned', 3),
                    T('octet-string', '0114010800ff'),
                    T('integer', 2),
                ),
                A(
                    S(
                        T('octet-string', '01'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[1]')),
                    ),
                    S(T('octet-string', '02'), T('long', 0)),
                    S(
                        T('octet-string', '03'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[3]')),
                    ),
                    S(
                        T('octet-string', '04'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[4]')),
                    ),
                ),
            )),
            *switching_table('SwitchingTable', '0-0:13.0.1.255', 'script_selector_secondary'),
            special_days('SpecialDays', '0-1:11.0.1.255'),
            Req('set', 20, '0-0:13.0.1.255', 10, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 113, '0-0:19.20.5.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.30', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS01d', 0x00C7, '1.2.2', 'UpdatePriceSecondaryElement', (
        Variant(frozenset(['ExecutionDateTime', 'PriceElements/ElectricityPriceElement', 'PriceElements/PriceScale']), Dlms((
            Req('set', 113, '0-0:19.20.5.255', 6, S(
                S(T('integer', 3), T('integer', B('int', 'PriceElements/PriceScale'))),
                S(T('long-unsigned', 3), T('octet-string', '0114010800ff'), T('integer', 2)),
                A(
                    S(
                        T('octet-string', '01'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[1]')),
                    ),
                    S(
                        T('octet-string', '02'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[2]')),
                    ),
                    S(
                        T('octet-string', '03'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[3]')),
                    ),
                    S(
                        T('octet-string', '04'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[4]')),
                    ),
                ),
            )),
            Req('set', 113, '0-0:19.20.5.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['PriceElements/ElectricityPriceElement', 'PriceElements/PriceScale']), Dlms((
            Req('set', 113, '0-0:19.20.5.255', 6, S(
                S(T('integer', 3), T('integer', B('int', 'PriceElements/PriceScale'))),
                S(T('long-unsigned', 3), T('octet-string', '0114010800ff'), T('integer', 2)),
                A(
                    S(
                        T('octet-string', '01'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[1]')),
                    ),
                    S(
                        T('octet-string', '02'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[2]')),
                    ),
                    S(
                        T('octet-string', '03'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[3]')),
                    ),
                    S(
                        T('octet-string', '04'),
                        T('long', B('int', 'PriceElements/ElectricityPriceElement[4]')),
                    ),
                ),
            )),
            Req('set', 113, '0-0:19.20.5.255', 7, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
)
