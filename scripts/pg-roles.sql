-- TTHC Desk on a shared PostgreSQL server: an owner role and an application role.
--
-- The owner (tthc_owner) owns the database and its tables and runs the upgrades; the counter
-- PCs connect as the application role (tthc_app), which may read and write the office's data
-- but may not alter, truncate, update or delete the audit log, nor disable its guard trigger
-- (only a table's owner may). Migration 0016 grants tthc_app its rights on the tables and
-- takes back UPDATE/DELETE/TRUNCATE on the audit log; the default privileges below cover the
-- tables later upgrades add.
--
-- 1. once, as a superuser:
--      psql -v owner_pw="'…'" -v app_pw="'…'" -f scripts/pg-roles.sql
-- 2. once, as the owner (creates or upgrades the schema, then checks the audit log):
--      python main.py --db postgresql+psycopg2://tthc_owner:…@server/tthc audit verify
-- 3. on every counter PC:
--      python main.py --db postgresql+psycopg2://tthc_app:…@server/tthc
CREATE ROLE tthc_owner LOGIN PASSWORD :owner_pw;
CREATE ROLE tthc_app LOGIN PASSWORD :app_pw;
CREATE DATABASE tthc OWNER tthc_owner ENCODING 'UTF8' TEMPLATE template0;
\connect tthc
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO tthc_owner;
GRANT USAGE ON SCHEMA public TO tthc_app;
ALTER DEFAULT PRIVILEGES FOR ROLE tthc_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tthc_app;
ALTER DEFAULT PRIVILEGES FOR ROLE tthc_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO tthc_app;
