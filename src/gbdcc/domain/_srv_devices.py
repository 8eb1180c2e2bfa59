"""Target device types per Device Service Reference Variant — the data behind E11 (gbdcc's own table).

Source: the GBCS use cases each SRV maps to (GBCS Table 13.3 "Device" column, as the GBCS use-case table
of ``adapters/gbcs/payload/usecases`` holds it, mined from the RTDS 4.5.0 vectors), widened where DUIS
applies an SRV to every device holding SMKI credentials (security credentials 6.15 / 6.17 / 6.24, logs
6.13, firmware 11.2 / 11.3, ACB credentials 8.5) or to both fuels / both hub functions and the RTDS run
only exercised one (marked ``# +``). Regenerate from the use-case table when it changes; a test checks
that every use case's device types are included here.
"""

SRV_DEVICE_TYPES: dict[str, tuple[str, ...]] = {
    '1.1.1': ('ESME', 'GSME'),
    '1.1.2': ('ESME',),
    '1.2.1': ('ESME', 'GSME'),
    '1.2.2': ('ESME',),
    '1.5': ('ESME', 'GSME'),
    '1.6': ('ESME', 'GSME'),
    '1.7': ('ESME',),
    '2.1': ('ESME', 'GSME'),
    '2.2': ('ESME', 'GSME'),
    '2.3': ('ESME', 'GSME'),
    '2.5': ('ESME', 'GSME'),
    '3.1': ('ESME', 'GSME'),
    '3.2': ('ESME', 'GPF', 'GSME'),  # + GSME
    '3.3': ('ESME', 'GSME'),
    '3.4': ('ESME', 'GSME'),
    '3.5': ('ESME', 'GSME'),
    '4.1.1': ('ESME', 'GPF', 'GSME'),
    '4.1.2': ('ESME', 'GPF', 'GSME'),
    '4.1.3': ('ESME',),
    '4.1.4': ('GPF', 'GSME'),
    '4.2': ('ESME',),
    '4.3': ('ESME', 'GPF', 'GSME'),
    '4.4.2': ('ESME', 'GSME'),
    '4.4.3': ('ESME', 'GSME'),
    '4.4.4': ('ESME', 'GSME'),
    '4.4.5': ('ESME', 'GSME'),
    '4.6.1': ('ESME', 'GSME'),
    '4.6.2': ('ESME',),
    '4.8.1': ('ESME', 'GSME'),
    '4.8.2': ('ESME',),
    '4.8.3': ('ESME',),
    '4.10': ('ESME', 'GSME'),
    '4.11.1': ('ESME', 'GSME'),
    '4.11.2': ('ESME',),
    '4.12.1': ('ESME',),
    '4.12.2': ('ESME',),
    '4.13': ('ESME', 'GSME'),
    '4.14': ('ESME', 'GPF', 'GSME'),
    '4.15': ('ESME',),
    '4.16': ('ESME',),
    '4.17': ('ESME', 'GPF'),
    '4.18': ('ESME', 'GPF', 'GSME'),
    '6.2.1': ('ESME',),
    '6.2.2': ('ESME',),
    '6.2.3': ('ESME', 'GSME'),
    '6.2.4': ('CHF', 'ESME', 'GSME'),
    '6.2.5': ('ESME',),
    '6.2.7': ('ESME', 'GSME'),
    '6.2.8': ('GSME',),
    '6.2.9': ('ESME', 'GSME'),
    '6.2.10': ('ESME', 'GSME'),
    '6.4.1': ('ESME',),
    '6.4.2': ('ESME',),
    '6.5': ('ESME',),
    '6.6': ('GSME',),
    '6.7': ('GSME',),
    '6.8': ('ESME', 'GSME'),
    '6.11': ('ESME', 'GSME'),
    '6.12': ('ESME',),
    '6.13': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + GPF, HCALCS, PPMID
    '6.14.1': ('ESME',),
    '6.14.2': ('ESME',),
    '6.14.3': ('ESME',),
    '6.15.1': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + CHF, GPF, GSME, HCALCS, PPMID
    '6.15.2': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + CHF, GPF, GSME, HCALCS, PPMID
    '6.17': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + CHF, GPF, GSME, HCALCS, PPMID
    '6.18.1': ('ESME',),
    '6.18.2': ('ESME',),
    '6.20.1': ('ESME', 'GSME'),
    '6.20.2': ('ESME',),
    '6.21': ('CHF', 'GPF'),  # + CHF
    '6.22': ('ESME', 'GSME'),
    '6.23': ('ESME', 'GSME'),  # + GSME
    '6.24.1': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + CHF, GPF, GSME, HCALCS, PPMID
    '6.24.2': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + CHF, GPF, GSME, HCALCS, PPMID
    '6.25': ('ESME',),
    '6.26': ('ESME',),
    '6.27': ('ESME',),
    '6.28': ('CHF',),
    '6.29': ('CHF',),
    '6.30': ('CHF',),
    '6.31': ('CHF',),
    '6.32': ('CHF',),
    '7.1': ('ESME',),
    '7.2': ('ESME', 'GSME'),
    '7.3': ('ESME', 'GSME'),
    '7.4': ('ESME', 'GSME'),
    '7.5': ('ESME',),
    '7.6': ('ESME',),
    '7.7': ('ESME',),
    '7.8': ('ESME',),
    '7.9': ('ESME',),
    '7.10': ('ESME',),
    '7.11': ('ESME',),
    '7.12': ('ESME',),
    '7.13': ('ESME',),
    '7.14': ('ESME',),
    '7.15': ('ESME',),
    '7.16': ('ESME',),
    '8.1.1': ('ESME', 'GSME'),
    '8.5': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + CHF, GPF, GSME, HCALCS, PPMID
    '8.7.1': ('ESME', 'GSME', 'HCALCS', 'IHD', 'PPMID'),
    '8.7.2': ('ESME', 'GSME', 'PPMID'),  # + ESME
    '8.8.1': ('ESME', 'GSME'),  # + GSME
    '8.8.2': ('ESME', 'GSME', 'PPMID'),  # + ESME
    '8.9': ('CHF', 'ESME', 'GPF', 'GSME', 'PPMID'),  # + ESME, GPF, PPMID
    '8.11': ('CHF',),
    '8.12.1': ('CHF',),
    '8.12.2': ('GPF',),
    '9.1': ('ESME', 'GSME'),
    '11.2': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + CHF, GPF, HCALCS
    '11.3': ('CHF', 'ESME', 'GPF', 'GSME', 'HCALCS', 'PPMID'),  # + CHF, GPF, GSME, HCALCS, PPMID
    '14.1': ('GSME',),
}
