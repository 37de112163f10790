-- A read-only reporting setup that GrantCheck finds nothing wrong with.
CREATE USER report_reader PASSWORD DISABLE;  -- signs in with IAM credentials
CREATE GROUP reporting WITH USER report_reader;
GRANT USAGE ON SCHEMA sales TO GROUP reporting;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP reporting;
ALTER DEFAULT PRIVILEGES FOR USER etl_loader IN SCHEMA sales GRANT SELECT ON TABLES TO GROUP reporting;
GRANT TEMPORARY ON DATABASE analytics TO GROUP reporting;
