"""ESME use cases: Payment mode, debt, credit and prepayment configuration — ECS02…ECS14 (GBCS 13.3.2).

DLMS access-requests (GBCS 13.3.x, DLMS/COSEM IEC 62056): message code, Service Reference Variant,
DUIS body element and a payload template per body shape; ``B(conv, path...)`` bindings say which DUIS
value fills a field (see :mod:`gbdcc.adapters.gbcs.payload.usecases`). Mined from the RTDS 4.5.0
vectors and reviewed.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Dlms, Req, T, UseCase, Variant
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S
from gbdcc.adapters.gbcs.payload.usecases._schedule import non_disablement_schedule, non_disablement_special_days


def _prepay_configuration(max_balance_attribute: int) -> tuple[Variant, ...]:
    """ECS08 / ECS08a Update Prepay Configuration (SRV 2.1): ECS08a writes the maximum meter
    balance to attribute 4 of 0-0:94.44.2.20, the superseded ECS08 to attribute 2 (GBCS 13.3.2)."""
    return (
    Variant(frozenset(['ExecutionDateTime', 'UpdatePrepayConfigElectricity/DebtRecoveryRateCap', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/DaysOfWeekApplicability', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/NonDisablementScript', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/ScheduleDatesAndTime/EndDate', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/ScheduleDatesAndTime/StartDate', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/ScheduleDatesAndTime/SwitchTime', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/SpecialDaysApplicability', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/SpecialDaysApplicability/SpecialDayApplicability/SpecialDayID', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricitySpecialDays/SpecialDay/Date/DayOfMonth/SpecifiedDayOfMonth', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricitySpecialDays/SpecialDay/Date/DayOfWeek/NonSpecifiedDayOfWeek', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricitySpecialDays/SpecialDay/Date/Month/SpecifiedMonth', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricitySpecialDays/SpecialDay/Date/Year/NonSpecifiedYear', 'UpdatePrepayConfigElectricity/EmergencyCreditLimit', 'UpdatePrepayConfigElectricity/EmergencyCreditThreshold', 'UpdatePrepayConfigElectricity/LowCreditThreshold', 'UpdatePrepayConfigElectricity/MaxCreditThreshold', 'UpdatePrepayConfigElectricity/MaxMeterBalance']), Dlms((
        non_disablement_special_days(),
        Req('set', 9000, '0-0:94.44.2.20', max_balance_attribute, T('double-long', B('int', 'UpdatePrepayConfigElectricity/MaxMeterBalance'))),
        Req('set', 9000, '0-0:94.44.2.10', 4, T('double-long', B('int', 'UpdatePrepayConfigElectricity/MaxCreditThreshold'))),
        non_disablement_schedule(),
        Req('set', 9000, '0-0:94.44.128.12', 4, T('long-unsigned', B('int', 'UpdatePrepayConfigElectricity/DebtRecoveryRateCap'))),
        Req('set', 9000, '0-0:94.44.128.13', 4, T('double-long', 604800)),
        Req('set', 9000, '0-0:94.44.128.9', 4, T('double-long', B('int', 'UpdatePrepayConfigElectricity/LowCreditThreshold'))),
        Req('set', 9000, '0-0:94.44.128.2', 4, T('double-long', B('int', 'UpdatePrepayConfigElectricity/EmergencyCreditLimit'))),
        Req('set', 9000, '0-0:94.44.128.31', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.3', 4, T('double-long', B('int', 'UpdatePrepayConfigElectricity/EmergencyCreditThreshold'))),
        Req('set', 9000, '0-0:94.44.2.20', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.2.10', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.12', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.13', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.9', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.2', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.3', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.28', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
    ))),
    Variant(frozenset(['UpdatePrepayConfigElectricity/DebtRecoveryRateCap', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/DaysOfWeekApplicability', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/NonDisablementScript', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/ScheduleDatesAndTime/EndDate', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/ScheduleDatesAndTime/StartDate', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/ScheduleDatesAndTime/SwitchTime', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/SpecialDaysApplicability', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricityNonDisablementSchedule/SpecialDaysApplicability/SpecialDayApplicability/SpecialDayID', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricitySpecialDays/SpecialDay/Date/DayOfMonth/SpecifiedDayOfMonth', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricitySpecialDays/SpecialDay/Date/DayOfWeek/NonSpecifiedDayOfWeek', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricitySpecialDays/SpecialDay/Date/Month/SpecifiedMonth', 'UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar/ElectricitySpecialDays/SpecialDay/Date/Year/NonSpecifiedYear', 'UpdatePrepayConfigElectricity/EmergencyCreditLimit', 'UpdatePrepayConfigElectricity/EmergencyCreditThreshold', 'UpdatePrepayConfigElectricity/LowCreditThreshold', 'UpdatePrepayConfigElectricity/MaxCreditThreshold', 'UpdatePrepayConfigElectricity/MaxMeterBalance']), Dlms((
        non_disablement_special_days(),
        Req('set', 9000, '0-0:94.44.2.20', max_balance_attribute, T('double-long', B('int', 'UpdatePrepayConfigElectricity/MaxMeterBalance'))),
        Req('set', 9000, '0-0:94.44.2.10', 4, T('double-long', B('int', 'UpdatePrepayConfigElectricity/MaxCreditThreshold'))),
        non_disablement_schedule(),
        Req('set', 9000, '0-0:94.44.128.12', 4, T('long-unsigned', B('int', 'UpdatePrepayConfigElectricity/DebtRecoveryRateCap'))),
        Req('set', 9000, '0-0:94.44.128.13', 4, T('double-long', 604800)),
        Req('set', 9000, '0-0:94.44.128.9', 4, T('double-long', B('int', 'UpdatePrepayConfigElectricity/LowCreditThreshold'))),
        Req('set', 9000, '0-0:94.44.128.2', 4, T('double-long', B('int', 'UpdatePrepayConfigElectricity/EmergencyCreditLimit'))),
        Req('set', 9000, '0-0:94.44.128.31', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.3', 4, T('double-long', B('int', 'UpdatePrepayConfigElectricity/EmergencyCreditThreshold'))),
        Req('set', 9000, '0-0:94.44.2.20', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.2.10', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.12', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.13', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.9', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.2', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.3', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        Req('set', 9000, '0-0:94.44.128.28', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
    ))),
    )

USE_CASES: tuple[UseCase, ...] = (
    UseCase('ECS02', 0x001A, '1.6', 'UpdatePaymentMode', (
        Variant(frozenset(['Credit', 'ExecutionDateTime']), Dlms((
            Req('set', 111, '0-1:19.0.0.255', 2, S(T('enum', 1), T('enum', 1))),
            Req('set', 111, '0-1:19.0.0.255', 11, A(
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131400ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131404ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131405ff'),
                    T('bit-string', [3, 'e0']),
                ),
            )),
            Req('set', 111, '0-1:19.0.0.255', 13, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['Credit']), Dlms((
            Req('set', 111, '0-1:19.0.0.255', 2, S(T('enum', 1), T('enum', 1))),
            Req('set', 111, '0-1:19.0.0.255', 11, A(
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131400ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131404ff'),
                    T('bit-string', [3, 'e0']),
                ),
            )),
            Req('set', 111, '0-1:19.0.0.255', 13, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS03', 0x001B, '1.6', 'UpdatePaymentMode', (
        Variant(frozenset(['ExecutionDateTime', 'Prepayment/DisablementThreshold', 'Prepayment/SuspendDebtDisabled', 'Prepayment/SuspendDebtEmergency']), Dlms((
            Req('set', 111, '0-1:19.0.0.255', 2, S(T('enum', 2), T('enum', 1))),
            Req('set', 9000, '0-0:94.44.128.22', 4, T('double-long', B('int', 'Prepayment/DisablementThreshold'))),
            Req('set', 111, '0-1:19.0.0.255', 11, A(
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131400ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131404ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131401ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131402ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131403ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131403ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131400ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131404ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131401ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131402ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a02ff'),
                    T('octet-string', '0000131404ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a02ff'),
                    T('octet-string', '0000131401ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a02ff'),
                    T('octet-string', '0000131402ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131405ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131405ff'),
                    T('bit-string', [3, 'e0']),
                ),
            )),
            Req('set', 9000, '0-0:94.44.128.22', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 111, '0-1:19.0.0.255', 13, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['Prepayment/DisablementThreshold', 'Prepayment/SuspendDebtDisabled', 'Prepayment/SuspendDebtEmergency']), Dlms((
            Req('set', 111, '0-1:19.0.0.255', 2, S(T('enum', 2), T('enum', 1))),
            Req('set', 9000, '0-0:94.44.128.22', 4, T('double-long', B('int', 'Prepayment/DisablementThreshold'))),
            Req('set', 111, '0-1:19.0.0.255', 11, A(
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131400ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131404ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131401ff'),
                    T('bit-string', [3, 'c0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131402ff'),
                    T('bit-string', [3, 'c0']),
                ),
                S(
                    T('octet-string', '0000130a00ff'),
                    T('octet-string', '0000131403ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131403ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131400ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131404ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131401ff'),
                    T('bit-string', [3, 'c0']),
                ),
                S(
                    T('octet-string', '0000130a01ff'),
                    T('octet-string', '0000131402ff'),
                    T('bit-string', [3, 'c0']),
                ),
                S(
                    T('octet-string', '0000130a02ff'),
                    T('octet-string', '0000131404ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a02ff'),
                    T('octet-string', '0000131401ff'),
                    T('bit-string', [3, 'e0']),
                ),
                S(
                    T('octet-string', '0000130a02ff'),
                    T('octet-string', '0000131402ff'),
                    T('bit-string', [3, 'e0']),
                ),
            )),
            Req('set', 9000, '0-0:94.44.128.22', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 111, '0-1:19.0.0.255', 13, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS04a', 0x001C, '1.5', 'UpdateMeterBalance', (
        Variant(frozenset(['PrepaymentMode/AdjustMeterBalance']), Dlms((
            Req('action', 112, '0-0:19.10.0.255', 1, T('double-long', B('int', 'PrepaymentMode/AdjustMeterBalance'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS04b', 0x00B3, '1.5', 'UpdateMeterBalance', (
        Variant(frozenset(['CreditMode/ResetMeterBalance']), Dlms((
            Req('action', 112, '0-0:19.10.0.255', 2, T('double-long', 0)),
            Req('action', 112, '0-0:19.10.1.255', 2, T('double-long', 0)),
            Req('action', 112, '0-0:19.10.2.255', 2, T('double-long', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS05', 0x001D, '1.7', 'ResetTariffBlockCounterMatrix', (
        Variant(frozenset([]), Dlms((
            Req('action', 9, '0-0:10.0.100.255', 1, T('long-unsigned', 99)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS07', 0x001E, '2.3', 'UpdateDebt', (
        Variant(frozenset(['DebtRecoveryPerPayment', 'ElecDebtRecovery1/DebtRecoveryRate', 'ElecDebtRecovery1/DebtRecoveryRatePeriod', 'ElecDebtRecovery1/DebtRecoveryRatePriceScale', 'ElecDebtRecovery2/DebtRecoveryRate', 'ElecDebtRecovery2/DebtRecoveryRatePeriod', 'ElecDebtRecovery2/DebtRecoveryRatePriceScale', 'PaymentDebtRegister', 'TimeDebtRegister1', 'TimeDebtRegister2']), Dlms((
            Req('set', 113, '0-0:19.20.1.255', 6, S(
                S(
                    T('integer', 0),
                    T('integer', B('int', 'ElecDebtRecovery1/DebtRecoveryRatePriceScale')),
                ),
                S(T('long-unsigned', 0), T('octet-string', '000000000000'), T('integer', 0)),
                A(S(T('octet-string', ''), T('long', B('int', 'ElecDebtRecovery1/DebtRecoveryRate')))),
            )),
            Req('set', 113, '0-0:19.20.2.255', 6, S(
                S(
                    T('integer', 0),
                    T('integer', B('int', 'ElecDebtRecovery2/DebtRecoveryRatePriceScale')),
                ),
                S(T('long-unsigned', 0), T('octet-string', '000000000000'), T('integer', 0)),
                A(S(T('octet-string', ''), T('long', B('int', 'ElecDebtRecovery2/DebtRecoveryRate')))),
            )),
            Req('set', 113, '0-0:19.20.3.255', 13, T('long-unsigned', B('int', 'DebtRecoveryPerPayment'))),
            Req('set', 113, '0-0:19.20.1.255', 8, T('double-long-unsigned', 86400)),
            Req('set', 113, '0-0:19.20.2.255', 8, T('double-long-unsigned', 86400)),
            Req('action', 113, '0-0:19.20.1.255', 2, T('integer', 0)),
            Req('action', 113, '0-0:19.20.2.255', 2, T('integer', 0)),
            Req('action', 113, '0-0:19.20.3.255', 4, T('double-long', B('int', 'PaymentDebtRegister'))),
            Req('action', 113, '0-0:19.20.1.255', 4, T('double-long', B('int', 'TimeDebtRegister1'))),
            Req('action', 113, '0-0:19.20.2.255', 4, T('double-long', B('int', 'TimeDebtRegister2'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS08', 0x001F, '2.1', 'UpdatePrepayConfiguration', (
        *_prepay_configuration(2),
    ), devices=('ESME',)),
    UseCase('ECS08a', 0x00DE, '2.1', 'UpdatePrepayConfiguration', (
        *_prepay_configuration(4),
    ), devices=('ESME',)),
    UseCase('ECS09', 0x0020, '2.5', 'ActivateEmergencyCredit', (
        Variant(frozenset([]), Dlms((
            Req('action', 112, '0-0:19.10.1.255', 3, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS10', 0x0021, '3.1', 'DisplayMessage', (
        Variant(frozenset(['SupplierMessage']), Dlms((
            Req('set', 1, '0-2:96.13.1.255', 2, T('octet-string', B('ascii', 'SupplierMessage'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS12', 0x0022, '3.2', 'RestrictAccessForChangeOfTenancy', (
        Variant(frozenset(['RestrictionDateTime']), Dlms((
            Req('set', 1, '0-0:94.44.3.2', 2, T('octet-string', B('dlms_dt', 'RestrictionDateTime'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS14', 0x0023, '3.5', 'DisablePrivacyPIN', (
        Variant(frozenset([]), Dlms((
            Req('set', 1, '0-0:94.44.3.1', 2, T('octet-string', '')),
        ))),
    ), devices=('ESME',)),
)
