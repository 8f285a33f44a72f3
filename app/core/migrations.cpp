#include "migrations.h"

#include "applogging.h"
#include "database.h"

#include <QList>

namespace Switchyard::Migrations {

namespace {

struct Step
{
    int version;
    const char *summary;
    QStringList statements;
};

// Lists (models, capabilities, allowed_models) and free-form options are JSON text. Usage rows keep
// channel_id/client_key_id without foreign keys on purpose: history must outlive the channel or key
// it names, which is also why channel_name is copied into the row.
QList<Step> buildSteps()
{
    QList<Step> steps;

    steps.append(
        {1,
         "initial tables",
         {
             QStringLiteral("CREATE TABLE providers ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "name TEXT NOT NULL UNIQUE, "
                            "protocol TEXT NOT NULL "
                            "CHECK (protocol IN ('anthropic', 'openai', 'gemini', 'responses')), "
                            "base_url TEXT NOT NULL DEFAULT '', "
                            "capabilities TEXT NOT NULL DEFAULT '[]', "
                            "options TEXT NOT NULL DEFAULT '{}', "
                            "enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)))"),
             QStringLiteral("CREATE TABLE provider_prices ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE, "
                            "position INTEGER NOT NULL DEFAULT 0, "
                            "model TEXT NOT NULL, "
                            "input_per_mtok REAL NOT NULL DEFAULT 0, "
                            "output_per_mtok REAL NOT NULL DEFAULT 0, "
                            "cache_read_per_mtok REAL NOT NULL DEFAULT 0, "
                            "cache_write_per_mtok REAL NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE INDEX provider_prices_provider ON provider_prices(provider_id)"),
             QStringLiteral("CREATE TABLE channels ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE, "
                            "name TEXT NOT NULL UNIQUE, "
                            "base_url TEXT NOT NULL DEFAULT '', "
                            "models TEXT NOT NULL DEFAULT '[]', "
                            "priority INTEGER NOT NULL DEFAULT 0, "
                            "weight INTEGER NOT NULL DEFAULT 1, "
                            "enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)), "
                            "daily_request_quota INTEGER NOT NULL DEFAULT 0, "
                            "daily_budget REAL NOT NULL DEFAULT 0, "
                            "proxy_url TEXT NOT NULL DEFAULT '', "
                            "options TEXT NOT NULL DEFAULT '{}')"),
             QStringLiteral("CREATE INDEX channels_provider ON channels(provider_id)"),
             QStringLiteral("CREATE TABLE channel_keys ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE, "
                            "position INTEGER NOT NULL DEFAULT 0, "
                            "secret_ref TEXT NOT NULL, "
                            "hint TEXT NOT NULL DEFAULT '', "
                            "fingerprint TEXT NOT NULL DEFAULT '', "
                            "weight INTEGER NOT NULL DEFAULT 1, "
                            "disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)), "
                            "disabled_reason TEXT NOT NULL DEFAULT '')"),
             QStringLiteral("CREATE INDEX channel_keys_channel ON channel_keys(channel_id)"),
             QStringLiteral("CREATE TABLE model_groups ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "name TEXT NOT NULL UNIQUE, "
                            "strategy TEXT NOT NULL DEFAULT 'priority', "
                            "daily_budget REAL NOT NULL DEFAULT 0, "
                            "max_cost_per_request REAL NOT NULL DEFAULT 0, "
                            "enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)), "
                            "options TEXT NOT NULL DEFAULT '{}')"),
             QStringLiteral("CREATE TABLE group_members ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "group_id INTEGER NOT NULL REFERENCES model_groups(id) ON DELETE CASCADE, "
                            "channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE, "
                            "position INTEGER NOT NULL DEFAULT 0, "
                            "model TEXT NOT NULL, "
                            "priority INTEGER NOT NULL DEFAULT 0, "
                            "weight INTEGER NOT NULL DEFAULT 1, "
                            "capabilities TEXT NOT NULL DEFAULT '[]', "
                            "context_window INTEGER NOT NULL DEFAULT 0, "
                            "price_override TEXT)"),
             QStringLiteral("CREATE INDEX group_members_group ON group_members(group_id)"),
             QStringLiteral("CREATE INDEX group_members_channel ON group_members(channel_id)"),
             QStringLiteral("CREATE TABLE routing_rules ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "kind TEXT NOT NULL, "
                            "match TEXT NOT NULL DEFAULT '', "
                            "target TEXT NOT NULL DEFAULT '', "
                            "position INTEGER NOT NULL DEFAULT 0, "
                            "enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)), "
                            "options TEXT NOT NULL DEFAULT '{}')"),
             QStringLiteral("CREATE TABLE client_keys ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "name TEXT NOT NULL DEFAULT '', "
                            "hash TEXT NOT NULL UNIQUE, "
                            "prefix TEXT NOT NULL DEFAULT '', "
                            "created_at INTEGER, "
                            "expires_at INTEGER, "
                            "disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)), "
                            "daily_budget REAL NOT NULL DEFAULT 0, "
                            "allowed_models TEXT NOT NULL DEFAULT '[]', "
                            "slot_map TEXT NOT NULL DEFAULT '{}')"),
             QStringLiteral("CREATE TABLE settings ("
                            "key TEXT PRIMARY KEY NOT NULL, "
                            "value TEXT NOT NULL, "
                            "type TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE usage ("
                            "id INTEGER PRIMARY KEY, "
                            "timestamp_ms INTEGER NOT NULL, "
                            "request_id TEXT NOT NULL DEFAULT '', "
                            "session_id TEXT NOT NULL DEFAULT '', "
                            "client_key_id INTEGER NOT NULL DEFAULT 0, "
                            "endpoint TEXT NOT NULL DEFAULT '', "
                            "requested_model TEXT NOT NULL DEFAULT '', "
                            "resolved_model TEXT NOT NULL DEFAULT '', "
                            "channel_id INTEGER NOT NULL DEFAULT 0, "
                            "channel_name TEXT NOT NULL DEFAULT '', "
                            "input_tokens INTEGER NOT NULL DEFAULT 0, "
                            "output_tokens INTEGER NOT NULL DEFAULT 0, "
                            "cache_read_tokens INTEGER NOT NULL DEFAULT 0, "
                            "cache_write_tokens INTEGER NOT NULL DEFAULT 0, "
                            "cost_usd REAL NOT NULL DEFAULT 0, "
                            "latency_ms INTEGER NOT NULL DEFAULT 0, "
                            "status INTEGER NOT NULL DEFAULT 0, "
                            "error_class TEXT NOT NULL DEFAULT '', "
                            "stream INTEGER NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE INDEX usage_timestamp ON usage(timestamp_ms)"),
         }});

    // Streaming latency and routing diagnostics, the indexes the usage charts filter on, and
    // optional capture of request/response bodies for debugging.
    steps.append({2,
                  "usage diagnostics, chart indexes, body capture",
                  {
                      QStringLiteral("ALTER TABLE usage ADD COLUMN ttft_ms INTEGER NOT NULL DEFAULT -1"),
                      QStringLiteral("ALTER TABLE usage ADD COLUMN route_trace TEXT NOT NULL DEFAULT ''"),
                      QStringLiteral("CREATE INDEX usage_session_time ON usage(session_id, timestamp_ms)"),
                      QStringLiteral("CREATE INDEX usage_model_time ON usage(resolved_model, timestamp_ms)"),
                      QStringLiteral("CREATE INDEX usage_channel_time ON usage(channel_id, timestamp_ms)"),
                      QStringLiteral("CREATE TABLE request_bodies ("
                                     "request_id TEXT PRIMARY KEY NOT NULL, "
                                     "captured_ms INTEGER NOT NULL, "
                                     "request BLOB, "
                                     "response BLOB)"),
                      QStringLiteral("CREATE INDEX request_bodies_captured ON request_bodies(captured_ms)"),
                  }});

    // Why each request took its route (shown in the log detail), the redacted request headers of a
    // captured body, and the indexes of the usage page. usage_rollup covers every column the
    // aggregates read (UsageQuery), so a chart, leaderboard or session list over a range is one scan
    // of a narrow index instead of a table lookup per row (about 3x faster with 100k rows, see
    // tests/bench/usagepage_bench.cpp).
    steps.append(
        {3,
         "route reason, captured headers, usage page indexes",
         {
             QStringLiteral("ALTER TABLE usage ADD COLUMN route_reason TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE request_bodies ADD COLUMN request_headers TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("CREATE INDEX usage_client_key_time ON usage(client_key_id, timestamp_ms)"),
             QStringLiteral("CREATE INDEX usage_rollup ON usage(timestamp_ms, resolved_model, channel_name, "
                            "channel_id, client_key_id, session_id, status, input_tokens, output_tokens, "
                            "cache_read_tokens, cache_write_tokens, cost_usd)"),
         }});

    return steps;
}

const QList<Step> &steps()
{
    static const QList<Step> all = buildSteps();
    return all;
}

const Step *findStep(int version)
{
    for (const Step &step : steps()) {
        if (step.version == version)
            return &step;
    }
    return nullptr;
}

bool applyStep(QSqlDatabase &db, const Step &step, QString *error)
{
    if (!Db::begin(db, Db::TransactionKind::Immediate, error))
        return false;
    // Re-read inside the write lock: another process may have migrated while we waited for it.
    const int current = schemaVersion(db, error);
    bool ok = current >= 0;
    if (ok && current < step.version) {
        for (const QString &sql : step.statements) {
            if (!Db::exec(db, sql, error)) {
                ok = false;
                break;
            }
        }
        // user_version lives in the file header, which SQLite changes inside the transaction.
        ok = ok && Db::exec(db, QStringLiteral("PRAGMA user_version = %1").arg(step.version), error);
    }
    if (ok && Db::commit(db, error))
        return true;
    Db::rollback(db);
    return false;
}

} // namespace

int latestVersion()
{
    return steps().constLast().version;
}

QStringList stepStatements(int version)
{
    const Step *step = findStep(version);
    return step ? step->statements : QStringList();
}

int schemaVersion(QSqlDatabase &db, QString *error)
{
    const QVariant version = Db::scalar(db, QStringLiteral("PRAGMA user_version"), error);
    return version.isValid() ? version.toInt() : -1;
}

bool migrate(QSqlDatabase &db, QString *error, int targetVersion)
{
    QString readError;
    const int from = schemaVersion(db, &readError);
    if (from < 0) {
        Db::setError(error, readError);
        return false;
    }
    if (from > latestVersion()) {
        Db::setError(error,
                     QStringLiteral("its schema version is %1 but this build of Switchyard only knows "
                                    "versions up to %2; it was written by a newer Switchyard")
                         .arg(from)
                         .arg(latestVersion()));
        return false;
    }
    for (const Step &step : steps()) {
        if (step.version <= from || step.version > targetVersion)
            continue;
        QString stepError;
        if (!applyStep(db, step, &stepError)) {
            Db::setError(error,
                         QStringLiteral("upgrading the schema to version %1 (%2) failed: %3")
                             .arg(step.version)
                             .arg(QLatin1String(step.summary), stepError));
            return false;
        }
        qCInfo(lcStorage) << "database schema upgraded to version" << step.version << "-" << step.summary;
    }
    return true;
}

} // namespace Switchyard::Migrations
