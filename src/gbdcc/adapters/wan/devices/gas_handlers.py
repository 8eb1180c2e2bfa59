"""The ZCL handler tables of the simulated GSME and of the GPF's data proxy — SIMULATION.

The GSME executes every cluster's commands; the GPF answers, from its mirror of the GSME's state,
only the reads GBCS routes to it (GCS13a/b/c, GCS14, GCS16b, GCS60a, GCS61 — attributes, snapshots
and the daily consumption log) and records the Change of Tenancy date (GCS09).
"""

from __future__ import annotations

from gbdcc.adapters.wan.devices import gas_attributes, gas_device_mgmt, gas_metering, gas_prepay, gas_price
from gbdcc.adapters.wan.devices.gas_logs import get_metering_snapshot, get_prepay_snapshot
from gbdcc.adapters.wan.devices.gas_zcl import ZclHandlers


def gsme_handlers() -> ZclHandlers:
    h = ZclHandlers()
    for module in (gas_attributes, gas_price, gas_prepay, gas_metering, gas_device_mgmt):
        h.update(module.handlers())
    return h


def gpf_handlers() -> ZclHandlers:
    h = gas_attributes.handlers()
    h.on(gas_prepay.PREPAYMENT, 0x07, get_prepay_snapshot)
    h.on(gas_metering.METERING, 0x06, get_metering_snapshot)
    h.on(gas_metering.METERING, 0x08, gas_metering.get_sampled_data)
    h.on(gas_device_mgmt.DEVICE_MANAGEMENT, 0x00, gas_device_mgmt.publish_change_of_tenancy, server_to_client=True)
    return h
