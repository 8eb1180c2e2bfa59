"""gbdcc — an open-source implementation of the GB smart metering communications service (the DCC)."""

__version__ = "0.1.0"
