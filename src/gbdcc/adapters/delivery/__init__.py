"""Delivery of signed DUIS messages to Users' receive-response addresses (HTTP POST)."""
