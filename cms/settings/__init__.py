"""Settings split by environment: `base` (shared, read from environment variables), `dev`, `test`, `production`."""
