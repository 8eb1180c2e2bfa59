"""GSME / GPF use cases (GCS…): GBZ / ZigBee SE 1.4 ZCL commands (GBCS 10.4, 13.3.x).

One entry per use case: message code, Service Reference Variant, DUIS body element, and a payload
template per body shape. Bindings ``B(conv, path...)`` say which DUIS value (path relative to the body
element) or context value (``@counter`` …) fills a field, converted by :mod:`..converters`; every
other field is the constant GBCS fixes for the use case (class ids, OBIS codes, attribute / method ids).
Bootstrapped from the RTDS 4.5.0 vectors (RTDS test estate) and reviewed; extend by adding entries.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Each, Gbz, Raw, UseCase, Variant, Zcl
from gbdcc.adapters.gbcs.payload.usecases._gas_calendar import non_disablement_calendar, tariff_calendar

USE_CASES: tuple[UseCase, ...] = (
    UseCase('GCS01a', 0x006B, '1.1.1', 'UpdateImportTariffPrimaryElement', (
        Variant(frozenset(['ExecutionDateTime', 'GasTariffElements/SpecialDays', 'GasTariffElements/SwitchingTable/DayProfiles/DayProfile/BlockTariff', 'GasTariffElements/SwitchingTable/DayProfiles/DayProfile/DayName', 'GasTariffElements/SwitchingTable/Seasons/Season/ReferencedWeekName', 'GasTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/GasDayOfMonthWithWildcards/SpecifiedDayOfMonth', 'GasTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/GasDayOfWeekWithWildcards/NonSpecifiedDayOfWeek', 'GasTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/GasMonthWithWildcards/SpecifiedMonth', 'GasTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/GasYearWithWildcards/NonSpecifiedYear', 'GasTariffElements/SwitchingTable/WeekProfiles/WeekProfile/ReferencedDayName', 'GasTariffElements/SwitchingTable/WeekProfiles/WeekProfile/WeekName', 'GasTariffElements/ThresholdMatrix/BlockThreshold', 'PriceElements/GasPriceElements/BlockTariff/BlockPrice', 'PriceElements/GasPriceElements/BlockTariff/NumberOfThresholds', 'PriceElements/GasPriceElements/CurrencyUnits', 'PriceElements/GasPriceElements/StandingCharge']), Gbz((
            *tariff_calendar(),
            Zcl(0x00, 0x0700, 0x09, 0x04, Raw('00000000804a371c01000000', B('zb_exec', 'ExecutionDateTime'), '1000000300', B('zcl_currency', 'PriceElements/GasPriceElements/CurrencyUnits'), '50', B('le4', 'PriceElements/GasPriceElements/StandingCharge'), 'ff010000e80300'), sequence=5),
            Zcl(0x00, 0x0700, 0x09, 0x06, Raw('00000000804a371c', B('zb_exec_fe', 'ExecutionDateTime'), '01000000000101', B('le1', '#GasTariffElements/ThresholdMatrix/BlockThreshold'), Each('GasTariffElements/ThresholdMatrix/BlockThreshold', B('le6', '.'))), sequence=6),
            Zcl(0x01, 0x0700, 0x09, 0x05, Raw('00000000804a371c', B('zb_exec_fe', 'ExecutionDateTime'), '01000000000100', Each('PriceElements/GasPriceElements/BlockTariff/BlockPrice', B('le1', '@index'), B('le4', '.'))), sequence=7),
        ))),
        Variant(frozenset(['GasTariffElements/SpecialDays/SpecialDay/Date/GasDayOfMonthWithWildcards/SpecifiedDayOfMonth', 'GasTariffElements/SpecialDays/SpecialDay/Date/GasDayOfWeekWithWildcards/NonSpecifiedDayOfWeek', 'GasTariffElements/SpecialDays/SpecialDay/Date/GasMonthWithWildcards/SpecifiedMonth', 'GasTariffElements/SpecialDays/SpecialDay/Date/GasYearWithWildcards/SpecifiedYear', 'GasTariffElements/SpecialDays/SpecialDay/ReferencedDayName', 'GasTariffElements/SwitchingTable/DayProfiles/DayProfile/DayName', 'GasTariffElements/SwitchingTable/DayProfiles/DayProfile/TOUTariffAction', 'GasTariffElements/SwitchingTable/Seasons/Season/ReferencedWeekName', 'GasTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/GasDayOfMonthWithWildcards/SpecifiedDayOfMonth', 'GasTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/GasDayOfWeekWithWildcards/NonSpecifiedDayOfWeek', 'GasTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/GasMonthWithWildcards/SpecifiedMonth', 'GasTariffElements/SwitchingTable/Seasons/Season/SeasonStartDate/GasYearWithWildcards/NonSpecifiedYear', 'GasTariffElements/SwitchingTable/WeekProfiles/WeekProfile/ReferencedDayName', 'GasTariffElements/SwitchingTable/WeekProfiles/WeekProfile/WeekName', 'GasTariffElements/ThresholdMatrix/BlockThreshold', 'PriceElements/GasPriceElements/CurrencyUnits', 'PriceElements/GasPriceElements/StandingCharge', 'PriceElements/GasPriceElements/TOUTariff/TOUPrice']), Gbz((
            *tariff_calendar(),
            Zcl(0x00, 0x0700, 0x09, 0x04, Raw('00000000804a371c01000000000000000000040000', B('zcl_currency', 'PriceElements/GasPriceElements/CurrencyUnits'), '50', B('le4', 'PriceElements/GasPriceElements/StandingCharge'), 'ff010000e80300'), sequence=9),
            Zcl(0x01, 0x0700, 0x09, 0x05, Raw('00000000804a371c0000000001000000000101', Each('PriceElements/GasPriceElements/TOUTariff/TOUPrice', B('le1', '@number'), B('le4', '.'))), sequence=10),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS01b', 0x00A3, '1.2.1', 'UpdatePricePrimaryElement', (
        Variant(frozenset(['ExecutionDateTime', 'PriceElements/GasPriceElements/BlockTariff/BlockPrice', 'PriceElements/GasPriceElements/BlockTariff/NumberOfThresholds', 'PriceElements/GasPriceElements/CurrencyUnits', 'PriceElements/GasPriceElements/StandingCharge']), Gbz((
            Zcl(0x00, 0x0700, 0x09, 0x04, Raw('00000000804a371c01000000', B('zb_exec', 'ExecutionDateTime'), '1000000300', B('zcl_currency', 'PriceElements/GasPriceElements/CurrencyUnits'), '50', B('le4', 'PriceElements/GasPriceElements/StandingCharge'), 'ff010000e80300')),
            Zcl(0x01, 0x0700, 0x09, 0x05, Raw('00000000804a371c', B('zb_exec_fe', 'ExecutionDateTime'), '01000000000100', Each('PriceElements/GasPriceElements/BlockTariff/BlockPrice', B('le1', '@index'), B('le4', '.'))), sequence=1),
        ))),
        Variant(frozenset(['PriceElements/GasPriceElements/CurrencyUnits', 'PriceElements/GasPriceElements/StandingCharge', 'PriceElements/GasPriceElements/TOUTariff/TOUPrice']), Gbz((
            Zcl(0x00, 0x0700, 0x09, 0x04, Raw('00000000804a371c01000000000000000000040000', B('zcl_currency', 'PriceElements/GasPriceElements/CurrencyUnits'), '50', B('le4', 'PriceElements/GasPriceElements/StandingCharge'), 'ff010000e80300')),
            Zcl(0x01, 0x0700, 0x09, 0x05, Raw('00000000804a371c0000000001000000000101', Each('PriceElements/GasPriceElements/TOUTariff/TOUPrice', B('le1', '@number'), B('le4', '.'))), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS02', 0x006C, '1.6', 'UpdatePaymentMode', (
        Variant(frozenset(['Credit', 'ExecutionDateTime']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x06, Raw('00000000804a371c', B('zb_exec', 'ExecutionDateTime'), '940cffffffff')),
        ))),
        Variant(frozenset(['Credit']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x06, Raw('00000000804a371c00000000940cffffffff')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS03', 0x006D, '1.6', 'UpdatePaymentMode', (
        Variant(frozenset(['ExecutionDateTime', 'Prepayment/DisablementThreshold', 'Prepayment/SuspendDebtDisabled', 'Prepayment/SuspendDebtEmergency']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x06, Raw('00000000804a371c', B('zb_exec', 'ExecutionDateTime'), B('zcl_payment_control', 'Prepayment/SuspendDebtDisabled', 'Prepayment/SuspendDebtEmergency'), B('le4', 'Prepayment/DisablementThreshold'))),
        ))),
        Variant(frozenset(['Prepayment/DisablementThreshold', 'Prepayment/SuspendDebtDisabled', 'Prepayment/SuspendDebtEmergency']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x06, Raw('00000000804a371c00000000', B('zcl_payment_control', 'Prepayment/SuspendDebtDisabled', 'Prepayment/SuspendDebtEmergency'), B('le4', 'Prepayment/DisablementThreshold'))),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS04', 0x006E, '2.3', 'UpdateDebt', (
        Variant(frozenset(['DebtRecoveryPerPayment', 'GasDebtRecovery1/DebtRecoveryRate', 'GasDebtRecovery1/DebtRecoveryRatePeriod', 'GasDebtRecovery2/DebtRecoveryRate', 'GasDebtRecovery2/DebtRecoveryRatePeriod', 'PaymentDebtRegister', 'TimeDebtRegister1', 'TimeDebtRegister2']), Gbz((
            Zcl(0x00, 0x0705, 0x01, 0x02, Raw('804a371c00', B('le4', 'TimeDebtRegister1'), '0001000000000000', B('zcl_debt_period', 'GasDebtRecovery1/DebtRecoveryRatePeriod'), B('le4', 'GasDebtRecovery1/DebtRecoveryRate'), '0000')),
            Zcl(0x00, 0x0705, 0x01, 0x02, Raw('804a371c00', B('le4', 'TimeDebtRegister2'), '0003000000000000', B('zcl_debt_period', 'GasDebtRecovery2/DebtRecoveryRatePeriod'), B('le4', 'GasDebtRecovery2/DebtRecoveryRate'), '0000'), sequence=1),
            Zcl(0x01, 0x0705, 0x01, 0x02, Raw('804a371c00', B('le4', 'PaymentDebtRegister'), '01050000000000000100000000', B('le2', 'DebtRecoveryPerPayment')), sequence=2),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS05', 0x006F, '2.1', 'UpdatePrepayConfiguration', (
        Variant(frozenset(['ExecutionDateTime', 'UpdatePrepayConfigGas/DebtRecoveryRateCap', 'UpdatePrepayConfigGas/EmergencyCreditLimit', 'UpdatePrepayConfigGas/EmergencyCreditThreshold', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/DayProfiles/GasNonDisablementDayProfile/GasDayName', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/DayProfiles/GasNonDisablementDayProfile/TimeStartAction/NonDisablementAction', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/DayProfiles/GasNonDisablementDayProfile/TimeStartAction/StartTime', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/ReferencedWeekName', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/SeasonStartDate/GasDayOfMonthWithWildcards/SpecifiedDayOfMonth', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/SeasonStartDate/GasDayOfWeekWithWildcards/NonSpecifiedDayOfWeek', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/SeasonStartDate/GasMonthWithWildcards/SpecifiedMonth', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/SeasonStartDate/GasYearWithWildcards/SpecifiedYear', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasDayOfMonthWithWildcards/SpecifiedDayOfMonth', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasDayOfWeekWithWildcards/NonSpecifiedDayOfWeek', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasMonthWithWildcards/SpecifiedMonth', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasYearWithWildcards/NonSpecifiedYear', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasYearWithWildcards/SpecifiedYear', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/ReferencedDayName', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/WeekProfiles/WeekProfile/ReferencedDayName', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/WeekProfiles/WeekProfile/WeekName', 'UpdatePrepayConfigGas/LowCreditThreshold', 'UpdatePrepayConfigGas/MaxCreditThreshold', 'UpdatePrepayConfigGas/MaxMeterBalance']), Gbz((
            Zcl(0x00, 0x0705, 0x01, 0x03, Raw('804a371c', B('zb_exec', 'ExecutionDateTime'), B('le4', 'UpdatePrepayConfigGas/EmergencyCreditLimit'), B('le4', 'UpdatePrepayConfigGas/EmergencyCreditThreshold'))),
            Zcl(0x00, 0x0705, 0x01, 0x0C, Raw('00000000804a371c', B('zb_exec', 'ExecutionDateTime'), B('le4', 'UpdatePrepayConfigGas/DebtRecoveryRateCap')), sequence=1),
            Zcl(0x10, 0x0705, 0x01, 0x09, Raw(B('le4', 'UpdatePrepayConfigGas/LowCreditThreshold')), sequence=2, from_date_time=Raw(B('zb_exec_be', 'ExecutionDateTime'))),
            Zcl(0x00, 0x0705, 0x01, 0x0B, Raw('00000000804a371c', B('zb_exec', 'ExecutionDateTime'), B('le4', 'UpdatePrepayConfigGas/MaxMeterBalance'), B('le4', 'UpdatePrepayConfigGas/MaxCreditThreshold')), sequence=3),
            *non_disablement_calendar(),
        ))),
        Variant(frozenset(['UpdatePrepayConfigGas/DebtRecoveryRateCap', 'UpdatePrepayConfigGas/EmergencyCreditLimit', 'UpdatePrepayConfigGas/EmergencyCreditThreshold', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/DayProfiles/GasNonDisablementDayProfile/GasDayName', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/DayProfiles/GasNonDisablementDayProfile/TimeStartAction/NonDisablementAction', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/DayProfiles/GasNonDisablementDayProfile/TimeStartAction/StartTime', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/ReferencedWeekName', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/SeasonStartDate/GasDayOfMonthWithWildcards/SpecifiedDayOfMonth', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/SeasonStartDate/GasDayOfWeekWithWildcards/NonSpecifiedDayOfWeek', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/SeasonStartDate/GasMonthWithWildcards/SpecifiedMonth', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SeasonProfiles/Season/SeasonStartDate/GasYearWithWildcards/SpecifiedYear', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasDayOfMonthWithWildcards/SpecifiedDayOfMonth', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasDayOfWeekWithWildcards/NonSpecifiedDayOfWeek', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasMonthWithWildcards/SpecifiedMonth', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasYearWithWildcards/NonSpecifiedYear', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/Date/GasYearWithWildcards/SpecifiedYear', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/SpecialDays/SpecialDay/ReferencedDayName', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/WeekProfiles/WeekProfile/ReferencedDayName', 'UpdatePrepayConfigGas/GasNonDisablementCalendar/WeekProfiles/WeekProfile/WeekName', 'UpdatePrepayConfigGas/LowCreditThreshold', 'UpdatePrepayConfigGas/MaxCreditThreshold', 'UpdatePrepayConfigGas/MaxMeterBalance']), Gbz((
            Zcl(0x00, 0x0705, 0x01, 0x03, Raw('804a371c00000000', B('le4', 'UpdatePrepayConfigGas/EmergencyCreditLimit'), B('le4', 'UpdatePrepayConfigGas/EmergencyCreditThreshold'))),
            Zcl(0x00, 0x0705, 0x01, 0x0C, Raw('00000000804a371c00000000', B('le4', 'UpdatePrepayConfigGas/DebtRecoveryRateCap')), sequence=1),
            Zcl(0x10, 0x0705, 0x01, 0x09, Raw(B('le4', 'UpdatePrepayConfigGas/LowCreditThreshold')), sequence=2, from_date_time=Raw('00000000')),
            Zcl(0x00, 0x0705, 0x01, 0x0B, Raw('00000000804a371c00000000', B('le4', 'UpdatePrepayConfigGas/MaxMeterBalance'), B('le4', 'UpdatePrepayConfigGas/MaxCreditThreshold')), sequence=3),
            *non_disablement_calendar(),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS06', 0x0070, '2.5', 'ActivateEmergencyCredit', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x00, Raw('0000000000')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS07', 0x0071, '3.1', 'DisplayMessage', (
        Variant(frozenset(['SupplierMessage']), Gbz((
            Zcl(0x01, 0x0703, 0x09, 0x00, Raw('804a371c0000000000ffff05', B('ascii', 'SupplierMessage'))),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS09', 0x0072, '3.2', 'RestrictAccessForChangeOfTenancy', (
        Variant(frozenset(['RestrictionDateTime']), Gbz((
            Zcl(0x01, 0x0708, 0x09, 0x00, Raw('00000000804a371c00206ec61f00020000')),
        ))),
    ), devices=('GPF',)),
    UseCase('GCS11', 0x0073, '3.5', 'DisablePrivacyPIN', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0708, 0x09, 0x02, Raw('804a371c0000000000000200')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS13a', 0x0074, '4.1.1', 'ReadInstantaneousImportRegisters', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('0203010300030000')),
        ))),
    ), devices=('GPF', 'GSME')),
    UseCase('GCS13b', 0x00B8, '4.1.4', 'ReadInstantaneousImportBlockCounters', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('0007010702070307020301030003')),
        ))),
    ), devices=('GPF', 'GSME')),
    UseCase('GCS13c', 0x00B6, '4.1.2', 'ReadInstantaneousImportTOUMatrices', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('0203010300030001020104010601')),
        ))),
    ), devices=('GPF', 'GSME')),
    UseCase('GCS14', 0x0075, '4.3', 'ReadInstantaneousPrepayValues', (
        Variant(frozenset([]), Gbz((
            Zcl(0x00, 0x0700, 0x00, 0x00, Raw('17061606')),
            Zcl(0x01, 0x0705, 0x00, 0x00, Raw('050002000100310211022102'), sequence=1),
        ))),
    ), devices=('GPF', 'GSME')),
    UseCase('GCS15b', 0x00C3, '4.4.2', 'RetrieveCoMOrTariffTriggeredBillingDataLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0008600000')),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0108600000'), sequence=1),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0208600000'), sequence=2),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0308600000'), sequence=3),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0408600000'), sequence=4),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0508600000'), sequence=5),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0608600000'), sequence=6),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0708600000'), sequence=7),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0808600000'), sequence=8),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0908600000'), sequence=9),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0a08600000'), sequence=10),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0b08600000'), sequence=11),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0008600000'), sequence=12),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0108600000'), sequence=13),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0208600000'), sequence=14),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0308600000'), sequence=15),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0408600000'), sequence=16),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0508600000'), sequence=17),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0608600000'), sequence=18),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0708600000'), sequence=19),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0808600000'), sequence=20),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0908600000'), sequence=21),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0a08600000'), sequence=22),
            Zcl(0x01, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0b08600000'), sequence=23),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS15c', 0x0076, '4.4.3', 'RetrieveBillingCalendarTriggeredBillingDataLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0002000000')),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0102000000'), sequence=1),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0202000000'), sequence=2),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0302000000'), sequence=3),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0402000000'), sequence=4),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0502000000'), sequence=5),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0602000000'), sequence=6),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0702000000'), sequence=7),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0802000000'), sequence=8),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0902000000'), sequence=9),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0a02000000'), sequence=10),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw('814a371c017e181e0b02000000'), sequence=11),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0002000000'), sequence=12),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0102000000'), sequence=13),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0202000000'), sequence=14),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0302000000'), sequence=15),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0402000000'), sequence=16),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0502000000'), sequence=17),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0602000000'), sequence=18),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0702000000'), sequence=19),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0802000000'), sequence=20),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0902000000'), sequence=21),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0a02000000'), sequence=22),
            Zcl(0x01, 0x0705, 0x01, 0x07, Raw('814a371c017e181e0b02000000'), sequence=23),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS15d', 0x00C4, '4.4.4', 'RetrieveBillingDataLogDebtPayments', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x11, 0x0705, 0x01, 0x0A, Raw(B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0a02'), from_date_time=Raw(B('zb_utc_be', 'ReadLogPeriod/StartDateTime'))),
        )), mode='acb+srp'),
    ), devices=('GSME',)),
    UseCase('GCS15e', 0x00C5, '4.4.5', 'RetrieveBillingDataLogPrepaymentCredits', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x11, 0x0705, 0x01, 0x08, Raw('feffffff05'), from_date_time=Raw(B('zb_utc_be', 'ReadLogPeriod/StartDateTime'))),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS16a', 0x0077, '4.6.1', 'RetrieveImportDailyReadLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0001000000')),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0101000000'), sequence=1),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0201000000'), sequence=2),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0301000000'), sequence=3),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0401000000'), sequence=4),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0501000000'), sequence=5),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0601000000'), sequence=6),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0701000000'), sequence=7),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0801000000'), sequence=8),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0901000000'), sequence=9),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0a01000000'), sequence=10),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0b01000000'), sequence=11),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0c01000000'), sequence=12),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0d01000000'), sequence=13),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0e01000000'), sequence=14),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0f01000000'), sequence=15),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1001000000'), sequence=16),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1101000000'), sequence=17),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1201000000'), sequence=18),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1301000000'), sequence=19),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1401000000'), sequence=20),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1501000000'), sequence=21),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1601000000'), sequence=22),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1701000000'), sequence=23),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1801000000'), sequence=24),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1901000000'), sequence=25),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1a01000000'), sequence=26),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1b01000000'), sequence=27),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1c01000000'), sequence=28),
            Zcl(0x00, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1d01000000'), sequence=29),
            Zcl(0x01, 0x0702, 0x01, 0x06, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1e01000000'), sequence=30),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS16b', 0x0096, '4.14', 'ReadPrepaymentDailyReadLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0001000000')),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0101000000'), sequence=1),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0201000000'), sequence=2),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0301000000'), sequence=3),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0401000000'), sequence=4),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0501000000'), sequence=5),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0601000000'), sequence=6),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0701000000'), sequence=7),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0801000000'), sequence=8),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0901000000'), sequence=9),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0a01000000'), sequence=10),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0b01000000'), sequence=11),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0c01000000'), sequence=12),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0d01000000'), sequence=13),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0e01000000'), sequence=14),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0f01000000'), sequence=15),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1001000000'), sequence=16),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1101000000'), sequence=17),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1201000000'), sequence=18),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1301000000'), sequence=19),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1401000000'), sequence=20),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1501000000'), sequence=21),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1601000000'), sequence=22),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1701000000'), sequence=23),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1801000000'), sequence=24),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1901000000'), sequence=25),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1a01000000'), sequence=26),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1b01000000'), sequence=27),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1c01000000'), sequence=28),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1d01000000'), sequence=29),
            Zcl(0x01, 0x0705, 0x01, 0x07, Raw(B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1e01000000'), sequence=30),
        ))),
        Variant(frozenset(['KAPublicSecurityCredentials', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0001000000')),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0101000000'), sequence=1),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0201000000'), sequence=2),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0301000000'), sequence=3),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0401000000'), sequence=4),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0501000000'), sequence=5),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0601000000'), sequence=6),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0701000000'), sequence=7),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0801000000'), sequence=8),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0901000000'), sequence=9),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0a01000000'), sequence=10),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0b01000000'), sequence=11),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0c01000000'), sequence=12),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0d01000000'), sequence=13),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0e01000000'), sequence=14),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '0f01000000'), sequence=15),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1001000000'), sequence=16),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1101000000'), sequence=17),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1201000000'), sequence=18),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1301000000'), sequence=19),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1401000000'), sequence=20),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1501000000'), sequence=21),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1601000000'), sequence=22),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1701000000'), sequence=23),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1801000000'), sequence=24),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1901000000'), sequence=25),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1a01000000'), sequence=26),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1b01000000'), sequence=27),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1c01000000'), sequence=28),
            Zcl(0x00, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1d01000000'), sequence=29),
            Zcl(0x01, 0x0705, 0x01, 0x07, Raw('7099341c', B('zb_utc', 'ReadLogPeriod/EndDateTime'), '1e01000000'), sequence=30),
        )), mode='acb+srp'),
    ), devices=('GPF', 'GSME')),
    UseCase('GCS17', 0x0078, '4.8.1', 'ReadActiveImportProfileData', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x01, 0x0702, 0x01, 0x08, Raw('0000', B('zb_utc', 'ReadLogPeriod/StartDateTime'), '00', B('zcl_halfhours', 'ReadLogPeriod/StartDateTime', 'ReadLogPeriod/EndDateTime'))),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS18', 0x0079, '4.10', 'ReadNetworkData', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x01, 0x0702, 0x01, 0x08, Raw('020001000000002900')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS20', 0x00AD, '6.22', 'ConfigureAlertBehaviour', (
        Variant(frozenset(['GasSupplierAlertEventSettings/x810E/Alarm', 'GasSupplierAlertEventSettings/x810E/EventLog', 'GasSupplierAlertEventSettings/x810E/HANAlert', 'GasSupplierAlertEventSettings/x810E/WANAlert', 'GasSupplierAlertEventSettings/x8161/Alarm', 'GasSupplierAlertEventSettings/x8161/EventLog', 'GasSupplierAlertEventSettings/x8161/HANAlert', 'GasSupplierAlertEventSettings/x8161/WANAlert', 'GasSupplierAlertEventSettings/x8162/Alarm', 'GasSupplierAlertEventSettings/x8162/EventLog', 'GasSupplierAlertEventSettings/x8162/HANAlert', 'GasSupplierAlertEventSettings/x8162/WANAlert', 'GasSupplierAlertEventSettings/x81AA/Alarm', 'GasSupplierAlertEventSettings/x81AA/EventLog', 'GasSupplierAlertEventSettings/x81AA/HANAlert', 'GasSupplierAlertEventSettings/x81AA/WANAlert', 'GasSupplierAlertEventSettings/x81AB/Alarm', 'GasSupplierAlertEventSettings/x81AB/EventLog', 'GasSupplierAlertEventSettings/x81AB/HANAlert', 'GasSupplierAlertEventSettings/x81AB/WANAlert', 'GasSupplierAlertEventSettings/x81BD/Alarm', 'GasSupplierAlertEventSettings/x81BD/EventLog', 'GasSupplierAlertEventSettings/x81BD/HANAlert', 'GasSupplierAlertEventSettings/x81BD/WANAlert', 'GasSupplierAlertEventSettings/x81BE/Alarm', 'GasSupplierAlertEventSettings/x81BE/EventLog', 'GasSupplierAlertEventSettings/x81BE/HANAlert', 'GasSupplierAlertEventSettings/x81BE/WANAlert', 'GasSupplierAlertEventSettings/x81BF/Alarm', 'GasSupplierAlertEventSettings/x81BF/EventLog', 'GasSupplierAlertEventSettings/x81BF/HANAlert', 'GasSupplierAlertEventSettings/x81BF/WANAlert', 'GasSupplierAlertEventSettings/x81C0/Alarm', 'GasSupplierAlertEventSettings/x81C0/EventLog', 'GasSupplierAlertEventSettings/x81C0/HANAlert', 'GasSupplierAlertEventSettings/x81C0/WANAlert', 'GasSupplierAlertEventSettings/x81C4/Alarm', 'GasSupplierAlertEventSettings/x81C4/EventLog', 'GasSupplierAlertEventSettings/x81C4/HANAlert', 'GasSupplierAlertEventSettings/x81C4/WANAlert', 'GasSupplierAlertEventSettings/x81C6/Alarm', 'GasSupplierAlertEventSettings/x81C6/EventLog', 'GasSupplierAlertEventSettings/x81C6/HANAlert', 'GasSupplierAlertEventSettings/x81C6/WANAlert']), Gbz((
            Zcl(0x00, 0x0708, 0x09, 0x04, Raw('804a371c000000005b0003aa81ab81c481')),
            Zcl(0x00, 0x0708, 0x09, 0x04, Raw('804a371c000000000800010e81'), sequence=1),
            Zcl(0x00, 0x0708, 0x09, 0x04, Raw('804a371c000000004b0004bd81be81bf81c081'), sequence=2),
            Zcl(0x01, 0x0708, 0x09, 0x04, Raw('804a371c0000000043000361816281c681'), sequence=3),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS20r', 0x00F1, '6.2.10', 'ReadDeviceConfigurationEventAndAlertBehaviours', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0708, 0x09, 0x05, Raw('ff81')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS21a', 0x007B, '6.2.8', 'ReadDeviceConfigurationGas', (
        Variant(frozenset([]), Gbz((
            Zcl(0x00, 0x0700, 0x00, 0x00, Raw('06030503040303030203')),
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('130b120b110b100b140b150b'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS21b', 0x00B5, '4.13', 'ReadPrepaymentConfiguration', (
        Variant(frozenset([]), Gbz((
            Zcl(0x00, 0x0705, 0x00, 0x00, Raw('390206001602260240001000110031002100220017022702')),
            Zcl(0x00, 0x0700, 0x00, 0x00, Raw('1706'), sequence=1),
            Zcl(0x00, 0x0707, 0x01, 0x01, Raw('00000000feffffff0100'), sequence=2),
            Zcl(0x00, 0x0707, 0x01, 0x02, Raw('00000000feffffff0100'), sequence=3),
            Zcl(0x00, 0x0707, 0x01, 0x03, Raw('00000000feffffff'), sequence=4),
            Zcl(0x01, 0x0707, 0x01, 0x04, Raw('00000000000300000000feffffff'), sequence=5),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS21d', 0x009D, '6.2.3', 'ReadDeviceConfigurationBillingCalendar', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0700, 0x01, 0x0B, Raw('00000000ffffffff0100')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS21e', 0x009E, '6.2.4', 'ReadDeviceConfigurationIdentityExcMPxN', (
        Variant(frozenset([]), Gbz((
            Zcl(0x00, 0x0000, 0x00, 0x00, Raw('040005000300')),
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('08060706'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS21f', 0x009F, '4.11.1', 'ReadTariffPrimaryElement', (
        Variant(frozenset([]), Gbz((
            Zcl(0x00, 0x0700, 0x00, 0x00, Raw('03020202000101010201150600040104020403041004200430044004160617060103')),
            Zcl(0x00, 0x0707, 0x01, 0x01, Raw('00000000ffffffff0100'), sequence=1),
            Zcl(0x00, 0x0707, 0x01, 0x02, Raw('00000000ffffffff0100'), sequence=2),
            Zcl(0x00, 0x0707, 0x01, 0x03, Raw('00000000ffffffff'), sequence=3),
            Zcl(0x00, 0x0707, 0x01, 0x04, Raw('00000000000000000000ffffffff'), sequence=4),
            Zcl(0x01, 0x0700, 0x01, 0x00, Raw('00'), sequence=5),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS21j', 0x00BF, '6.2.9', 'ReadDeviceConfigurationPaymentMode', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0705, 0x00, 0x00, Raw('0000')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS21k', 0x00DA, '6.2.3', 'ReadDeviceConfigurationBillingCalendar', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0700, 0x01, 0x0B, Raw('00000000ffffffff0100')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS21m', 0x00FB, '6.2.4', 'ReadDeviceConfigurationIdentityExcMPxN', (
        Variant(frozenset([]), Gbz((
            Zcl(0x00, 0x0000, 0x00, 0x00, Raw('04000500')),
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('08060706'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS23', 0x007C, '6.6', 'UpdateDeviceConfigurationGasConversion', (
        Variant(frozenset(['CalorificValue', 'ConversionFactor']), Gbz((
            Zcl(0x00, 0x0700, 0x09, 0x02, Raw('804a371c00000000788f010050')),
            Zcl(0x01, 0x0700, 0x09, 0x03, Raw('804a371c00000000900100000110'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS24', 0x007D, '6.7', 'UpdateDeviceConfigurationGasFlow', (
        Variant(frozenset(['MeasurementPeriod', 'StabilisationPeriod', 'SupplyDepletionState', 'SupplyTamperState', 'UncontrolledGasFlowRate']), Gbz((
            Zcl(0x00, 0x0702, 0x01, 0x0E, Raw('00000000804a371c', B('le2', 'UncontrolledGasFlowRate'), '01010001003c', B('le2', 'MeasurementPeriod'))),
            Zcl(0x01, 0x0702, 0x01, 0x0D, Raw('804a371c03030003'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS24a', 0x00FC, '6.7', 'UpdateDeviceConfigurationGasFlow', (
        Variant(frozenset(['MeasurementPeriod', 'StabilisationPeriod', 'SupplyDepletionState', 'SupplyTamperState', 'UncontrolledGasFlowRateDecimal']), Gbz((
            Zcl(0x00, 0x0702, 0x01, 0x0E, Raw('00000000804a371cf0f001010010273c', B('le2', 'MeasurementPeriod'))),
            Zcl(0x01, 0x0702, 0x01, 0x0D, Raw('804a371c03030003'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS25', 0x007E, '6.8', 'UpdateDeviceConfigurationBillingCalendar', (
        Variant(frozenset(['GasBillingCalendar/BillingPeriodStart', 'GasBillingCalendar/Periodicity']), Gbz((
            Zcl(0x00, 0x0700, 0x09, 0x09, Raw('00000000804a371c', B('zb_utc', 'GasBillingCalendar/BillingPeriodStart'), '0100002300')),
            Zcl(0x01, 0x0700, 0x09, 0x01, Raw('00000000804a371c', B('zb_utc', 'GasBillingCalendar/BillingPeriodStart'), '01000002230001'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS25a', 0x00D8, '6.8', 'UpdateDeviceConfigurationBillingCalendar', (
        Variant(frozenset(['GasBillingCalendar/BillingPeriodStart', 'GasBillingCalendar/Periodicity']), Gbz((
            Zcl(0x00, 0x0700, 0x09, 0x09, Raw('00000000', B('zb_utc', 'GasBillingCalendar/BillingPeriodStart'), B('zb_utc', 'GasBillingCalendar/BillingPeriodStart'), '0600002300')),
            Zcl(0x01, 0x0700, 0x09, 0x01, Raw('00000000', B('zb_utc', 'GasBillingCalendar/BillingPeriodStart'), B('zb_utc', 'GasBillingCalendar/BillingPeriodStart'), '06000002230001'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS28', 0x007F, '8.1.1', 'CommissionDeviceSynchroniseClock', (
        Variant(frozenset(['CurrentDateTime', 'TolerancePeriod']), Raw('3022180f', B('gentime', 'CurrentDateTime'), '180f', B('gentime_plus', 'CurrentDateTime', 'TolerancePeriod'))),
    ), devices=('GSME',)),
    UseCase('GCS28', 0x007F, '6.11', 'SynchroniseClock', (
        Variant(frozenset(['CurrentDateTime', 'TolerancePeriod']), Raw('3022180f', B('gentime', 'CurrentDateTime'), '180f', B('gentime_plus', 'CurrentDateTime', 'TolerancePeriod'))),
    ), devices=('GSME',)),
    UseCase('GCS31', 0x0080, '14.1', 'RecordNetworkDataGAS', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x01, 0x07, Raw('804a371c000000000068012900')),
        )), mode='acb+srp'),
    ), devices=('GSME',)),
    UseCase('GCS32', 0x0081, '7.2', 'DisableSupply', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x01, 0x0B, Raw('00000000804a371c00000000000000000001')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS33', 0x0082, '7.4', 'ReadSupplyStatus', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('05021400')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS36', 0x0083, '9.1', 'RequestCustomerIdentificationNumber', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0708, 0x09, 0x06, Raw('804a371c00000000000000000431323334')),
        )), mode='acb+srp'),
    ), devices=('GSME',)),
    UseCase('GCS38', 0x0084, '11.2', 'ReadFirmwareVersion', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('0602')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS39', 0x0085, '7.3', 'ArmSupply', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x01, 0x0B, Raw('00000000804a371c00000000000000000101')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS40a', 0x0086, '1.5', 'UpdateMeterBalance', (
        Variant(frozenset(['PrepaymentMode/AdjustMeterBalance']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x05, Raw('804a371c000000', B('be4', 'PrepaymentMode/AdjustMeterBalance'), '0000')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS40b', 0x00B4, '1.5', 'UpdateMeterBalance', (
        Variant(frozenset(['PrepaymentMode/ResetMeterBalance']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x05, Raw('804a371c000000000100000000')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS40c', 0x00C0, '1.5', 'UpdateMeterBalance', (
        Variant(frozenset(['CreditMode/AdjustMeterBalance']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x05, Raw('804a371c0000000003', B('le4', 'CreditMode/AdjustMeterBalance'))),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS40d', 0x00C2, '1.5', 'UpdateMeterBalance', (
        Variant(frozenset(['CreditMode/ResetMeterBalance']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x05, Raw('804a371c000000000200000000')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS41', 0x0087, '6.20.1', 'SetDeviceConfigurationImportMPxN', (
        Variant(frozenset(['ImportMPRN']), Gbz((
            Zcl(0x01, 0x0708, 0x09, 0x03, Raw('804a371c00000000000000000a', B('ascii', 'ImportMPRN'))),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS44', 0x0088, '3.4', 'UpdateSupplierName', (
        Variant(frozenset(['SupplierName', 'SupplierTelephoneNumber']), Gbz((
            Zcl(0x01, 0x0708, 0x09, 0x01, Raw('00000000804a371c0000000000000000000018000004', B('ascii', 'SupplierName'), '0d', B('ascii', 'SupplierTelephoneNumber'))),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS46', 0x0089, '6.2.7', 'ReadDeviceConfigurationMPxN', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0702, 0x00, 0x00, Raw('0703')),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS59', 0x008C, '8.12.2', 'RestoreGPFDeviceLog', (
        Variant(frozenset(['OldGPFID']), Raw('3020301e300d04080011223344556677020105300d04088899aabbccddeeff020106')),
    ), devices=('GPF',)),
    UseCase('GCS60', 0x008D, '4.18', 'ReadMeterBalance', (
        Variant(frozenset([]), Gbz((
            Zcl(0x00, 0x0702, 0x00, 0x00, Raw('000a')),
            Zcl(0x01, 0x0705, 0x00, 0x00, Raw('0100'), sequence=1),
        ))),
    ), devices=('GSME',)),
    UseCase('GCS61', 0x00A0, '4.17', 'RetrieveDailyConsumptionLog', (
        Variant(frozenset(['KAPublicSecurityCredentials', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x01, 0x0702, 0x01, 0x08, Raw('0100801b2a1c00db02')),
        )), mode='acb+srp'),
    ), devices=('GPF',)),
)
