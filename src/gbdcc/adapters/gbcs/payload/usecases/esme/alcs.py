"""ESME use cases: Auxiliary load control (ALCS / HCALCS / APC) — ECS46, ECS47, ECS48, ECS50 (GBCS 13.3.6).

DLMS access-requests (GBCS 13.3.x, DLMS/COSEM IEC 62056): message code, Service Reference Variant,
DUIS body element and a payload template per body shape; ``B(conv, path...)`` bindings say which DUIS
value fills a field (see :mod:`gbdcc.adapters.gbcs.payload.usecases`). Mined from the RTDS 4.5.0
vectors and reviewed.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Dlms, Req, T, UseCase, Variant, When
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S
from gbdcc.adapters.gbcs.payload.usecases._schedule import alcs_schedule

USE_CASES: tuple[UseCase, ...] = (
    UseCase('ECS46a', 0x0053, '6.14.1', 'UpdateDeviceConfigurationALCDescriptions', (
        Variant(frozenset(['ALCSHCALCSDescription/SwitchDescription']), Dlms((
            When('present', 'ALCSHCALCSDescription[@index=1]', Req('set', 1, '0-0:94.44.0.11', 2, T('visible-string', B('ascii', 'ALCSHCALCSDescription[@index=1]/SwitchDescription')))),
            When('present', 'ALCSHCALCSDescription[@index=2]', Req('set', 1, '0-0:94.44.0.12', 2, T('visible-string', B('ascii', 'ALCSHCALCSDescription[@index=2]/SwitchDescription')))),
            When('present', 'ALCSHCALCSDescription[@index=3]', Req('set', 1, '0-0:94.44.0.13', 2, T('visible-string', B('ascii', 'ALCSHCALCSDescription[@index=3]/SwitchDescription')))),
            When('present', 'ALCSHCALCSDescription[@index=4]', Req('set', 1, '0-0:94.44.0.14', 2, T('visible-string', B('ascii', 'ALCSHCALCSDescription[@index=4]/SwitchDescription')))),
            When('present', 'ALCSHCALCSDescription[@index=5]', Req('set', 1, '0-0:94.44.0.15', 2, T('visible-string', B('ascii', 'ALCSHCALCSDescription[@index=5]/SwitchDescription')))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS46c', 0x0054, '6.14.2', 'UpdateDeviceConfigurationALCScheduler', (
        Variant(frozenset(['ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/DayOfMonth/NonSpecifiedDayOfMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/DayOfMonth/SpecifiedDayOfMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/DayOfWeek/NonSpecifiedDayOfWeek', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/Month/NonSpecifiedMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/Month/SpecifiedMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/Year/NonSpecifiedYear', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/DayOfMonth/NonSpecifiedDayOfMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/DayOfMonth/SpecifiedDayOfMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/Month/NonSpecifiedMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/Month/SpecifiedMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/Year/NonSpecifiedYear', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/SwitchTime', 'ALCSHCALCSConnectionSchedule/ActivateDeactivateSwitch/ActivateSwitch', 'ALCSHCALCSConnectionSchedule/ActivateDeactivateSwitch/DeactivateSwitch', 'ALCSHCALCSConnectionSchedule/DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID', 'ALCSHCALCSConnectionSchedule/SpecialDaysApplicability', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/DayOfMonth/SpecifiedDayOfMonth', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/DayOfWeek/NonSpecifiedDayOfWeek', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/Month/SpecifiedMonth', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/Year/NonSpecifiedYear', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/Year/SpecifiedYear', 'ExecutionDateTime', 'SwitchTypeAndId/ALCS', 'SwitchTypeAndId/HCALCS']), Dlms((
            When('present', 'SwitchTypeAndId[@index=1]', Req('set', 1, '0-0:94.44.0.21', 2, T('octet-string', B('eui_or_zero', 'SwitchTypeAndId[@index=1]/HCALCS')))),
            When('present', 'SwitchTypeAndId[@index=2]', Req('set', 1, '0-0:94.44.0.22', 2, T('octet-string', B('eui_or_zero', 'SwitchTypeAndId[@index=2]/HCALCS')))),
            When('present', 'SwitchTypeAndId[@index=3]', Req('set', 1, '0-0:94.44.0.23', 2, T('octet-string', B('eui_or_zero', 'SwitchTypeAndId[@index=3]/HCALCS')))),
            When('present', 'SwitchTypeAndId[@index=4]', Req('set', 1, '0-0:94.44.0.24', 2, T('octet-string', B('eui_or_zero', 'SwitchTypeAndId[@index=4]/HCALCS')))),
            When('present', 'SwitchTypeAndId[@index=5]', Req('set', 1, '0-0:94.44.0.25', 2, T('octet-string', B('eui_or_zero', 'SwitchTypeAndId[@index=5]/HCALCS')))),
            *alcs_schedule(),
            Req('set', 9000, '0-0:94.44.128.26', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.35', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/DayOfMonth/NonSpecifiedDayOfMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/DayOfMonth/SpecifiedDayOfMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/DayOfWeek/NonSpecifiedDayOfWeek', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/Month/NonSpecifiedMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/Month/SpecifiedMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/EndDate/Year/NonSpecifiedYear', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/DayOfMonth/NonSpecifiedDayOfMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/DayOfMonth/SpecifiedDayOfMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/Month/NonSpecifiedMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/Month/SpecifiedMonth', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/StartDate/Year/NonSpecifiedYear', 'ALCSHCALCSConnectionSchedule/ALCSScheduleDatesAndTime/SwitchTime', 'ALCSHCALCSConnectionSchedule/ActivateDeactivateSwitch/ActivateSwitch', 'ALCSHCALCSConnectionSchedule/ActivateDeactivateSwitch/DeactivateSwitch', 'ALCSHCALCSConnectionSchedule/DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID', 'ALCSHCALCSConnectionSchedule/SpecialDaysApplicability', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/DayOfMonth/SpecifiedDayOfMonth', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/DayOfWeek/NonSpecifiedDayOfWeek', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/Month/SpecifiedMonth', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/Year/NonSpecifiedYear', 'ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay/Year/SpecifiedYear', 'SwitchTypeAndId/ALCS', 'SwitchTypeAndId/HCALCS']), Dlms((
            When('present', 'SwitchTypeAndId[@index=1]', Req('set', 1, '0-0:94.44.0.21', 2, T('octet-string', B('eui_or_zero', 'SwitchTypeAndId[@index=1]/HCALCS')))),
            When('present', 'SwitchTypeAndId[@index=2]', Req('set', 1, '0-0:94.44.0.22', 2, T('octet-string', B('eui_or_zero', 'SwitchTypeAndId[@index=2]/HCALCS')))),
            *alcs_schedule(),
            Req('set', 9000, '0-0:94.44.128.26', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.35', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS47', 0x0055, '7.5', 'ActivateAuxiliaryLoad', (
        Variant(frozenset(['ActivateALCSHCALCS/Duration']), Dlms((
            Req('set', 1, '0-0:94.44.117.1', 2, T('long-unsigned', B('int', 'ActivateALCSHCALCS/Duration'))),
            Req('action', 9, '0-0:10.0.103.255', 1, T('long-unsigned', 273)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS47', 0x0055, '7.6', 'DeactivateAuxiliaryLoad', (
        Variant(frozenset(['DeactivateALCSHCALCS/Duration']), Dlms((
            Req('set', 1, '0-0:94.44.119.2', 2, T('long-unsigned', B('int', 'DeactivateALCSHCALCS/Duration'))),
            Req('action', 9, '0-0:10.0.103.255', 1, T('long-unsigned', 786)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS47', 0x0055, '7.8', 'ResetAuxiliaryLoad', (
        Variant(frozenset(['ResetALCSHCALCS']), Dlms((
            Req('action', 9, '0-0:10.0.103.255', 1, T('long-unsigned', 1312)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS48', 0x00DB, '6.26', 'UpdateDeviceConfigurationDailyResettingOfTariffBlockCounterMatrix', (
        Variant(frozenset(['DailyTariffBlockCounterMatrixReset']), Dlms((
            Req('set', 22, '0-0:15.1.0.255', 4, A(S(T('octet-string', '00000000'), T('octet-string', 'ffffffffff')))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS50', 0x0058, '9.1', 'RequestCustomerIdentificationNumber', (
        Variant(frozenset([]), Dlms((
            Req('set', 1, '0-3:96.13.1.255', 2, T('octet-string', '31323334')),
        )), mode='acb+srp'),
    ), devices=('ESME',)),
)
