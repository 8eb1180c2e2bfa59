"""Simulated Communications Hubs and HAN devices (SIMULATION): see ``../README.md``."""
