"""Database access: connection settings, the embedded server, migrations and query files."""
