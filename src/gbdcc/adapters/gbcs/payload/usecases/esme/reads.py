"""ESME use cases: instantaneous reads, registers and other reads — ECS15…ECS19, ECS29, ECS61, ECS62,
ECS66 (GBCS 13.3.4).

DLMS access-requests (GBCS 13.3.x, DLMS/COSEM IEC 62056): message code, Service Reference Variant,
DUIS body element and a payload template per body shape; ``B(conv, path...)`` bindings say which DUIS
value fills a field (see :mod:`gbdcc.adapters.gbcs.payload.usecases`). Mined from the RTDS 4.5.0
vectors and reviewed.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Dlms, Req, T, UseCase, Variant
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S
from gbdcc.adapters.gbcs.payload.usecases._logs import protected_log_read, utc_range_read

USE_CASES: tuple[UseCase, ...] = (
    UseCase('ECS15a', 0x0024, '3.3', 'ClearEventLog', (
        Variant(frozenset(['ESMEEventLogType']), Dlms((
            Req('action', 7, '0-0:99.98.0.255', 1, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS15c', 0x00C1, '3.3', 'ClearEventLog', (
        Variant(frozenset(['ESMEEventLogType']), Dlms((
            Req('action', 7, '0-17:99.98.2.255', 1, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS16', 0x0025, '3.4', 'UpdateSupplierName', (
        Variant(frozenset(['SupplierName', 'SupplierTelephoneNumber']), Dlms((
            Req('set', 9000, '0-0:96.13.0.255', 2, T('octet-string', B('ascii', 'SupplierTelephoneNumber'))),
            Req('set', 9000, '0-0:96.13.1.255', 2, T('octet-string', B('ascii', 'SupplierName'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS17a', 0x0026, '4.2', 'ReadInstantaneousExportRegisters', (
        Variant(frozenset([]), Dlms((
            Req('get', 3, '1-0:2.8.0.255', 2, T("null-data")),
            Req('get', 3, '1-0:2.8.0.255', 3, T("null-data")),
            Req('get', 3, '1-0:4.8.0.255', 2, T("null-data")),
            Req('get', 3, '1-0:4.8.0.255', 3, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS17b', 0x0027, '4.1.1', 'ReadInstantaneousImportRegisters', (
        Variant(frozenset([]), Dlms((
            Req('action', 30, '0-0:43.2.8.255', 1, S(
                A(
                    S(
                        T('long-unsigned', 1),
                        T('octet-string', '00005e2c220a'),
                        T('integer', 2),
                        T('long-unsigned', 0),
                        S(T('enum', 0), T("null-data")),
                    ),
                ),
                A(
                    S(
                        T('enum', 2),
                        S(
                            T('octet-string', B('enc_txid', '@counter')),
                            T('octet-string', B('ctx', '@originator')),
                            T('octet-string', B('ctx', '@recipient')),
                            T('octet-string', ''),
                            S(T('enum', 2), S(T('octet-string', '02'), T('octet-string', ''))),
                        ),
                    ),
                ),
            )),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS17c', 0x0028, '4.16', 'ReadActivePowerImport', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.34.20', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS17d', 0x0029, '4.1.2', 'ReadInstantaneousImportTOUMatrices', (
        Variant(frozenset([]), Dlms((
            Req('action', 30, '0-0:43.2.9.255', 1, S(
                A(
                    S(
                        T('long-unsigned', 1),
                        T('octet-string', '00005e2c2201'),
                        T('integer', 2),
                        T('long-unsigned', 0),
                        S(T('enum', 0), T("null-data")),
                    ),
                ),
                A(
                    S(
                        T('enum', 2),
                        S(
                            T('octet-string', B('enc_txid', '@counter')),
                            T('octet-string', B('ctx', '@originator')),
                            T('octet-string', B('ctx', '@recipient')),
                            T('octet-string', ''),
                            S(T('enum', 2), S(T('octet-string', '02'), T('octet-string', ''))),
                        ),
                    ),
                ),
            )),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS17e', 0x002A, '4.1.3', 'ReadInstantaneousImportTOUWithBlocksMatrices', (
        Variant(frozenset([]), Dlms((
            Req('action', 30, '0-0:43.2.10.255', 1, S(
                A(
                    S(
                        T('long-unsigned', 1),
                        T('octet-string', '00005e2c2202'),
                        T('integer', 2),
                        T('long-unsigned', 0),
                        S(T('enum', 0), T("null-data")),
                    ),
                ),
                A(
                    S(
                        T('enum', 2),
                        S(
                            T('octet-string', B('enc_txid', '@counter')),
                            T('octet-string', B('ctx', '@originator')),
                            T('octet-string', B('ctx', '@recipient')),
                            T('octet-string', ''),
                            S(T('enum', 2), S(T('octet-string', '02'), T('octet-string', ''))),
                        ),
                    ),
                ),
            )),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS18a', 0x002B, '4.12.2', 'ReadMaximumDemandExportRegisters', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.5.2', 2, T("null-data")),
            Req('get', 4, '1-0:2.6.0.255', 2, T("null-data")),
            Req('get', 4, '1-0:2.6.0.255', 3, T("null-data")),
            Req('get', 4, '1-0:2.6.0.255', 5, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS18b', 0x002C, '4.12.1', 'ReadMaximumDemandImportRegisters', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.5.0', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.5.1', 2, T("null-data")),
            Req('get', 4, '1-0:1.6.0.255', 2, T("null-data")),
            Req('get', 4, '1-0:1.6.0.255', 3, T("null-data")),
            Req('get', 4, '1-0:1.6.0.255', 5, T("null-data")),
            Req('get', 4, '1-0:1.6.1.255', 2, T("null-data")),
            Req('get', 4, '1-0:1.6.1.255', 3, T("null-data")),
            Req('get', 4, '1-0:1.6.1.255', 5, T("null-data")),
            Req('get', 10, '0-0:12.0.0.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS19', 0x002D, '4.3', 'ReadInstantaneousPrepayValues', (
        Variant(frozenset([]), Dlms((
            Req('action', 30, '0-0:43.2.1.255', 1, S(
                A(
                    S(
                        T('long-unsigned', 1),
                        T('octet-string', '00005e2c221e'),
                        T('integer', 2),
                        T('long-unsigned', 0),
                        S(T('enum', 0), T("null-data")),
                    ),
                ),
                A(
                    S(
                        T('enum', 2),
                        S(
                            T('octet-string', B('enc_txid', '@counter')),
                            T('octet-string', B('ctx', '@originator')),
                            T('octet-string', B('ctx', '@recipient')),
                            T('octet-string', ''),
                            S(T('enum', 2), S(T('octet-string', '02'), T('octet-string', ''))),
                        ),
                    ),
                ),
            )),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS29a', 0x0045, '6.5', 'UpdateDeviceConfigurationVoltage', (
        Variant(frozenset(['RMSVoltageSettings/RMSExtremeOverVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeOverVoltageThreshold', 'RMSVoltageSettings/RMSExtremeUnderVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeUnderVoltageThreshold', 'RMSVoltageSettings/RMSVoltageSagMeasurementPeriod', 'RMSVoltageSettings/RMSVoltageSagThreshold', 'RMSVoltageSettings/RMSVoltageSwellMeasurementPeriod', 'RMSVoltageSettings/RMSVoltageSwellThreshold', 'SinglePhaseVoltageSettings/AverageRMSOverVoltageThreshold', 'SinglePhaseVoltageSettings/AverageRMSUnderVoltageThreshold', 'SinglePhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod']), Dlms((
            Req('set', 7, '1-0:32.24.0.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeOverVoltageMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.1.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeOverVoltageThreshold'))),
            Req('set', 71, '0-0:17.0.1.255', 6, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeUnderVoltageMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.2.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeUnderVoltageThreshold'))),
            Req('set', 71, '0-0:17.0.2.255', 6, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSagMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.3.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSagThreshold'))),
            Req('set', 71, '0-0:17.0.3.255', 6, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSwellMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.4.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSwellThreshold'))),
            Req('set', 71, '0-0:17.0.4.255', 6, T('double-long-unsigned', B('int', 'SinglePhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod'))),
            Req('set', 1, '1-0:32.35.0.4', 2, T('double-long-unsigned', B('int', 'SinglePhaseVoltageSettings/AverageRMSOverVoltageThreshold'))),
            Req('set', 1, '1-0:32.31.0.4', 2, T('double-long-unsigned', B('int', 'SinglePhaseVoltageSettings/AverageRMSUnderVoltageThreshold'))),
            Req('action', 3, '1-0:32.32.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:32.36.0.4', 1, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS29b', 0x00AE, '6.5', 'UpdateDeviceConfigurationVoltage', (
        Variant(frozenset(['PolyPhaseVoltageSettings/Phase', 'PolyPhaseVoltageSettings/PhaseVoltageSettings/AverageRMSOverVoltageThreshold', 'PolyPhaseVoltageSettings/PhaseVoltageSettings/AverageRMSUnderVoltageThreshold', 'PolyPhaseVoltageSettings/PhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeOverVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeOverVoltageThreshold', 'RMSVoltageSettings/RMSExtremeUnderVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeUnderVoltageThreshold', 'RMSVoltageSettings/RMSVoltageSagMeasurementPeriod', 'RMSVoltageSettings/RMSVoltageSagThreshold', 'RMSVoltageSettings/RMSVoltageSwellMeasurementPeriod', 'RMSVoltageSettings/RMSVoltageSwellThreshold']), Dlms((
            Req('set', 7, '1-0:32.24.0.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeOverVoltageMeasurementPeriod'))),
            Req('set', 7, '1-0:52.24.0.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeUnderVoltageMeasurementPeriod'))),
            Req('set', 7, '1-0:72.24.0.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSagMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.1.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeOverVoltageThreshold'))),
            Req('set', 71, '0-0:17.0.1.255', 6, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSwellMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.2.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeUnderVoltageThreshold'))),
            Req('set', 71, '0-0:17.0.2.255', 6, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[1]/PhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.3.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSagThreshold'))),
            Req('set', 71, '0-0:17.0.3.255', 6, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[2]/PhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.4.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSwellThreshold'))),
            Req('set', 71, '0-0:17.0.4.255', 6, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[3]/PhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod'))),
            Req('set', 1, '1-0:32.35.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[1]/PhaseVoltageSettings/AverageRMSOverVoltageThreshold'))),
            Req('set', 1, '1-0:32.31.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[1]/PhaseVoltageSettings/AverageRMSUnderVoltageThreshold'))),
            Req('set', 1, '1-0:52.31.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[2]/PhaseVoltageSettings/AverageRMSUnderVoltageThreshold'))),
            Req('set', 1, '1-0:52.35.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[2]/PhaseVoltageSettings/AverageRMSOverVoltageThreshold'))),
            Req('set', 1, '1-0:72.31.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[3]/PhaseVoltageSettings/AverageRMSUnderVoltageThreshold'))),
            Req('set', 1, '1-0:72.35.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[3]/PhaseVoltageSettings/AverageRMSOverVoltageThreshold'))),
            Req('action', 3, '1-0:32.32.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:32.36.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:52.32.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:52.36.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:72.32.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:72.36.0.4', 1, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS29c', 0x00D1, '6.5', 'UpdateDeviceConfigurationVoltage', (
        Variant(frozenset(['RMSVoltageCountersNotReset', 'RMSVoltageSettings/RMSExtremeOverVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeOverVoltageThreshold', 'RMSVoltageSettings/RMSExtremeUnderVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeUnderVoltageThreshold', 'RMSVoltageSettings/RMSVoltageSagMeasurementPeriod', 'RMSVoltageSettings/RMSVoltageSagThreshold', 'RMSVoltageSettings/RMSVoltageSwellMeasurementPeriod', 'RMSVoltageSettings/RMSVoltageSwellThreshold', 'SinglePhaseVoltageSettings/AverageRMSOverVoltageThreshold', 'SinglePhaseVoltageSettings/AverageRMSUnderVoltageThreshold', 'SinglePhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod']), Dlms((
            Req('set', 1, '1-0:32.31.0.4', 2, T('double-long-unsigned', B('int', 'SinglePhaseVoltageSettings/AverageRMSUnderVoltageThreshold'))),
            Req('set', 1, '1-0:32.35.0.4', 2, T('double-long-unsigned', B('int', 'SinglePhaseVoltageSettings/AverageRMSOverVoltageThreshold'))),
            Req('set', 7, '1-0:32.24.0.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeOverVoltageMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.1.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeOverVoltageThreshold'))),
            Req('set', 71, '0-0:17.0.1.255', 6, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeUnderVoltageMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.2.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeUnderVoltageThreshold'))),
            Req('set', 71, '0-0:17.0.2.255', 6, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSagMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.3.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSagThreshold'))),
            Req('set', 71, '0-0:17.0.3.255', 6, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSwellMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.4.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSwellThreshold'))),
            Req('set', 71, '0-0:17.0.4.255', 6, T('double-long-unsigned', B('int', 'SinglePhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS29d', 0x00D2, '6.5', 'UpdateDeviceConfigurationVoltage', (
        Variant(frozenset(['PolyPhaseVoltageSettings/Phase', 'PolyPhaseVoltageSettings/PhaseVoltageSettings/AverageRMSOverVoltageThreshold', 'PolyPhaseVoltageSettings/PhaseVoltageSettings/AverageRMSUnderVoltageThreshold', 'PolyPhaseVoltageSettings/PhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod', 'RMSVoltageCountersNotReset', 'RMSVoltageSettings/RMSExtremeOverVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeOverVoltageThreshold', 'RMSVoltageSettings/RMSExtremeUnderVoltageMeasurementPeriod', 'RMSVoltageSettings/RMSExtremeUnderVoltageThreshold', 'RMSVoltageSettings/RMSVoltageSagMeasurementPeriod', 'RMSVoltageSettings/RMSVoltageSagThreshold', 'RMSVoltageSettings/RMSVoltageSwellMeasurementPeriod', 'RMSVoltageSettings/RMSVoltageSwellThreshold']), Dlms((
            Req('set', 1, '1-0:32.31.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[1]/PhaseVoltageSettings/AverageRMSUnderVoltageThreshold'))),
            Req('set', 1, '1-0:32.35.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[1]/PhaseVoltageSettings/AverageRMSOverVoltageThreshold'))),
            Req('set', 1, '1-0:52.31.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[2]/PhaseVoltageSettings/AverageRMSUnderVoltageThreshold'))),
            Req('set', 1, '1-0:52.35.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[2]/PhaseVoltageSettings/AverageRMSOverVoltageThreshold'))),
            Req('set', 1, '1-0:72.31.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[3]/PhaseVoltageSettings/AverageRMSUnderVoltageThreshold'))),
            Req('set', 1, '1-0:72.35.0.4', 2, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[3]/PhaseVoltageSettings/AverageRMSOverVoltageThreshold'))),
            Req('set', 7, '1-0:32.24.0.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeOverVoltageMeasurementPeriod'))),
            Req('set', 7, '1-0:52.24.0.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeUnderVoltageMeasurementPeriod'))),
            Req('set', 7, '1-0:72.24.0.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSagMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.1.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeOverVoltageThreshold'))),
            Req('set', 71, '0-0:17.0.1.255', 6, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSwellMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.2.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSExtremeUnderVoltageThreshold'))),
            Req('set', 71, '0-0:17.0.2.255', 6, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[1]/PhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.3.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSagThreshold'))),
            Req('set', 71, '0-0:17.0.3.255', 6, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[2]/PhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod'))),
            Req('set', 71, '0-0:17.0.4.255', 4, T('double-long-unsigned', B('int', 'RMSVoltageSettings/RMSVoltageSwellThreshold'))),
            Req('set', 71, '0-0:17.0.4.255', 6, T('double-long-unsigned', B('int', 'PolyPhaseVoltageSettings[3]/PhaseVoltageSettings/AverageRMSVoltageMeasurementPeriod'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS29e', 0x00D3, '6.27', 'UpdateDeviceConfigurationRMSVoltageCounterReset', (
        Variant(frozenset([]), Dlms((
            Req('action', 3, '1-0:32.32.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:32.36.0.4', 1, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS29f', 0x00D4, '6.27', 'UpdateDeviceConfigurationRMSVoltageCounterReset', (
        Variant(frozenset([]), Dlms((
            Req('action', 3, '1-0:32.32.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:32.36.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:52.32.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:52.36.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:72.32.0.4', 1, T('integer', 0)),
            Req('action', 3, '1-0:72.36.0.4', 1, T('integer', 0)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS61a', 0x00BB, '7.7', 'ReadALCSData', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.0.11', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.12', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.13', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.14', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.15', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.21', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.22', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.23', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.24', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.25', 2, T("null-data")),
            Req('get', 11, '0-0:11.0.3.255', 2, T("null-data")),
            Req('get', 10, '0-0:12.0.2.255', 2, T("null-data")),
            Req('get', 70, '0-1:96.3.10.255', 2, T("null-data")),
            Req('get', 70, '0-2:96.3.10.255', 2, T("null-data")),
            Req('get', 70, '0-3:96.3.10.255', 2, T("null-data")),
            Req('get', 70, '0-4:96.3.10.255', 2, T("null-data")),
            Req('get', 70, '0-5:96.3.10.255', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS61c', 0x005E, '7.11', 'ReadBoostButtonDetails', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            Req('get', 1, '0-0:94.44.7.255', 2, T("null-data")),
            utc_range_read(7, '0-0:99.98.20.255', 2),
            Req('get', 1, '0-0:94.44.6.1', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.6.2', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.6.3', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.6.4', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.6.5', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS62', 0x005F, '7.9', 'AddAuxiliaryLoadToBoostButton', (
        Variant(frozenset(['AddToBoostButton']), Dlms((
            Req('set', 1, '0-0:94.44.6.1', 2, T('boolean', B('bool', 'AddToBoostButton[1]'))),
            Req('set', 1, '0-0:94.44.6.2', 2, T('boolean', B('bool', 'AddToBoostButton[2]'))),
            Req('set', 1, '0-0:94.44.6.3', 2, T('boolean', B('bool', 'AddToBoostButton[3]'))),
            Req('set', 1, '0-0:94.44.6.4', 2, T('boolean', B('bool', 'AddToBoostButton[4]'))),
            Req('set', 1, '0-0:94.44.6.5', 2, T('boolean', B('bool', 'AddToBoostButton[5]'))),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS62', 0x005F, '7.10', 'RemoveAuxiliaryLoadFromBoostButton', (
        Variant(frozenset(['RemoveFromBoostButton']), Dlms((
            Req('set', 1, '0-0:94.44.6.1', 2, T('boolean', False)),
            Req('set', 1, '0-0:94.44.6.2', 2, T('boolean', False)),
            Req('set', 1, '0-0:94.44.6.3', 2, T('boolean', False)),
            Req('set', 1, '0-0:94.44.6.4', 2, T('boolean', False)),
            Req('set', 1, '0-0:94.44.6.5', 2, T('boolean', False)),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS66', 0x0060, '4.17', 'RetrieveDailyConsumptionLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            protected_log_read('0-0:43.2.4.255', '0000630103ff'),
        ))),
    ), devices=('ESME',)),
)
