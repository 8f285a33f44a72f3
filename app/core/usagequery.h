#pragma once

// Read-only aggregations over the usage table for the Usage and Logs pages. Every aggregate is one
// SQL GROUP BY over a timestamp range (the usage_* indexes of migrations steps 2 and 3), run through
// Storage::read(), so the UI never loads raw rows to sum them up. Time ranges are half-open
// [fromMs, toMs) in ms since the epoch (UTC).

#include "usagerecord.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Switchyard {

class Storage;

struct UsageRange
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
};

// Sums over a set of usage rows. "Tokens" everywhere means input + output + cache read + cache write.
struct UsageTotals
{
    qint64 requests = 0;
    qint64 errors = 0; // status outside 200..399
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    double costUsd = 0;

    qint64 tokens() const { return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens; }
    bool operator==(const UsageTotals &) const = default;
};

enum class UsageStackBy
{
    Model, // resolved model
    Channel, // channel name as recorded
};

// Tokens and cost per time bucket, one row per stack key. keys are ordered by total tokens
// (largest first); when there are more than maxKeys, the smallest are folded into one last key
// UsageQuery::otherKey().
struct UsageTimeSeries
{
    qint64 fromMs = 0;
    qint64 bucketMs = 0;
    int bucketCount = 0;
    QStringList keys;
    QList<QList<qint64>> tokens; // [key][bucket]
    QList<QList<double>> cost; // [key][bucket]

    qint64 bucketStartMs(int bucket) const { return fromMs + bucket * bucketMs; }
};

enum class LeaderboardBy
{
    Model,
    Channel,
    ClientKey,
};

struct UsageGroupRow
{
    QString key; // model, channel name, or client key name
    qint64 id = 0; // channel id / client key id; 0 for models
    UsageTotals totals;
};

struct UsageSession
{
    QString sessionId;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    UsageTotals totals;
};

// One row of the request log: the usage record (without bodies) plus what the table shows about
// its capture.
struct UsageLogRow
{
    qint64 rowId = 0;
    UsageRecord record;
    bool hasCapture = false;
};

struct UsageLogFilter
{
    enum class Status
    {
        Any,
        Ok,
        Error,
    };
    UsageRange range;
    Status status = Status::Any;
    QString model; // resolved or requested model, exact; empty = any
    QString channel; // channel name, exact; empty = any
    QString session; // session id, exact; empty = any
    QString search; // substring of ids, models, channel, endpoint, error class or route trace
    int limit = 1000;
};

struct CapturedExchange
{
    bool found = false;
    qint64 capturedMs = 0;
    QByteArray requestBody;
    QByteArray responseBody;
    QString requestHeaders;
};

// One attempt of a route trace (the JSON array Exchange::traceJson() writes).
struct RouteAttempt
{
    QString channel;
    qint64 channelId = 0;
    qint64 keyId = 0;
    QString model;
    QString outcome;
    int status = 0;
    QString error;
    qint64 ms = 0;
};

class UsageQuery
{
public:
    explicit UsageQuery(const Storage *storage);

    static QString otherKey() { return QStringLiteral("\u2026"); }
    // A status the client saw as success.
    static bool isOk(int status) { return status >= 200 && status < 400; }
    static QList<RouteAttempt> parseRouteTrace(const QString &json);

    // Each returns an empty result (and logs) when the query fails; *error says why when given.
    UsageTotals totals(const UsageRange &range, QString *error = nullptr) const;
    UsageTimeSeries timeSeries(const UsageRange &range, qint64 bucketMs, UsageStackBy stackBy, int maxKeys,
                               QString *error = nullptr) const;
    QList<UsageGroupRow> leaderboard(const UsageRange &range, LeaderboardBy by, int limit,
                                     QString *error = nullptr) const;
    // Sessions with activity in the range, latest activity first. Rows without a session id are
    // not a session and are left out.
    QList<UsageSession> sessions(const UsageRange &range, int limit, QString *error = nullptr) const;
    // Every request of a session, oldest first.
    QList<UsageLogRow> sessionRequests(const QString &sessionId, QString *error = nullptr) const;
    // The request log, newest first.
    QList<UsageLogRow> logRows(const UsageLogFilter &filter, QString *error = nullptr) const;
    // Distinct resolved models / channel names seen in the range, sorted, for filter choices.
    QStringList distinctModels(const UsageRange &range, QString *error = nullptr) const;
    QStringList distinctChannels(const UsageRange &range, QString *error = nullptr) const;
    CapturedExchange capture(const QString &requestId, QString *error = nullptr) const;
    // Streams every row of the range, oldest first, without holding them all in memory (CSV export).
    // fn returning false stops early.
    bool forEachRecord(const UsageRange &range, const std::function<bool(const UsageRecord &)> &fn,
                       QString *error = nullptr) const;

private:
    const Storage *m_storage;
};

} // namespace Switchyard
