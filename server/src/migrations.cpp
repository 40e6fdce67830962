#include "migrations.h"

namespace tessera::server {

const QList<Migration> &allMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("people, roles, API keys, audit log, settings"),
            {
                QStringLiteral(
                    "CREATE TABLE users ("
                    " id TEXT PRIMARY KEY," // employeeID (directory people) or the local ID
                    " kind TEXT NOT NULL CHECK (kind IN ('ad', 'local')),"
                    " username TEXT NOT NULL,"
                    " username_key TEXT NOT NULL UNIQUE," // lower-cased: case-insensitive sign-in
                    " display_name TEXT NOT NULL,"
                    " email TEXT,"
                    " department TEXT,"
                    " geo TEXT,"
                    " user_type TEXT NOT NULL CHECK (user_type IN ('employee', 'non_employee')),"
                    " manager_id TEXT,"
                    " password_hash TEXT,"
                    " password_temporary INTEGER NOT NULL DEFAULT 0,"
                    " password_expires_at TEXT,"
                    " disabled INTEGER NOT NULL DEFAULT 0,"
                    " created_at TEXT NOT NULL,"
                    " updated_at TEXT NOT NULL)"),
                QStringLiteral(
                    "CREATE TABLE user_roles ("
                    " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                    " role TEXT NOT NULL CHECK (role IN ('scanner', 'publisher', 'admin')),"
                    " PRIMARY KEY (user_id, role))"),
                QStringLiteral("CREATE TABLE api_keys ("
                               " id TEXT PRIMARY KEY,"
                               " subsystem TEXT NOT NULL,"
                               " key_hash TEXT NOT NULL UNIQUE,"
                               " webhook_secret TEXT NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " revoked_at TEXT)"),
                QStringLiteral(
                    "CREATE TABLE api_key_callback_prefixes ("
                    " api_key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,"
                    " prefix TEXT NOT NULL,"
                    " PRIMARY KEY (api_key_id, prefix))"),
                QStringLiteral("CREATE TABLE audit_log ("
                               " id {{ID}},"
                               " at TEXT NOT NULL,"
                               " actor TEXT NOT NULL,"
                               " action TEXT NOT NULL,"
                               " target TEXT,"
                               " detail TEXT)"),
                QStringLiteral("CREATE INDEX audit_log_at ON audit_log (at)"),
                QStringLiteral("CREATE TABLE server_settings ("
                               " name TEXT PRIMARY KEY,"
                               " value TEXT NOT NULL)"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
