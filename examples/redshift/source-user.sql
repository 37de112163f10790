-- Read-only user for a test-data tool (modelled on a vendor setup page).
CREATE USER structural_reader PASSWORD 'tonic_password';
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO structural_reader;
GRANT SELECT ON pg_catalog.svv_table_info TO structural_reader;
CREATE USER admin_copy CREATEUSER PASSWORD 'Adm1nSecret';
