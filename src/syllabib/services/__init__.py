"""Library operations used by the CLI; each returns data and never prints."""
