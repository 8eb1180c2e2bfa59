"""ESME use cases: Device configuration, alerts, supply, clock and firmware — ECS24…ECS28, ECS30…ECS45, ECS52, ECS57, ECS70, ECS81, ECS82 (GBCS 13.3.3 / 13.3.5).

DLMS access-requests (GBCS 13.3.x, DLMS/COSEM IEC 62056): message code, Service Reference Variant,
DUIS body element and a payload template per body shape; ``B(conv, path...)`` bindings say which DUIS
value fills a field (see :mod:`gbdcc.adapters.gbcs.payload.usecases`). Mined from the RTDS 4.5.0
vectors and reviewed.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Dlms, Req, T, UseCase, Variant
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S

USE_CASES: tuple[UseCase, ...] = (
    UseCase('ECS24', 0x003A, '4.11.1', 'ReadTariffPrimaryElement', (
        Variant(frozenset([]), Dlms((
            Req('get', 3, '0-0:94.44.1.7', 2, T("null-data")),
            Req('get', 3, '0-0:94.44.1.7', 3, T("null-data")),
            Req('get', 20, '0-0:13.0.0.255', 3, T("null-data")),
            Req('get', 20, '0-0:13.0.0.255', 4, T("null-data")),
            Req('get', 20, '0-0:13.0.0.255', 5, T("null-data")),
            Req('get', 11, '0-0:11.0.0.255', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.11.255', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.12.255', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.13.255', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.14.255', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.15.255', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.16.255', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.17.255', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.18.255', 2, T("null-data")),
            Req('get', 9000, '0-0:94.44.2.0', 2, T("null-data")),
            Req('get', 113, '0-0:19.20.4.255', 5, T("null-data")),
            Req('get', 113, '0-0:19.20.0.255', 5, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS24b', 0x00BD, '4.11.2', 'ReadTariffSecondaryElement', (
        Variant(frozenset([]), Dlms((
            Req('get', 113, '0-0:19.20.5.255', 5, T("null-data")),
            Req('get', 3, '0-0:94.44.1.8', 2, T("null-data")),
            Req('get', 3, '0-0:94.44.1.8', 3, T("null-data")),
            Req('get', 11, '0-0:11.0.1.255', 2, T("null-data")),
            Req('get', 20, '0-0:13.0.1.255', 3, T("null-data")),
            Req('get', 20, '0-0:13.0.1.255', 4, T("null-data")),
            Req('get', 20, '0-0:13.0.1.255', 5, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS25a1', 0x00EA, '6.22', 'ConfigureAlertBehaviour', (
        Variant(frozenset(['ElectricitySupplierHANAlertSettings/SupplierESMECommon/x810D', 'ElectricitySupplierHANAlertSettings/SupplierESMECommon/x8119', 'ElectricitySupplierHANAlertSettings/SupplierESMECommon/x8168']), Dlms((
            Req('set', 1, '0-30:97.98.12.255', 2, T('bit-string', [512, '00000000000000000000000000000000000001000000000000000000020020000000000000000000000000000000000000000000000000000000000000002000'])),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS25a2', 0x00EB, '6.22', 'ConfigureAlertBehaviour', (
        Variant(frozenset(['ElectricitySupplierAlarmSettings/SupplierESMECommon/x8154', 'ElectricitySupplierAlarmSettings/SupplierESMECommon/x8155', 'ElectricitySupplierAlarmSettings/SupplierESMECommon/x8161', 'ElectricitySupplierAlarmSettings/SupplierESMECommon/x8162']), Dlms((
            Req('set', 1, '0-30:97.98.13.255', 2, T('bit-string', [512, '00000000000000000000000000000000000000060030000000000000000000000000000000000000000000000000000000000006003000000000000000000000'])),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS25a3', 0x00EC, '6.22', 'ConfigureAlertBehaviour', (
        Variant(frozenset(['ElectricitySupplierLoggingSettings/SupplierESMECommon/x8145', 'ElectricitySupplierLoggingSettings/SupplierESMECommon/x8154', 'ElectricitySupplierLoggingSettings/SupplierESMECommon/x8155', 'ElectricitySupplierLoggingSettings/SupplierESMECommon/x8161', 'ElectricitySupplierLoggingSettings/SupplierESMECommon/x8162', 'ElectricitySupplierLoggingSettings/SupplierESMECommon/x81C6']), Dlms((
            Req('set', 1, '0-30:97.98.14.255', 2, T('bit-string', [512, '00000000000000400000000000000000000000060030002000000000000000000000000000000040000000000000000000000006000000200000000000000000'])),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS25a', 0x00AC, '6.22', 'ConfigureAlertBehaviour', (
        Variant(frozenset(['ElectricitySupplierAlerts/SupplierESMECommon/x810D', 'ElectricitySupplierAlerts/SupplierESMECommon/x810E', 'ElectricitySupplierAlerts/SupplierESMEPolyPhase/x81B7']), Dlms((
            Req('set', 1, '0-30:97.98.11.255', 2, T('bit-string', [512, '00000000000000300000000000000000000000000000000000000000000060000000000000000000000000000000000000000000000000000000000000002000'])),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS25b3', 0x00ED, '6.22', 'ConfigureAlertBehaviour', (
        Variant(frozenset(['ElectricityNetworkOperatorLoggingSettings/NetworkOperatorESMECommon/x8014', 'ElectricityNetworkOperatorLoggingSettings/NetworkOperatorESMECommon/x8015']), Dlms((
            Req('set', 1, '0-33:97.98.14.255', 2, T('bit-string', [512, '00000000000000000000000000000000000000000000000000000000003000000000000000000000000000000000000000000000000000000000000000100000'])),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS25b', 0x00B0, '6.22', 'ConfigureAlertBehaviour', (
        Variant(frozenset(['ElectricityNetworkOperatorAlerts/NetworkOperatorESMECommon/x8014', 'ElectricityNetworkOperatorAlerts/NetworkOperatorESMECommon/x8015', 'ElectricityNetworkOperatorAlerts/NetworkOperatorESMEPolyPhase/x8003']), Dlms((
            Req('set', 1, '0-33:97.98.11.255', 2, T('bit-string', [512, '00000000000000000000000000000000000000000000000000000000003000000000000000000000000000000000000000000000000000000000000000100000'])),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS25r1', 0x00EE, '6.2.10', 'ReadDeviceConfigurationEventAndAlertBehaviours', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-30:97.98.15.255', 2, T("null-data")),
            Req('get', 1, '0-30:97.98.16.255', 2, T("null-data")),
            Req('get', 1, '0-30:97.98.17.255', 2, T("null-data")),
            Req('get', 1, '0-30:97.98.18.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS25r2', 0x00EF, '6.2.10', 'ReadDeviceConfigurationEventAndAlertBehaviours', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-33:97.98.15.255', 2, T("null-data")),
            Req('get', 1, '0-33:97.98.18.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26a', 0x003B, '4.13', 'ReadPrepaymentConfiguration', (
        Variant(frozenset([]), Dlms((
            Req('get', 113, '0-0:19.20.1.255', 5, T("null-data")),
            Req('get', 11, '0-0:11.0.2.255', 2, T("null-data")),
            Req('get', 113, '0-0:19.20.1.255', 8, T("null-data")),
            Req('get', 113, '0-0:19.20.1.255', 5, T("null-data")),
            Req('get', 113, '0-0:19.20.2.255', 5, T("null-data")),
            Req('get', 113, '0-0:19.20.2.255', 8, T("null-data")),
            Req('get', 113, '0-0:19.20.2.255', 5, T("null-data")),
            Req('get', 113, '0-0:19.20.3.255', 13, T("null-data")),
            Req('get', 9000, '0-0:94.44.2.10', 2, T("null-data")),
            Req('get', 21, '0-0:16.0.1.255', 2, T("null-data")),
            Req('get', 9000, '0-0:94.44.2.20', 2, T("null-data")),
            Req('get', 111, '0-0:19.0.0.255', 16, T("null-data")),
            Req('get', 111, '0-0:19.0.0.255', 18, T("null-data")),
            Req('get', 111, '0-0:19.0.0.255', 19, T("null-data")),
            Req('get', 112, '0-0:19.10.1.255', 9, T("null-data")),
            Req('get', 112, '0-0:19.10.1.255', 10, T("null-data")),
            Req('get', 10, '0-0:12.0.1.255', 2, T("null-data")),
            Req('get', 111, '0-0:19.0.0.255', 11, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26b', 0x003C, '6.2.1', 'ReadDeviceConfigurationVoltage', (
        Variant(frozenset([]), Dlms((
            Req('get', 71, '0-0:17.0.1.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.1.255', 6, T("null-data")),
            Req('get', 71, '0-0:17.0.2.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.2.255', 6, T("null-data")),
            Req('get', 71, '0-0:17.0.3.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.3.255', 6, T("null-data")),
            Req('get', 71, '0-0:17.0.4.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.4.255', 6, T("null-data")),
            Req('get', 1, '1-0:32.35.0.4', 2, T("null-data")),
            Req('get', 1, '1-0:32.31.0.4', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26c', 0x003D, '6.2.2', 'ReadDeviceConfigurationRandomisation', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.0.0', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.2', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.1', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26d', 0x003E, '6.2.3', 'ReadDeviceConfigurationBillingCalendar', (
        Variant(frozenset([]), Dlms((
            Req('get', 22, '0-0:15.0.0.255', 4, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26e', 0x003F, '6.2.4', 'ReadDeviceConfigurationIdentityExcMPxN', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:96.1.1.255', 2, T("null-data")),
            Req('get', 1, '0-0:96.1.2.255', 2, T("null-data")),
            Req('get', 1, '0-0:96.1.4.255', 2, T("null-data")),
            Req('get', 1, '0-0:96.1.6.255', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.4', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26f', 0x0040, '6.2.5', 'ReadDeviceConfigurationInstantaneousPowerThresholds', (
        Variant(frozenset([]), Dlms((
            Req('get', 21, '0-0:16.0.0.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26i', 0x0092, '6.2.4', 'ReadDeviceConfigurationIdentityExcMPxN', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:96.1.1.255', 2, T("null-data")),
            Req('get', 1, '0-0:96.1.4.255', 2, T("null-data")),
            Req('get', 1, '0-0:96.1.6.255', 2, T("null-data")),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('ECS26j', 0x00BE, '6.2.9', 'ReadDeviceConfigurationPaymentMode', (
        Variant(frozenset([]), Dlms((
            Req('get', 111, '0-0:19.0.0.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26k', 0x00C6, '6.2.1', 'ReadDeviceConfigurationVoltage', (
        Variant(frozenset([]), Dlms((
            Req('get', 71, '0-0:17.0.1.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.1.255', 6, T("null-data")),
            Req('get', 71, '0-0:17.0.2.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.2.255', 6, T("null-data")),
            Req('get', 71, '0-0:17.0.3.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.3.255', 6, T("null-data")),
            Req('get', 71, '0-0:17.0.4.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.4.255', 6, T("null-data")),
            Req('get', 1, '1-0:32.35.0.4', 2, T("null-data")),
            Req('get', 1, '1-0:32.31.0.4', 2, T("null-data")),
            Req('get', 1, '1-0:52.31.0.4', 2, T("null-data")),
            Req('get', 1, '1-0:52.35.0.4', 2, T("null-data")),
            Req('get', 1, '1-0:72.31.0.4', 2, T("null-data")),
            Req('get', 1, '1-0:72.35.0.4', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26l', 0x00D9, '6.2.3', 'ReadDeviceConfigurationBillingCalendar', (
        Variant(frozenset([]), Dlms((
            Req('get', 22, '0-0:15.0.0.255', 4, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26m', 0x00F9, '6.2.4', 'ReadDeviceConfigurationIdentityExcMPxN', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:96.1.2.255', 2, T("null-data")),
            Req('get', 1, '0-0:96.1.4.255', 2, T("null-data")),
            Req('get', 1, '0-0:96.1.6.255', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.4', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS26n', 0x00FA, '6.2.4', 'ReadDeviceConfigurationIdentityExcMPxN', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:96.1.4.255', 2, T("null-data")),
            Req('get', 1, '0-0:96.1.6.255', 2, T("null-data")),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('ECS27', 0x0042, '4.15', 'ReadLoadLimitData', (
        Variant(frozenset([]), Dlms((
            Req('get', 9000, '0-0:94.44.0.3', 2, T("null-data")),
            Req('get', 3, '0-0:94.44.42.255', 2, T("null-data")),
            Req('get', 3, '0-0:94.44.42.255', 3, T("null-data")),
            Req('get', 71, '0-0:17.0.0.255', 4, T("null-data")),
            Req('get', 71, '0-0:17.0.0.255', 6, T("null-data")),
            Req('get', 71, '0-0:17.0.0.255', 7, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS28a', 0x0043, '6.4.1', 'UpdateDeviceConfigurationLoadLimitingGeneralSettings', (
        Variant(frozenset(['ExecutionDateTime', 'LoadLimitPeriod', 'LoadLimitPowerThreshold', 'LoadLimitRestorationPeriod', 'LoadLimitSupplyState']), Dlms((
            Req('set', 9000, '0-0:94.44.0.3', 4, T('boolean', B('is:Disable', 'LoadLimitSupplyState'))),
            Req('set', 9000, '0-0:94.44.128.7', 4, T('double-long-unsigned', B('int', 'LoadLimitPowerThreshold'))),
            Req('set', 9000, '0-0:94.44.128.6', 4, T('double-long-unsigned', B('int', 'LoadLimitPeriod'))),
            Req('set', 9000, '0-0:94.44.128.8', 4, T('double-long-unsigned', B('int', 'LoadLimitRestorationPeriod'))),
            Req('set', 9000, '0-0:94.44.0.3', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.7', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.6', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.8', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['LoadLimitPeriod', 'LoadLimitPowerThreshold', 'LoadLimitRestorationPeriod', 'LoadLimitSupplyState']), Dlms((
            Req('set', 9000, '0-0:94.44.0.3', 4, T('boolean', B('is:Disable', 'LoadLimitSupplyState'))),
            Req('set', 9000, '0-0:94.44.128.7', 4, T('double-long-unsigned', B('int', 'LoadLimitPowerThreshold'))),
            Req('set', 9000, '0-0:94.44.128.6', 4, T('double-long-unsigned', B('int', 'LoadLimitPeriod'))),
            Req('set', 9000, '0-0:94.44.128.8', 4, T('double-long-unsigned', B('int', 'LoadLimitRestorationPeriod'))),
            Req('set', 9000, '0-0:94.44.0.3', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.7', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.6', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.8', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS28b', 0x0044, '6.4.2', 'UpdateDeviceConfigurationLoadLimitingCounterReset', (
        Variant(frozenset([]), Dlms((
            Req('action', 3, '0-0:94.44.42.255', 1, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS30', 0x0046, '6.8', 'UpdateDeviceConfigurationBillingCalendar', (
        Variant(frozenset(['ElectricityBillingCalendar/BillingTime', 'ElectricityBillingCalendar/Monthly']), Dlms((
            Req('set', 22, '0-0:15.0.0.255', 4, A(S(T('octet-string', '0c000000'), T('octet-string', 'ffffff01ff')))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS30a', 0x00D7, '6.8', 'UpdateDeviceConfigurationBillingCalendar', (
        Variant(frozenset(['ElectricityBillingCalendar/BillingTime', 'ElectricityBillingCalendar/Quarterly/BillingPeriodStartMonth', 'ElectricityBillingCalendar/Quarterly/DayOfMonth']), Dlms((
            Req('set', 22, '0-0:15.0.0.255', 4, A(
                S(T('octet-string', '00000000'), T('octet-string', 'ffff0101ff')),
                S(T('octet-string', '00000000'), T('octet-string', 'ffff0401ff')),
                S(T('octet-string', '00000000'), T('octet-string', 'ffff0701ff')),
                S(T('octet-string', '00000000'), T('octet-string', 'ffff0a01ff')),
            )),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS34', 0x0047, '6.12', 'UpdateDeviceConfigurationInstantaneousPowerThreshold', (
        Variant(frozenset(['LowMediumPowerThreshold', 'MediumHighPowerThreshold']), Dlms((
            Req('set', 21, '0-0:16.0.0.255', 2, A(
                T('double-long-unsigned', B('int', 'LowMediumPowerThreshold')),
                T('double-long-unsigned', B('int', 'MediumHighPowerThreshold')),
            )),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS38', 0x004B, '7.12', 'SetRandomisedOffsetLimit', (
        Variant(frozenset(['RandomisedOffsetLimit']), Dlms((
            Req('set', 1, '0-0:94.44.0.1', 2, T('long-unsigned', B('int', 'RandomisedOffsetLimit'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS39a', 0x004C, '6.20.1', 'SetDeviceConfigurationImportMPxN', (
        Variant(frozenset(['ImportMPANs/ImportMPAN']), Dlms((
            Req('set', 1, '0-0:94.44.34.11', 2, T('octet-string', B('ascii', 'ImportMPANs/ImportMPAN'))),
        ))),
        Variant(frozenset(['ImportMPANs/ImportMPAN', 'ImportMPANs/SecondaryImportMPAN']), Dlms((
            Req('set', 1, '0-0:94.44.34.11', 2, T('octet-string', B('ascii_concat', 'ImportMPANs/ImportMPAN', 'ImportMPANs/SecondaryImportMPAN'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS39b', 0x004D, '6.20.2', 'SetDeviceConfigurationExportMPAN', (
        Variant(frozenset(['ExportMPAN']), Dlms((
            Req('set', 1, '1-0:0.0.2.255', 2, T('octet-string', B('ascii', 'ExportMPAN'))),
        )), mode='acb+srp'),
    ), devices=('ESME',)),
    UseCase('ECS40', 0x004E, '6.2.7', 'ReadDeviceConfigurationMPxN', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.34.11', 2, T("null-data")),
            Req('get', 1, '1-0:0.0.2.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS42', 0x004F, '7.1', 'EnableSupply', (
        Variant(frozenset([]), Dlms((
            Req('action', 9, '0-0:10.0.106.255', 1, T('long-unsigned', 51)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS43', 0x0050, '7.2', 'DisableSupply', (
        Variant(frozenset([]), Dlms((
            Req('action', 9, '0-0:10.0.106.255', 1, T('long-unsigned', 52)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS44', 0x0051, '7.3', 'ArmSupply', (
        Variant(frozenset([]), Dlms((
            Req('action', 9, '0-0:10.0.106.255', 1, T('long-unsigned', 54)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS45', 0x0052, '7.4', 'ReadSupplyStatus', (
        Variant(frozenset([]), Dlms((
            Req('get', 70, '0-0:96.3.10.255', 3, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS52', 0x0059, '11.2', 'ReadFirmwareVersion', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:0.2.1.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS57', 0x005A, '6.18.2', 'ResetMaximumDemandRegisters', (
        Variant(frozenset(['MaxDemandActivePowerExportValue', 'MaxDemandActivePowerImportValue', 'MaxDemandConfigTimeActivePowerImportValue']), Dlms((
            Req('action', 4, '1-0:1.6.0.255', 1, T('integer', 0)),
            Req('action', 4, '1-0:1.6.1.255', 1, T('integer', 0)),
            Req('action', 4, '1-0:2.6.0.255', 1, T('integer', 0)),
        ))),
        Variant(frozenset(['MaxDemandConfigTimeActivePowerImportValue']), Dlms((
            Req('action', 4, '1-0:1.6.1.255', 1, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS70', 0x0062, '8.1.1', 'CommissionDeviceSynchroniseClock', (
        Variant(frozenset(['CurrentDateTime', 'TolerancePeriod']), Dlms((
            Req('set', 8, '0-0:1.0.0.255', 9, T('enum', 5)),
            Req('action', 8, '0-0:1.0.0.255', 5, S(
                T('octet-string', 'ffffffffffffffffff8000ff'),
                T('octet-string', B('dlms_dt', 'CurrentDateTime')),
                T('octet-string', B('dlms_dt_plus', 'CurrentDateTime', 'TolerancePeriod')),
            )),
            Req('action', 8, '0-0:1.0.0.255', 4, T('integer', 0)),
            Req('get', 8, '0-0:1.0.0.255', 2, T("null-data")),
            Req('get', 8, '0-0:1.0.0.255', 4, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS70', 0x0062, '6.11', 'SynchroniseClock', (
        Variant(frozenset(['CurrentDateTime', 'TolerancePeriod']), Dlms((
            Req('set', 8, '0-0:1.0.0.255', 9, T('enum', 5)),
            Req('action', 8, '0-0:1.0.0.255', 5, S(
                T('octet-string', 'ffffffffffffffffff8000ff'),
                T('octet-string', B('dlms_dt', 'CurrentDateTime')),
                T('octet-string', B('dlms_dt_plus', 'CurrentDateTime', 'TolerancePeriod')),
            )),
            Req('action', 8, '0-0:1.0.0.255', 4, T('integer', 0)),
            Req('get', 8, '0-0:1.0.0.255', 2, T("null-data")),
            Req('get', 8, '0-0:1.0.0.255', 4, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS81', 0x0068, '6.25', 'SetElectricitySupplyTamperState', (
        Variant(frozenset(['SupplyTamperState']), Dlms((
            Req('set', 1, '0-0:94.44.0.4', 2, T('boolean', True)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS82', 0x0069, '4.18', 'ReadMeterBalance', (
        Variant(frozenset([]), Dlms((
            Req('get', 112, '0-0:19.10.0.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
)
