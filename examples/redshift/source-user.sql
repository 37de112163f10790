-- Read-only user for a test-data tool (modelled on a vendor setup page). Every line below has a deliberate mistake.
CREATE USER structural_reader PASSWORD 'tonic_password';
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO structural_reader;
GRANT SELECT ON pg_catalog.svv_table_info TO structural_reader;
CREATE USER admin_copy CREATEUSER PASSWORD 'Adm1nSecret';
# analysts get read access
CREATE GROUP analysts;
GRANT SELECT ON sales.orders TO analysts
GRANT TEMPORARY ON SCHEMA sales TO GROUP analysts;
GRANT CONNECT ON DATABASE analytics TO structural_reader;
