"""Read a live PostgreSQL catalog (``--schema DB=postgresql://...``) into the same Catalog the SQL reader builds."""
