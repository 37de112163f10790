// The vendor-style setup script both verify-sql transports are tested with (test/redshiftVerify/pgServer.test.ts
// against a real PostgreSQL server, dataApi.test.ts against recorded Redshift catalog rows): its three statements
// not in effect are on lines 3 (app_writer never created), 6 (USAGE revoked later) and 7 (a table created after).
export const VERIFY_SCRIPT = `-- vendor setup script
CREATE USER app_reader PASSWORD DISABLE;
CREATE USER app_writer PASSWORD DISABLE;
CREATE GROUP loaders;
ALTER GROUP loaders ADD USER etl;
GRANT USAGE ON SCHEMA sales TO app_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO app_reader;
GRANT USAGE, CREATE ON SCHEMA stage TO GROUP loaders;
CREATE ROLE analyst;
GRANT ROLE analyst TO app_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO app_reader;
REVOKE SELECT ON sales.orders FROM etl;
`;
