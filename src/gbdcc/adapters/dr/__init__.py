"""Disaster recovery (R-DR-1): backups and restores of a data dir and its database, and the drill."""
