#pragma once

// The management API's read-only usage queries (GET /admin/usage and /admin/logs), in SQL over the
// usage table so that aggregation uses its indexes instead of loading rows. Run through
// Storage::read(), i.e. on the thread that opened the store.

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Switchyard {

class Storage;

namespace AdminQueries {

enum class GroupBy
{
    Model, // resolved model, or the requested one when the request never resolved
    Channel,
    Day, // UTC calendar day, "YYYY-MM-DD"
};

std::optional<GroupBy> groupByFromString(const QString &text);

struct UsageFilter
{
    qint64 fromMs = 0; // inclusive
    qint64 toMs = 0; // exclusive
    GroupBy groupBy = GroupBy::Model;
};

// {"rows": [{"key", ("channelId",) "requests", "errors", "inputTokens", "outputTokens",
// "cacheReadTokens", "cacheWriteTokens", "costUsd", "avgLatencyMs"}...], "total": {...}}; rows by
// cost (day: by day).
bool usage(const Storage &storage, const UsageFilter &filter, QJsonObject *result, QString *error);

struct LogFilter
{
    int limit = 100;
    int status = 0; // exact HTTP status, 0 = any
    int statusClass = 0; // 2, 4, 5 for "2xx", "4xx", "5xx"; 0 = any
    QString model; // requested or resolved model
    QString session;
    qint64 beforeMs = 0; // only rows older than this (paging); 0 = no bound
};

// Newest first; each row has every usage field, "routeTrace" parsed as JSON when it is JSON.
bool logs(const Storage &storage, const LogFilter &filter, QJsonArray *rows, QString *error);

} // namespace AdminQueries
} // namespace Switchyard
