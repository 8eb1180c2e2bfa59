"""Communications Hub logistics use cases (SEC F5-F7, R-CH-1, R-TEST-1)."""
