"""ESME use cases: billing data, daily read and profile data logs — ECS20…ECS23 (GBCS 13.3.4).

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
    UseCase('ECS20a', 0x002E, '4.4.4', 'RetrieveBillingDataLogDebtPayments', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:98.1.4.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS20b', 0x002F, '4.4.2', 'RetrieveCoMOrTariffTriggeredBillingDataLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            protected_log_read('0-0:43.2.3.255', '0000620102ff'),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS20c', 0x0030, '4.4.3', 'RetrieveBillingCalendarTriggeredBillingDataLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            Req('action', 30, '0-0:43.2.2.255', 1, S(
                A(
                    S(
                        T('long-unsigned', 7),
                        T('octet-string', '0000620100ff'),
                        T('integer', 2),
                        T('long-unsigned', 0),
                        S(
                            T('enum', 1),
                            S(
                                T('octet-string', B('dlms_dt', 'ReadLogPeriod/StartDateTime')),
                                T('octet-string', B('dlms_dt', 'ReadLogPeriod/EndDateTime')),
                            ),
                        ),
                    ),
                    S(
                        T('long-unsigned', 7),
                        T('octet-string', '0000620101ff'),
                        T('integer', 2),
                        T('long-unsigned', 0),
                        S(
                            T('enum', 1),
                            S(
                                T('octet-string', B('dlms_dt', 'ReadLogPeriod/StartDateTime')),
                                T('octet-string', B('dlms_dt', 'ReadLogPeriod/EndDateTime')),
                            ),
                        ),
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
    UseCase('ECS20d', 0x00C9, '4.4.5', 'RetrieveBillingDataLogPrepaymentCredits', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:98.1.5.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS21a', 0x0033, '4.6.1', 'RetrieveImportDailyReadLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            protected_log_read('0-0:43.2.5.255', '0000620109ff'),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS21b', 0x0034, '4.14', 'ReadPrepaymentDailyReadLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            protected_log_read('0-0:43.2.6.255', '0000620108ff'),
        ))),
        Variant(frozenset(['KAPublicSecurityCredentials', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            Req('action', 30, '0-0:43.2.6.255', 1, S(
                A(
                    S(
                        T('long-unsigned', 7),
                        T('octet-string', '0000620108ff'),
                        T('integer', 2),
                        T('long-unsigned', 0),
                        S(
                            T('enum', 1),
                            S(
                                T('octet-string', B('dlms_dt', 'ReadLogPeriod/StartDateTime')),
                                T('octet-string', B('dlms_dt', 'ReadLogPeriod/EndDateTime')),
                            ),
                        ),
                    ),
                ),
                A(
                    S(
                        T('enum', 2),
                        S(
                            T('octet-string', B('enc_txid', '@counter')),
                            T('octet-string', '90b3d51f30010000'),
                            T('octet-string', B('ctx', '@recipient')),
                            T('octet-string', ''),
                            S(T('enum', 2), S(T('octet-string', '02'), T('octet-string', ''))),
                        ),
                    ),
                ),
            )),
        )), mode='acb+srp'),
    ), devices=('ESME',)),
    UseCase('ECS21c', 0x0035, '4.6.2', 'RetrieveExportDailyReadLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:98.1.10.255', 2),
        )), mode='acb+srp'),
    ), devices=('ESME',)),
    UseCase('ECS22a', 0x0036, '4.8.3', 'ReadExportProfileData', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:99.1.1.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS22b', 0x0037, '4.8.1', 'ReadActiveImportProfileData', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            protected_log_read('0-0:43.2.7.255', '0000630100ff'),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS22c', 0x0038, '4.8.2', 'ReadReactiveImportProfileData', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:99.1.2.255', 2),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS23', 0x0039, '4.10', 'ReadNetworkData', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            Req('get', 3, '1-0:32.32.0.4', 2, T("null-data")),
            Req('get', 3, '1-0:32.32.0.4', 3, T("null-data")),
            Req('get', 3, '1-0:32.36.0.4', 2, T("null-data")),
            Req('get', 3, '1-0:32.36.0.4', 3, T("null-data")),
            utc_range_read(7, '1-0:32.24.0.255', 2),
            Req('get', 7, '1-0:32.24.0.255', 4, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('ECS23b', 0x00BC, '4.10', 'ReadNetworkData', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            Req('get', 3, '1-0:32.32.0.4', 2, T("null-data")),
            Req('get', 3, '1-0:32.32.0.4', 3, T("null-data")),
            Req('get', 3, '1-0:32.36.0.4', 2, T("null-data")),
            Req('get', 3, '1-0:32.36.0.4', 3, T("null-data")),
            utc_range_read(7, '1-0:32.24.0.255', 2),
            Req('get', 7, '1-0:32.24.0.255', 4, T("null-data")),
            Req('get', 3, '1-0:52.32.0.4', 2, T("null-data")),
            Req('get', 3, '1-0:52.32.0.4', 3, T("null-data")),
            Req('get', 3, '1-0:52.36.0.4', 2, T("null-data")),
            Req('get', 3, '1-0:52.36.0.4', 3, T("null-data")),
            utc_range_read(7, '1-0:52.24.0.255', 2),
            Req('get', 7, '1-0:52.24.0.255', 4, T("null-data")),
            Req('get', 3, '1-0:72.32.0.4', 2, T("null-data")),
            Req('get', 3, '1-0:72.32.0.4', 3, T("null-data")),
            Req('get', 3, '1-0:72.36.0.4', 2, T("null-data")),
            Req('get', 3, '1-0:72.36.0.4', 3, T("null-data")),
            utc_range_read(7, '1-0:72.24.0.255', 2),
            Req('get', 7, '1-0:72.24.0.255', 4, T("null-data")),
        ))),
    ), devices=('ESME',)),
)
