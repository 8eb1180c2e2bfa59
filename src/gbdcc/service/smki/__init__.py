"""SMKI repository services for Users (SEC L): certificate search and retrieval."""
