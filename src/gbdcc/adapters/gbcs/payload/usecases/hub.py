"""Communications-hub, security and any-device use cases (CS…, CCS…, DBCH…): DLMS and ASN.1 payloads.

One entry per use case: message code, Service Reference Variant, DUIS body element, and a payload
template per body shape. Bindings ``B(conv, path...)`` say which DUIS value (path relative to the body
element) or context value (``@counter`` …) fills a field, converted by :mod:`..converters`; every
other field is the constant GBCS fixes for the use case (class ids, OBIS codes, attribute / method ids).
Bootstrapped from the RTDS 4.5.0 vectors (RTDS test estate) and reviewed; extend by adding entries.
"""

# ruff: noqa: E501
from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Dlms, Gbz, Len, Raw, Req, T, UseCase, Variant, When, Zcl
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S
from gbdcc.adapters.gbcs.payload.usecases._logs import utc_range_read
from gbdcc.adapters.gbcs.payload.usecases._schedule import auxiliary_controller_schedule

USE_CASES: tuple[UseCase, ...] = (
    UseCase('CCS01', 0x0001, '8.11', 'UpdateHANDeviceLog', (
        Variant(frozenset(['AddDeviceToCHFWhitelist/ImportMPxN', 'AddDeviceToCHFWhitelist/InstallCode', 'AddDeviceToCHFWhitelist/JoinTimePeriod', 'AddDeviceToCHFWhitelist/SecondaryImportMPAN', 'DeviceID', 'RequestType']), Dlms((
            Req('action', 104, '0-0:30.3.0.255', 1, S(
                T('octet-string', B('eui', 'DeviceID')),
                T('enum', 1),
                T('octet-string', B('hex', 'AddDeviceToCHFWhitelist/InstallCode')),
                T('enum', 0),
            )),
            Req('set', 104, '0-0:30.3.0.255', 3, T('long-unsigned', B('int', 'AddDeviceToCHFWhitelist/JoinTimePeriod'))),
            Req('set', 104, '0-0:30.3.0.255', 2, T('boolean', True)),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('CCS02', 0x0002, '8.11', 'UpdateHANDeviceLog', (
        Variant(frozenset(['DeviceID', 'RequestType']), Dlms((
            Req('action', 104, '0-0:30.3.0.255', 2, T('octet-string', B('eui', 'DeviceID'))),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('CCS03', 0x0003, '8.12.1', 'RestoreHANDeviceLog', (
        Variant(frozenset(['OldCHFID']), Dlms((
            Req('action', 104, '0-0:30.3.0.255', 5, S(
                T('octet-string', '0000000000000140'),
                A(
                    S(
                        T('octet-string', '00db1234567890a0'),
                        T('octet-string', '83fed3407a939723a5c639b26916d506'),
                    ),
                    S(
                        T('octet-string', '00db1234567890a1'),
                        T('octet-string', '83fed3407a939723a5c639b26916d505'),
                    ),
                ),
            )),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('UC0004', 0x0004, '8.9', 'ReadDeviceLog', (
        Variant(frozenset([]), Dlms((
            Req('get', 104, '0-0:30.3.0.255', 4, T("null-data")),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('CCS06', 0x010F, '8.9', 'ReadDeviceLog', (
        Variant(frozenset([]), Dlms((
            Req('get', 104, '0-0:30.3.0.255', 4, T("null-data")),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('CCS07', 0x00FE, '8.9', 'ReadDeviceLog', (
        Variant(frozenset(['ReadSecurityDetails']), Dlms((
            Req('action', 104, '0-0:30.3.0.255', 4, T("null-data")),
            Req('action', 104, '0-0:30.3.1.255', 4, T("null-data")),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('CS01a', 0x0007, '2.2', 'TopUpDevice', (
        Variant(frozenset(['UTRN']), Dlms((
            Req('action', 115, '0-0:19.40.0.255', 1, T('octet-string', B('ascii', 'UTRN'))),
        ))),
    ), devices=('ESME',)),
    UseCase('CS01b', 0x0097, '2.2', 'TopUpDevice', (
        Variant(frozenset(['UTRN']), Gbz((
            Zcl(0x01, 0x0705, 0x01, 0x04, Raw('0014', B('ascii', 'UTRN'))),
        ))),
    ), devices=('GSME',)),
    UseCase('CS02a', 0x0008, '6.24.1', 'RetrieveDeviceSecurityCredentialsKRP', (
        Variant(frozenset(['RemotePartyRole']), Raw('30113007020104030203083006020102020103'), mode='acb'),
    ), devices=('ESME',)),
    UseCase('CS02b', 0x0104, '8.5', 'ServiceOptOut', (
        Variant(frozenset(['ACBFloorSeqNumber', 'ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'ExecutionDateTime', 'ReplacementCertificates/KeyAgreementCertificate']), Raw(Len('30', Len('30', '02010483', B('der_int', '@counter'), '840100'), Len('30', Len('30', Len('30', Len('30', 'a0030201020210630ceb61682f9941a09574081f69a6b7300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3136303131303030303030305a170d3236303130393233353935395a', Len('30', '310b3009060355040b0c023034', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d03010703420004efdced0585248d21e683d5da97453577962562e1ce3cd439865f808de1bb90363caee920e7ab80e30dacd75777525bef388c62a00a4299bc9594cf8dac12a984a3593057300e0603551d0f0101ff04040302030830110603551d0e040a04084897771d34fcb0c6301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d04030203470030440220103eb27b63e5b9888cef9721f91649a33abc31493a614fdb1d99f4d3e4ded7e902201bb54d8d5b91b905a4f2ae06ccbcd81af55a9405e02aeeb0ba0322fda153905e'), '300702010403020308')), Len('30', B('b64', 'CertificationPathCertificates/Certificate')))), mode='acb'),
    ), devices=('ESME',)),
    UseCase('CS02b', 0x0103, '6.21', 'RequestHandoverOfDCCControlledDevice', (
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'RemotePartyFloorSeqNumber', 'RemotePartyRole', 'ReplacementCertificates/DigitalSigningCertificate', 'ReplacementCertificates/KeyAgreementCertificate']), Raw(Len('30', Len('30', '020103a2070201030302078083', B('der_int', '@counter'), '840100'), '30820348308201a03082019330820138a00302010202104fc0252e553ecd05d4f72dcfad55c8e7300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3135313033303030303030305a170d3235313032393233353935395a3021310b3009060355040b0c02303331123010060355042d03090090b3d51f300200003059301306072a8648ce3d020106082a8648ce3d03010703420004794c581be8fc2901b3b42644293455e87e2d9eefb37e625acd1fe066286d33bb1253bc4470faa1fd57aef93b3268e038c8fe6e0c5e2327b45c5a36867db9f1a7a3593057300e0603551d0f0101ff04040302078030110603551d0e040a040848cf97fa9f827fb5301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2300a06082a8648ce3d0403020349003046022100882c3a710586096644ee2c79528728097f6511c48b688d039f1009c407a3e6fe022100f6d8f9f9cc43dafd6db2bfa211ce99511e60dc3972b78c54aead7867823cffdc300702010303020780308201a03082019330820138a00302010202104bf733eeb936f53b7f91dc9b7f63dcfd300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3135313033303030303030305a170d3235313032393233353935395a3021310b3009060355040b0c02303331123010060355042d03090090b3d51f300200003059301306072a8648ce3d020106082a8648ce3d03010703420004bdaa07a43b50006a43f76c9a04043da26e8c6ebe4de7ced34d1835c03efc690db82c158dca3225e71e78a194a51af387032d04fd53c6eb9dbbe3cf1bfb75d38da3593057300e0603551d0f0101ff04040302030830110603551d0e040a04084bc9d38d1cb49f2a301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2300a06082a8648ce3d0403020349003046022100a8ce493c878ea2d6c84c11952c57012ae093c6566a329ec8f714e0247fdd0dba022100de518cb898f09ec34d485d69c8e5da5ab7d3b9f1d3e030389690f36a91ad1bcc300702010303020308', Len('30', B('b64', 'CertificationPathCertificates/Certificate')))), mode='acb+signed'),
    ), devices=('GPF',)),
    UseCase('CS02b', 0x0103, '6.15.1', 'UpdateSecurityCredentialsKRP', (
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'RemotePartyFloorSeqNumber', 'RemotePartyRole', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/DigitalSigningCertificate', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/KeyAgreementCertificate']), Raw(Len('30', Len('30', '020103a2070201030302078083', B('der_int', '@counter'), '840100'), Len('30', Len('30', Len('30', Len('30', 'a003020102021068aac8a913bcb4d9634cae09d909a533300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3136303131303030303030305a170d3236303130393233353935395a', Len('30', '310b3009060355040b0c023033', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d030107034200042e0e3fc6d68ecc6ecbbcdda2162f89577b9160d6be09ab4662c1eaa332a5f0d63e403045c3458f994e0e0b8be9b5b6efe90cc57378bb4007d2a8447a2f1d4b87a3593057300e0603551d0f0101ff04040302078030110603551d0e040a04084238d306b6f725a2301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d040302034900304602210080829a923b7f9ad6c984d07219b7ffdbb4de9cbc92b0950a0ba2ed643bc05f52022100cc94fddd1f22ce0c128864beaaf17745354e0a3db273c059691e2b225a40a2be'), '300702010303020780'), Len('30', Len('30', Len('30', 'a00302010202107d6279670ad9c802ce9419428f0701b5300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3136303131303030303030305a170d3236303130393233353935395a', Len('30', '310b3009060355040b0c023033', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d0301070342000435afe1b6eff78ef2f5e4244d7b38b686d3ef66f67bb2d93f7f6f249af93c10a6ec5e541b9bf703cdcb7fbbd91030e950bfb0f6104e1d90094b65d17172db7c0ba3593057300e0603551d0f0101ff04040302030830110603551d0e040a0408483e0ad640c236c5301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022100ed14dffec7f0b650c3b0b2a5ed2dcf6e6ba4a0f5435ef88e3472725cf0c973f00220494e4b95f035683e7ff5d1a089d4a103d945057c3d4429f08c0e1b9ce561c833'), '300702010303020308')), Len('30', B('b64', 'CertificationPathCertificates/Certificate'))))),
    ), devices=('ESME',)),
    UseCase('CS02b', 0x0102, '6.21', 'RequestHandoverOfDCCControlledDevice', (
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber', 'RemotePartyRole', 'ReplacementCertificates/DigitalSigningCertificate', 'ReplacementCertificates/KeyAgreementCertificate', 'ReplacementCertificates/KeyAgreementTopUpCertificate']), Raw(Len('30', Len('30', '020102a2070201020302078083', B('der_int', '@counter'), '840100a5083006020100020100'), Len('30', Len('30', Len('30', Len('30', 'a00302010202104fbc525201a1d7586c1bc1c4734deb9f300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '3135313033', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '305a'), '170d3235313032393233353935395a'), '303b3118301606035504030c0f47495454455354535550504c494552310b3009060355040b0c02303231123010060355042d03090090b3d51f300100003059301306072a8648ce3d020106082a8648ce3d0301070342000430c2ab5a0d131726ffbda80e79294cc37534432a3e424405b97a3aba0ffc79dce729b2517563cb7d95827e4c50b48cba3d87d5893c51b96d87c345e3717f8c1ea3593057300e0603551d0f0101ff04040302078030110603551d0e040a040844899792d196f4b8301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022100dfd090e7573eaf5fa82e1aa7db8d9fed511839b5752d55d10091f250fdf18a2202205eb7ec36b1f4133e51557d33b59c49ef6bbd10e9aa4b1dcd928e65b3e9add1c5'), '300702010203020780'), Len('30', Len('30', Len('30', 'a00302010202103b362657731e6b2bbe078650cfa14f15300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '3135313033', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '305a'), '170d3235313032393233353935395a'), '3021310b3009060355040b0c02303231123010060355042d03090090b3d51f300100003059301306072a8648ce3d020106082a8648ce3d030107034200049274fff8a3af56d6b016d3a8fa60da3e579551eb295819c80eb7a43f30722b225504285e4a5176b96334dbb72ea0cfc0c9c6e40a0ae3c28937c34258f0e840baa3593057300e0603551d0f0101ff04040302030830110603551d0e040a0408405b8c62687d8f70301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022016bffbe650564b173c83360cd81d8a228f6a0e0666978ddae3d503403271cbd70221009c9dca537ccc0d887109301aae6a51ca9f1dbc5f923e1d60dd46e816cea61b0c'), '300702010203020308'), Len('30', Len('30', Len('30', 'a0030201020210703733774ef2b8e50f7af2bbb33c198f300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '313531313034', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '5a'), '170d3235313130333233353935395a'), '3021310b3009060355040b0c02303231123010060355042d03090090b3d51f300100003059301306072a8648ce3d020106082a8648ce3d0301070342000405d9453cd909279a11c4d9bbf57344c41e9c39df138d0b48e05333db1e0a97f2df7eb8a6bd222b9f6bebd0aab86acce0bba8dcabef10f3bf15fa5057c763e421a3593057300e0603551d0f0101ff04040302030830110603551d0e040a040841fb49221588c570301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020349003046022100a4541daed7d9c785fb1c0c13f63c1ec5e93bef1afce485dc62f6bb6180ea5255022100b2b91954c526304980a465d9a8fe59cf8626d8843396825f021c1a794458284b'), '300a02010203020308020101')), Len('30', B('b64', 'CertificationPathCertificates/Certificate')))), mode='acb+signed'),
    ), devices=('GPF',)),
    UseCase('CS02b', 0x0102, '6.15.1', 'UpdateSecurityCredentialsKRP', (
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'ExecutionDateTime', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber', 'RemotePartyRole', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/DigitalSigningCertificate', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/KeyAgreementCertificate', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/KeyAgreementTopUpCertificate']), Raw(Len('30', Len('30', '020102a2070201020302078083', B('der_int', '@counter'), '840100a5083006020100020100'), Len('30', Len('30', Len('30', Len('30', 'a00302010202104a07bc01d9253b51faf01f7ec7da5b2f300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '3136303131', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '305a'), '170d3236303130393233353935395a'), Len('30', '3118301606035504030c0f47495454455354535550504c494552310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d03010703420004fa6fbffa1c9a4e42f4a3cd659f3beb90a31b565aed7ba7917748ba684fe4c600213cbe9d25821fa780d947b975c930f377aba12102900442647a99a3652088b0a3593057300e0603551d0f0101ff04040302078030110603551d0e040a040843046b4fb7c4f11b301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022100bd7bc946c001bffde7c843bf0d55b99e9dd64cfb8786c2507dce1f229c51066502207fb42f36e32089fcb5354ae5f9d1995ff01df1b472353b13a7b17029eb0d42f2'), '300702010203020780'), Len('30', Len('30', Len('30', 'a003020102021052d7b8a109f26d898ce821c32878f618300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '3136303131', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '305a'), '170d3236303130393233353935395a'), Len('30', '310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d030107034200046abb6287973a34f8f54d58fbf92a298a8dbddf0f346b55c91e1df2dc4b8e2bda2be4995d1f481ba19fa593b13fdcd0d7a6144e27a4a3e44463c55f755b306b08a3593057300e0603551d0f0101ff04040302030830110603551d0e040a0408429667c1b8bb1e34301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d040302034700304402207b560afeab8e0cc5bba574708e15639d5bc04fdf60fbe657b2e7c536a53a93e1022076c93d12e2752808f948e9549b3ec7025405ca8e10423ec7abf9eded7d3054ba'), '300702010203020308'), Len('30', Len('30', Len('30', 'a00302010202105bc2f4d9349c5e0f2de978bdbe476fe6300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '3136303131', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '305a'), '170d3236303130393233353935395a'), Len('30', '310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d030107034200045c7683f015dd6debade7425d3408c53753f4eb0a68560e869412bf409f9e5d81b92d8aee3291a7db62f074a75e01b6305cb7e0ffbe5cc6330d30792b144c0daca3593057300e0603551d0f0101ff04040302030830110603551d0e040a04084eb07a1bca0dd58c301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022100fcfb5bc8f1a300a0dc399ee06f5eeb91ef27fee74b530817c356e1bc04a2b47f022044f9afcd9d2070ce7efd01c751645bcb7b467061c02cfeedbf3e700f561fc5f6'), '300a02010203020308020101')), Len('30', B('b64', 'CertificationPathCertificates/Certificate')), Len('18', B('gentime_exec', 'ExecutionDateTime'))))),
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber', 'RemotePartyRole', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/DigitalSigningCertificate', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/KeyAgreementCertificate', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/KeyAgreementTopUpCertificate']), Raw(Len('30', Len('30', '020102810101a2070201020302078083', B('der_int', '@counter'), '840100a5083006020100020100'), Len('30', Len('30', Len('30', Len('30', 'a00302010202104a07bc01d9253b51faf01f7ec7da5b2f300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '3136303131', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '305a'), '170d3236303130393233353935395a'), Len('30', '3118301606035504030c0f47495454455354535550504c494552310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d03010703420004fa6fbffa1c9a4e42f4a3cd659f3beb90a31b565aed7ba7917748ba684fe4c600213cbe9d25821fa780d947b975c930f377aba12102900442647a99a3652088b0a3593057300e0603551d0f0101ff04040302078030110603551d0e040a040843046b4fb7c4f11b301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022100bd7bc946c001bffde7c843bf0d55b99e9dd64cfb8786c2507dce1f229c51066502207fb42f36e32089fcb5354ae5f9d1995ff01df1b472353b13a7b17029eb0d42f2'), '300702010203020780'), Len('30', Len('30', Len('30', 'a003020102021052d7b8a109f26d898ce821c32878f618300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '3136303131', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '305a'), '170d3236303130393233353935395a'), Len('30', '310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d030107034200046abb6287973a34f8f54d58fbf92a298a8dbddf0f346b55c91e1df2dc4b8e2bda2be4995d1f481ba19fa593b13fdcd0d7a6144e27a4a3e44463c55f755b306b08a3593057300e0603551d0f0101ff04040302030830110603551d0e040a0408429667c1b8bb1e34301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d040302034700304402207b560afeab8e0cc5bba574708e15639d5bc04fdf60fbe657b2e7c536a53a93e1022076c93d12e2752808f948e9549b3ec7025405ca8e10423ec7abf9eded7d3054ba'), '300702010203020308'), Len('30', Len('30', Len('30', 'a00302010202105bc2f4d9349c5e0f2de978bdbe476fe6300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31', Len('30', Len('17', '3136303131', B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), B('ascii_concat', 'RemotePartyFloorSeqNumber', 'RemotePartyPrepaymentTopUpFloorSeqNumber'), '305a'), '170d3236303130393233353935395a'), Len('30', '310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d030107034200045c7683f015dd6debade7425d3408c53753f4eb0a68560e869412bf409f9e5d81b92d8aee3291a7db62f074a75e01b6305cb7e0ffbe5cc6330d30792b144c0daca3593057300e0603551d0f0101ff04040302030830110603551d0e040a04084eb07a1bca0dd58c301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022100fcfb5bc8f1a300a0dc399ee06f5eeb91ef27fee74b530817c356e1bc04a2b47f022044f9afcd9d2070ce7efd01c751645bcb7b467061c02cfeedbf3e700f561fc5f6'), '300a02010203020308020101')), Len('30', B('b64', 'CertificationPathCertificates/Certificate'))))),
    ), devices=('ESME',)),
    UseCase('CS02b', 0x0107, '6.23', 'UpdateSecurityCredentialsCoS', (
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'ExecutionDateTime', 'ImportMPxN', 'SupplierFloorSeqNumber', 'SupplierPrepaymentTopUpFloorSeqNumber', 'SupplierReplacementCertificates/DigitalSigningCertificate', 'SupplierReplacementCertificates/KeyAgreementCertificate', 'SupplierReplacementCertificates/KeyAgreementTopUpCertificate']), Raw(Len('30', Len('30', '020107a2070201050302078083', B('der_int', '@counter'), When('not-cancelled', 'ExecutionDateTime', Len('a6', Len('30', '020102', '02', B('der_int', 'SupplierFloorSeqNumber'), Len('30', Len('30', '02', B('der_int', 'SupplierFloorSeqNumber'), '02', B('der_int', 'SupplierPrepaymentTopUpFloorSeqNumber'))))))), Len('30', Len('30', B('b64', 'SupplierReplacementCertificates/DigitalSigningCertificate'), '300702010203020780'), Len('30', B('b64', 'SupplierReplacementCertificates/KeyAgreementCertificate'), '300702010203020308'), Len('30', B('b64', 'SupplierReplacementCertificates/KeyAgreementTopUpCertificate'), '300a02010203020308020101')), Len('30', B('b64', 'CertificationPathCertificates/Certificate')), Len('18', B('gentime_exec', 'ExecutionDateTime')))), mode='transcos+signed'),
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'ImportMPxN', 'SupplierFloorSeqNumber', 'SupplierPrepaymentTopUpFloorSeqNumber', 'SupplierReplacementCertificates/DigitalSigningCertificate', 'SupplierReplacementCertificates/KeyAgreementCertificate', 'SupplierReplacementCertificates/KeyAgreementTopUpCertificate']), Raw(Len('30', Len('30', '020107a2070201050302078083', B('der_int', '@counter'), Len('a6', Len('30', '020102', '02', B('der_int', 'SupplierFloorSeqNumber'), Len('30', Len('30', '02', B('der_int', 'SupplierFloorSeqNumber'), '02', B('der_int', 'SupplierPrepaymentTopUpFloorSeqNumber')))))), Len('30', Len('30', B('b64', 'SupplierReplacementCertificates/DigitalSigningCertificate'), '300702010203020780'), Len('30', B('b64', 'SupplierReplacementCertificates/KeyAgreementCertificate'), '300702010203020308'), Len('30', B('b64', 'SupplierReplacementCertificates/KeyAgreementTopUpCertificate'), '300a02010203020308020101')), Len('30', B('b64', 'CertificationPathCertificates/Certificate')))), mode='transcos+signed'),
    ), devices=('ESME',)),
    UseCase('CS02c', 0x000A, '6.17', 'IssueSecurityCredentials', (
        Variant(frozenset(['CredentialType']), Raw('300403020780')),
    ), devices=('ESME',)),
    UseCase('CS02d', 0x000B, '6.15.2', 'UpdateSecurityCredentialsDevice', (
        Variant(frozenset(['DeviceCertificate']), Raw(B('b64', 'DeviceCertificate'))),
    ), devices=('ESME',)),
    UseCase('CS02e', 0x000C, '6.24.2', 'RetrieveDeviceSecurityCredentialsDevice', (
        Variant(frozenset(['CredentialType']), Raw('300403020780')),
    ), devices=('ESME',)),
    UseCase('UC011B', 0x011B, '6.24.1', 'RetrieveDeviceSecurityCredentialsKRP', (
        Variant(frozenset(['RemotePartyRole']), Raw('30113007020104030203083006020102020108')),
    ), devices=('ESME',)),
    UseCase('UC0126', 0x0126, '6.15.1', 'UpdateSecurityCredentialsKRP', (
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'ExecutionDateTime', 'RemotePartyFloorSeqNumber', 'RemotePartyRole', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/DigitalSigningCertificate', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/KeyAgreementCertificate']), Raw(Len('30', Len('30', '02010ba2070201020302078083', B('der_int', '@counter'), 'a6083006020108020100'), Len('30', Len('30', Len('30', Len('30', 'a00302010202104a07bc01d9253b51faf01f7ec7da5b2f300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3136303131303030303030305a170d3236303130393233353935395a', Len('30', '3118301606035504030c0f47495454455354535550504c494552310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d03010703420004fa6fbffa1c9a4e42f4a3cd659f3beb90a31b565aed7ba7917748ba684fe4c600213cbe9d25821fa780d947b975c930f377aba12102900442647a99a3652088b0a3593057300e0603551d0f0101ff04040302078030110603551d0e040a040843046b4fb7c4f11b301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022100bd7bc946c001bffde7c843bf0d55b99e9dd64cfb8786c2507dce1f229c51066502207fb42f36e32089fcb5354ae5f9d1995ff01df1b472353b13a7b17029eb0d42f2'), '300702010803020780'), Len('30', Len('30', Len('30', 'a003020102021052d7b8a109f26d898ce821c32878f618300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3136303131303030303030305a170d3236303130393233353935395a', Len('30', '310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d030107034200046abb6287973a34f8f54d58fbf92a298a8dbddf0f346b55c91e1df2dc4b8e2bda2be4995d1f481ba19fa593b13fdcd0d7a6144e27a4a3e44463c55f755b306b08a3593057300e0603551d0f0101ff04040302030830110603551d0e040a0408429667c1b8bb1e34301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d040302034700304402207b560afeab8e0cc5bba574708e15639d5bc04fdf60fbe657b2e7c536a53a93e1022076c93d12e2752808f948e9549b3ec7025405ca8e10423ec7abf9eded7d3054ba'), '300702010803020308')), Len('30', B('b64', 'CertificationPathCertificates/Certificate')), Len('18', B('gentime_exec', 'ExecutionDateTime'))))),
        Variant(frozenset(['ApplyTimeBasedCPVChecks', 'CertificationPathCertificates/Certificate', 'RemotePartyFloorSeqNumber', 'RemotePartyRole', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/DigitalSigningCertificate', 'ReplacementCertificates/SupplierOrNetworkOperatorCertificates/KeyAgreementCertificate']), Raw(Len('30', Len('30', '02010ba2070201020302078083', B('der_int', '@counter'), 'a6083006020108020100'), Len('30', Len('30', Len('30', Len('30', 'a00302010202104a07bc01d9253b51faf01f7ec7da5b2f300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3136303131303030303030305a170d3236303130393233353935395a', Len('30', '3118301606035504030c0f47495454455354535550504c494552310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d03010703420004fa6fbffa1c9a4e42f4a3cd659f3beb90a31b565aed7ba7917748ba684fe4c600213cbe9d25821fa780d947b975c930f377aba12102900442647a99a3652088b0a3593057300e0603551d0f0101ff04040302078030110603551d0e040a040843046b4fb7c4f11b301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d0403020348003045022100bd7bc946c001bffde7c843bf0d55b99e9dd64cfb8786c2507dce1f229c51066502207fb42f36e32089fcb5354ae5f9d1995ff01df1b472353b13a7b17029eb0d42f2'), '300702010803020780'), Len('30', Len('30', Len('30', 'a003020102021052d7b8a109f26d898ce821c32878f618300a06082a8648ce3d040302301a310b3009060355040b13023037310b3009060355040313025a31301e170d3136303131303030303030305a170d3236303130393233353935395a', Len('30', '310b3009060355040b0c023032', Len('31', Len('30', '060355042d', Len('03', '00', B('ctx', '@originator'))))), '3059301306072a8648ce3d020106082a8648ce3d030107034200046abb6287973a34f8f54d58fbf92a298a8dbddf0f346b55c91e1df2dc4b8e2bda2be4995d1f481ba19fa593b13fdcd0d7a6144e27a4a3e44463c55f755b306b08a3593057300e0603551d0f0101ff04040302030830110603551d0e040a0408429667c1b8bb1e34301d0603551d200101ff04133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084f5688d7ec933be2'), '300a06082a8648ce3d040302034700304402207b560afeab8e0cc5bba574708e15639d5bc04fdf60fbe657b2e7c536a53a93e1022076c93d12e2752808f948e9549b3ec7025405ca8e10423ec7abf9eded7d3054ba'), '300702010803020308')), Len('30', B('b64', 'CertificationPathCertificates/Certificate'))))),
    ), devices=('ESME',)),
    UseCase('CS03A1', 0x000D, '8.7.1', 'JoinServiceCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('30100201000408', B('eui', 'OtherDeviceID'), '020104')),
    ), devices=('ESME',)),
    UseCase('CS03A2', 0x00AB, '8.7.1', 'JoinServiceCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('30100201010408', B('eui', 'OtherDeviceID'), '020101')),
    ), devices=('IHD', 'PPMID', 'HCALCS')),  # Method A2: the non-meter Type 1 Device joins the meter
    UseCase('CS03A2', 0x00AB, '8.7.2', 'JoinServiceNonCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('30100201010408', B('eui', 'OtherDeviceID'), '020101'), mode='acb+srp+signed'),
    ), devices=('PPMID',)),
    UseCase('CS03B', 0x000E, '8.7.2', 'JoinServiceNonCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('30100201020408', B('eui', 'OtherDeviceID'), '020103')),
    ), devices=('GSME',)),
    UseCase('CS03C', 0x00AF, '8.7.1', 'JoinServiceCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('308201b30201030408', B('eui', 'OtherDeviceID'), '0201053082019f30820144a00302010202105d3e7b682548c599339af6c094c07a9c300a06082a8648ce3d040302300f310d300b06035504031304303030313020170d3135303332363030303030305a180f39393939313233313233353935395a30003059301306072a8648ce3d020106082a8648ce3d030107034200042ebb4902359ae7bfe73940953c256a7ea88683c4088e9deadd99017dca139cff88f1a1405b16bde5e4ee6ffede97ee02a5be142b32cc7fb5d38badade309212fa3818e30818b300e0603551d0f0101ff04040302030830110603551d0e040a04084ba1d2cc06a5a73930350603551d110101ff042b3029a02706082b06010505070804a01b3019060d2a863a0001848fb90f010202010408', B('eui', 'OtherDeviceID'), '301a0603551d2004133011300f060d2a863a0001848fb90f0102010430130603551d23040c300a80084ca532fb8e3eaa03300a06082a8648ce3d040302034900304602210081f07c85b77bbbe8b09260d520cceaa2687f90faf02cc3114f3ff0e987c20f6002210086f4748c3445b3611bac20bd2c4d4916640a6c2d7192048e7cf484b256e5ef66')),
    ), devices=('GSME',)),
    UseCase('CS03C', 0x00AF, '8.7.2', 'JoinServiceNonCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('308201b50201030408', B('eui', 'OtherDeviceID'), '020100308201a130820146a0030201020210382dde2eab3c78e4c9335251c42f8511300a06082a8648ce3d040302300f310d300b06035504031304453335373020170d3136303430363030303030305a180f39393939313233313233353935395a30003059301306072a8648ce3d020106082a8648ce3d03010703420004343d7d36de0b2cf0bdfed228c4045eb6a304db3e76bc8a22de3423fdbedc4d17042acc796121bca2fca6fcdc1b5b19cc8886ac378d2c041531c039923b7df026a3819030818d300e0603551d0f0101ff04040302030830110603551d0e040a0408427741dd55227fbd30350603551d110101ff042b3029a02706082b06010505070804a01b3019060d2a863a0001848fb90f01020201040800db1234567890a1301c0603551d200101ff04123010300e060c2a863a0001edee400102010430130603551d23040c300a800847d40af3412904a0300a06082a8648ce3d0403020349003046022100e4ffdd96fb4a37d35d59335d8dda950f90255fcf2dcd087adde61d09a4e00498022100a4d1cc08aef7df3c5e3aa77523e227ebd096ea22b6efe5b189e82e59f6d3de7e'), mode='acb+srp+signed'),
    ), devices=('PPMID',)),
    UseCase('CS04AC', 0x000F, '8.8.1', 'UnjoinServiceCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('0408', B('eui', 'OtherDeviceID'))),
    ), devices=('ESME',)),
    UseCase('CS04AC', 0x000F, '8.8.2', 'UnjoinServiceNonCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('0408', B('eui', 'OtherDeviceID')), mode='acb+srp+signed'),
    ), devices=('PPMID',)),
    UseCase('CS04B', 0x0010, '8.8.2', 'UnjoinServiceNonCritical', (
        Variant(frozenset(['OtherDeviceID']), Raw('0408', B('eui', 'OtherDeviceID'))),
    ), devices=('GSME',)),
    UseCase('CS06', 0x0012, '11.3', 'ActivateFirmware', (
        Variant(frozenset(['ExecutionDateTime', 'FirmwareHash']), Raw(Len('30', '0420', B('hex', 'FirmwareHash'), '02', B('der_int', '@counter'), '180f', B('gentime_exec', 'ExecutionDateTime')))),
        Variant(frozenset(['FirmwareHash']), Raw(Len('30', '0420', B('hex', 'FirmwareHash'), '02', B('der_int', '@counter')))),
    ), devices=('ESME',)),
    UseCase('CS07', 0x0013, '8.9', 'ReadDeviceLog', (
        Variant(frozenset([]), Raw('0500')),
    ), devices=('GSME',)),
    UseCase('CS08', 0x0129, '11.2', 'ReadFirmwareVersion', (
        Variant(frozenset([]), Raw('0500'), mode='user+srp'),
    ), devices=('PPMID',)),
    UseCase('CS10a', 0x0014, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x01, 0x0709, 0x01, 0x00, Raw('130000', B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '000000')),
        ))),
    ), devices=('GSME',)),
    UseCase('CS10b', 0x00A1, '6.13', 'ReadEventOrSecurityLog', (
        Variant(frozenset(['LogToRead', 'ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Gbz((
            Zcl(0x01, 0x0709, 0x01, 0x00, Raw('040000', B('zb_utc', 'ReadLogPeriod/StartDateTime'), B('zb_utc', 'ReadLogPeriod/EndDateTime'), '000000')),
        ))),
    ), devices=('GSME',)),
    UseCase('CS11', 0x0015, '3.3', 'ClearEventLog', (
        Variant(frozenset([]), Gbz((
            Zcl(0x01, 0x0709, 0x01, 0x01, Raw('03')),
        ))),
    ), devices=('GSME',)),
    UseCase('DBCH01', 0x010A, '6.31', 'ReadCHFSubGHzChannel', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.10.2', 2, T("null-data")),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('DBCH02', 0x010B, '6.32', 'ReadCHFSubGHzChannelLog', (
        Variant(frozenset(['ReadLogPeriod/EndDateTime', 'ReadLogPeriod/StartDateTime']), Dlms((
            utc_range_read(7, '0-0:94.44.10.3', 2),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('DBCH03', 0x010C, '6.30', 'ReadCHFSubGHzConfiguration', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.10.0', 2, T("null-data")),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('DBCH04', 0x010D, '6.28', 'SetCHFSubGHzConfiguration', (
        Variant(frozenset(['ChannelNoisierThreshold', 'ChannelQuieterThreshold', 'GSMECurfew', 'LimitedCriticalDutyCycleThreshold', 'LocalCHFailurePercentage', 'LocalCHNoiseMeasurementPeriod', 'LocalCHRetryPercentage', 'LowerBandSubGHzChannels0To26/Channel1', 'LowerBandSubGHzChannels0To26/Channel2', 'LowerBandSubGHzChannels27To34/Channel28', 'LowerBandSubGHzChannels27To34/Channel29', 'LowerBandSubGHzChannels35To61/Channel36', 'LowerBandSubGHzChannels35To61/Channel37', 'MaximumSubGHzChannelChangesPerWeek', 'NonGSMEPoorCommsMeasurementPeriods', 'NonGSMEPoorCommsPercentageThreshold', 'NormalLimitedDutyCycleThreshold', 'UpperBandSubGHzChannels0To26/Channel1', 'UpperBandSubGHzChannels0To26/Channel2']), Dlms((
            Req('set', 1, '0-0:94.44.10.0', 2, S(
                T('bit-string', [32, 'e0000006']),
                T('bit-string', [32, 'e8000006']),
                T('bit-string', [32, 'f0000006']),
                T('bit-string', [32, 'f8000006']),
                T('long-unsigned', B('int', 'NonGSMEPoorCommsMeasurementPeriods')),
                T('long-unsigned', 220),
                T('unsigned', B('int', 'MaximumSubGHzChannelChangesPerWeek')),
                T('long-unsigned', B('int', 'GSMECurfew')),
                T('unsigned', B('int', 'ChannelQuieterThreshold')),
                T('unsigned', B('int', 'ChannelNoisierThreshold')),
                T('long-unsigned', 6000),
                T('unsigned', 130),
                T('long-unsigned', B('int', 'LocalCHNoiseMeasurementPeriod')),
                T('long-unsigned', 4000),
                T('long-unsigned', 3000),
            )),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('DBCH05', 0x010E, '6.29', 'RequestCHFSubGHzChannelScan', (
        Variant(frozenset([]), Dlms((
            Req('set', 1, '0-0:94.44.10.1', 2, T('unsigned', 0)),
        )), mode='acb+srp'),
    ), devices=('CHF',)),
    UseCase('UC011A', 0x011A, '6.14.3', 'UpdateDeviceConfigurationAuxiliaryControllerScheduler', (
        Variant(frozenset(['AuxiliaryControllerSchedule/AuxiliaryControllerAction/CommandedStateLevel', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/Month/SpecifiedMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/Year/SpecifiedYear', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/Month/SpecifiedMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/Year/SpecifiedYear', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/SwitchTime', 'AuxiliaryControllerSchedule/DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID', 'AuxiliaryControllerSchedule/SpecialDaysApplicability', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/Month/SpecifiedMonth', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/Year/NonSpecifiedYear', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/Year/SpecifiedYear', 'ExecutionDateTime']), Dlms((
            *auxiliary_controller_schedule(),
            Req('set', 9000, '0-0:94.44.128.26', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.35', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['AuxiliaryControllerSchedule/AuxiliaryControllerAction/CommandedStateLevel', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/Month/SpecifiedMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/Year/SpecifiedYear', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/Month/SpecifiedMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/Year/SpecifiedYear', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/SwitchTime', 'AuxiliaryControllerSchedule/DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID', 'AuxiliaryControllerSchedule/SpecialDaysApplicability', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/Month/SpecifiedMonth', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/Year/NonSpecifiedYear']), Dlms((
            *auxiliary_controller_schedule(),
            Req('set', 9000, '0-0:94.44.128.26', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.35', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
        Variant(frozenset(['AuxiliaryControllerSchedule/AuxiliaryControllerAction/CommandedStateLevel', 'AuxiliaryControllerSchedule/AuxiliaryControllerAction/InputFromControlledLoad', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/Month/SpecifiedMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/EndDate/Year/SpecifiedYear', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/Month/SpecifiedMonth', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/StartDate/Year/SpecifiedYear', 'AuxiliaryControllerSchedule/AuxiliaryControllerSchedulePeriodAndTime/SwitchTime', 'AuxiliaryControllerSchedule/DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID', 'AuxiliaryControllerSchedule/SpecialDaysApplicability', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/DayOfMonth/SpecifiedDayOfMonth', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/DayOfWeek/NonSpecifiedDayOfWeek', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/Month/SpecifiedMonth', 'AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition/Year/NonSpecifiedYear']), Dlms((
            *auxiliary_controller_schedule(),
            Req('set', 9000, '0-0:94.44.128.26', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
            Req('set', 9000, '0-0:94.44.128.35', 6, T('octet-string', B('exec_dt', 'ExecutionDateTime'))),
        ))),
    ), devices=('ESME',)),
    UseCase('UC011E', 0x011E, '7.13', 'SetAuxiliaryControllerState', (
        Variant(frozenset(['CommandedStateLevel', 'EndDateTime', 'StartDateTime']), Dlms((
            Req('set', 1, '0-0:94.44.121.1', 2, T('octet-string', B('dlms_dt', 'StartDateTime'))),
            Req('set', 1, '0-0:94.44.121.2', 2, T('octet-string', B('dlms_dt', 'EndDateTime'))),
            Req('action', 9, '0-0:10.0.103.255', 1, T('long-unsigned', 5476)),
        ))),
        Variant(frozenset(['CommandedStateLevel', 'EndDateTime', 'InputFromControlledLoad', 'StartDateTime']), Dlms((
            Req('set', 1, '0-0:94.44.119.1', 2, T('octet-string', B('dlms_dt', 'StartDateTime'))),
            Req('set', 1, '0-0:94.44.119.2', 2, T('octet-string', B('dlms_dt', 'EndDateTime'))),
            Req('action', 9, '0-0:10.0.103.255', 1, T('long-unsigned', 9010)),
        ))),
    ), devices=('ESME',)),
    UseCase('UC011F', 0x011F, '7.16', 'LimitAPCLevel', (
        Variant(frozenset(['CommandedStateLevel', 'EndDateTime', 'InputFromControlledLoad', 'StartDateTime']), Dlms((
            Req('set', 1, '0-0:94.44.119.3', 2, T('octet-string', B('dlms_dt', 'StartDateTime'))),
            Req('set', 1, '0-0:94.44.119.4', 2, T('octet-string', B('dlms_dt', 'EndDateTime'))),
            Req('action', 9, '0-0:10.0.107.255', 1, T('long-unsigned', 9010)),
        ))),
        Variant(frozenset(['CommandedStateLevel', 'EndDateTime', 'StartDateTime']), Dlms((
            Req('set', 1, '0-0:94.44.121.3', 2, T('octet-string', B('dlms_dt', 'StartDateTime'))),
            Req('set', 1, '0-0:94.44.121.4', 2, T('octet-string', B('dlms_dt', 'EndDateTime'))),
            Req('action', 9, '0-0:10.0.107.255', 1, T('long-unsigned', 5476)),
        ))),
    ), devices=('ESME',)),
    UseCase('UC011C', 0x011C, '7.14', 'ReadAuxiliaryControllerConfigurationData', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.0.11', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.12', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.13', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.14', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.15', 2, T("null-data")),
            Req('get', 11, '0-0:11.0.3.255', 2, T("null-data")),
            Req('get', 10, '0-0:12.0.2.255', 2, T("null-data")),
        )), mode='acb+srp'),
    ), devices=('ESME',)),
    UseCase('UC011D', 0x011D, '7.15', 'ReadAuxiliaryControllerOperationalData', (
        Variant(frozenset([]), Dlms((
            Req('get', 1, '0-0:94.44.0.21', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.22', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.23', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.24', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.25', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.31', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.32', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.33', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.34', 2, T("null-data")),
            Req('get', 1, '0-0:94.44.0.35', 2, T("null-data")),
        ))),
    ), devices=('ESME',)),
    UseCase('UC012A', 0x012A, '4.18', 'ReadMeterBalance', (
        Variant(frozenset([]), Gbz((
            Zcl(0x00, 0x0702, 0x00, 0x00, Raw('000a')),
            Zcl(0x01, 0x0705, 0x00, 0x00, Raw('0100'), sequence=1),
        ))),
    ), devices=('GPF', 'GSME')),
)
