"""Setting an instance up: Users with their keys, the simulated estate with its Registration Data, the
demo parties of ``make run``, the RTDS test premises. Operations of the administrator (CLI, admin API),
built on the SMKI, storage and WAN adapters; ``bootstrap`` wires, these provision."""
