#include "usagequery.h"

#include "applogging.h"
#include "database.h"
#include "storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace Switchyard {

namespace {

// The sums every aggregate reports, in the order readTotals() reads them.
const QString &aggregateColumns()
{
    static const QString columns = QStringLiteral(
        "COUNT(*), "
        "SUM(CASE WHEN status >= 200 AND status < 400 THEN 0 ELSE 1 END), "
        "SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens), "
        "SUM(cost_usd)");
    return columns;
}

UsageTotals readTotals(const QSqlQuery &query, int first)
{
    UsageTotals t;
    t.requests = query.value(first).toLongLong();
    t.errors = query.value(first + 1).toLongLong();
    t.inputTokens = query.value(first + 2).toLongLong();
    t.outputTokens = query.value(first + 3).toLongLong();
    t.cacheReadTokens = query.value(first + 4).toLongLong();
    t.cacheWriteTokens = query.value(first + 5).toLongLong();
    t.costUsd = query.value(first + 6).toDouble();
    return t;
}

// The usage columns a log row shows, read by readLogRow() in this order.
const QString &logColumns()
{
    static const QString columns = QStringLiteral(
        "u.id, u.timestamp_ms, u.request_id, u.session_id, u.client_key_id, u.endpoint, "
        "u.requested_model, u.resolved_model, u.channel_id, u.channel_name, u.input_tokens, "
        "u.output_tokens, u.cache_read_tokens, u.cache_write_tokens, u.cost_usd, u.latency_ms, "
        "u.ttft_ms, u.status, u.error_class, u.stream, u.route_trace, u.route_reason, "
        "EXISTS (SELECT 1 FROM request_bodies b WHERE b.request_id = u.request_id AND u.request_id <> '')");
    return columns;
}

UsageLogRow readLogRow(const QSqlQuery &q)
{
    UsageLogRow row;
    int i = 0;
    row.rowId = q.value(i++).toLongLong();
    UsageRecord &r = row.record;
    r.timestampMs = q.value(i++).toLongLong();
    r.requestId = q.value(i++).toString();
    r.sessionId = q.value(i++).toString();
    r.clientKeyId = q.value(i++).toLongLong();
    r.endpoint = q.value(i++).toString();
    r.requestedModel = q.value(i++).toString();
    r.resolvedModel = q.value(i++).toString();
    r.channelId = q.value(i++).toLongLong();
    r.channelName = q.value(i++).toString();
    r.inputTokens = q.value(i++).toLongLong();
    r.outputTokens = q.value(i++).toLongLong();
    r.cacheReadTokens = q.value(i++).toLongLong();
    r.cacheWriteTokens = q.value(i++).toLongLong();
    r.costUsd = q.value(i++).toDouble();
    r.latencyMs = q.value(i++).toLongLong();
    r.ttftMs = q.value(i++).toLongLong();
    r.status = q.value(i++).toInt();
    r.errorClass = q.value(i++).toString();
    r.stream = q.value(i++).toBool();
    r.routeTrace = q.value(i++).toString();
    r.routeReason = q.value(i++).toString();
    row.hasCapture = q.value(i++).toBool();
    return row;
}

// LIKE pattern matching text literally anywhere (with ESCAPE '\').
QString containsPattern(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + text + QLatin1Char('%');
}

} // namespace

UsageQuery::UsageQuery(const Storage *storage)
    : m_storage(storage)
{
}

namespace {

// Runs one SELECT with positional parameters on the storage's read connection and hands every
// result row to onRow.
bool select(const Storage *storage, const QString &sql, const QVariantList &params,
            const std::function<void(const QSqlQuery &)> &onRow, QString *error)
{
    QString readError;
    const bool ok = storage && storage->isOpen()
        && storage->read(
            [&](QSqlDatabase &db, QString *e) {
                QSqlQuery query(db);
                query.setForwardOnly(true);
                if (!Db::prepare(query, sql, e))
                    return false;
                for (int i = 0; i < params.size(); ++i)
                    query.bindValue(i, params.at(i));
                if (!Db::exec(query, e))
                    return false;
                while (query.next())
                    onRow(query);
                return true;
            },
            &readError);
    if (!ok) {
        if (readError.isEmpty())
            readError = QStringLiteral("the database is not open");
        qCWarning(lcStorage) << "usage query failed:" << readError;
        Db::setError(error, readError);
    }
    return ok;
}

QVariantList rangeParams(const UsageRange &range)
{
    return {range.fromMs, range.toMs};
}

const QString RangeCondition = QStringLiteral("timestamp_ms >= ? AND timestamp_ms < ?");

} // namespace

UsageTotals UsageQuery::totals(const UsageRange &range, QString *error) const
{
    UsageTotals totals;
    select(
        m_storage, QStringLiteral("SELECT %1 FROM usage WHERE %2").arg(aggregateColumns(), RangeCondition),
        rangeParams(range), [&](const QSqlQuery &q) { totals = readTotals(q, 0); }, error);
    return totals;
}

UsageTimeSeries UsageQuery::timeSeries(const UsageRange &range, qint64 bucketMs, UsageStackBy stackBy,
                                       int maxKeys, QString *error) const
{
    UsageTimeSeries series;
    series.fromMs = range.fromMs;
    series.bucketMs = qMax<qint64>(1, bucketMs);
    series.bucketCount =
        int(qMax<qint64>(0, (range.toMs - range.fromMs + series.bucketMs - 1) / series.bucketMs));
    if (series.bucketCount == 0)
        return series;

    struct Cell
    {
        int bucket;
        QString key;
        qint64 tokens;
        double cost;
    };
    QList<Cell> cells;
    const QString keyColumn =
        stackBy == UsageStackBy::Model ? QStringLiteral("resolved_model") : QStringLiteral("channel_name");
    const QString sql =
        QStringLiteral("SELECT (timestamp_ms - ?) / ? AS bucket, %1, "
                       "SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens), "
                       "SUM(cost_usd) FROM usage WHERE %2 GROUP BY bucket, %1")
            .arg(keyColumn, RangeCondition);
    if (!select(
            m_storage, sql, {range.fromMs, series.bucketMs, range.fromMs, range.toMs},
            [&](const QSqlQuery &q) {
                cells.append({q.value(0).toInt(), q.value(1).toString(), q.value(2).toLongLong(),
                              q.value(3).toDouble()});
            },
            error))
        return series;

    // Rank the keys by their total so the biggest sit at the bottom of the stack and survive the fold.
    QHash<QString, qint64> keyTotals;
    for (const Cell &cell : std::as_const(cells))
        keyTotals[cell.key] += cell.tokens;
    QStringList keys = keyTotals.keys();
    std::sort(keys.begin(), keys.end(), [&](const QString &a, const QString &b) {
        const qint64 ta = keyTotals.value(a), tb = keyTotals.value(b);
        return ta != tb ? ta > tb : a < b;
    });
    const int limit = qMax(1, maxKeys);
    QHash<QString, int> indexOf;
    for (int i = 0; i < keys.size(); ++i)
        indexOf.insert(keys.at(i), keys.size() > limit ? qMin(i, limit - 1) : i);
    if (keys.size() > limit) {
        keys = keys.mid(0, limit - 1);
        keys.append(otherKey());
    }
    series.keys = keys;
    for (int i = 0; i < keys.size(); ++i) {
        series.tokens.append(QList<qint64>(series.bucketCount, 0));
        series.cost.append(QList<double>(series.bucketCount, 0));
    }
    for (const Cell &cell : std::as_const(cells)) {
        if (cell.bucket < 0 || cell.bucket >= series.bucketCount)
            continue;
        const int k = indexOf.value(cell.key);
        series.tokens[k][cell.bucket] += cell.tokens;
        series.cost[k][cell.bucket] += cell.cost;
    }
    return series;
}

QList<UsageGroupRow> UsageQuery::leaderboard(const UsageRange &range, LeaderboardBy by, int limit,
                                             QString *error) const
{
    QString keyColumns;
    QString groupBy;
    switch (by) {
    case LeaderboardBy::Model:
        keyColumns = QStringLiteral("resolved_model, 0");
        groupBy = QStringLiteral("resolved_model");
        break;
    case LeaderboardBy::Channel:
        keyColumns = QStringLiteral("channel_name, channel_id");
        groupBy = QStringLiteral("channel_id, channel_name");
        break;
    case LeaderboardBy::ClientKey:
        keyColumns = QStringLiteral("client_key_id");
        groupBy = QStringLiteral("client_key_id");
        break;
    }
    QString sql = QStringLiteral("SELECT %1, %2, SUM(input_tokens + output_tokens + cache_read_tokens + "
                                 "cache_write_tokens) FROM usage WHERE %3 GROUP BY %4")
                      .arg(keyColumns, aggregateColumns(), RangeCondition, groupBy);
    // Usage outlives a deleted key, so key names are joined in after grouping (one lookup per key,
    // not one per row) and may be missing.
    if (by == LeaderboardBy::ClientKey)
        sql = QStringLiteral("SELECT COALESCE(k.name, ''), g.* FROM (%1) g LEFT JOIN client_keys k "
                             "ON k.id = g.client_key_id")
                  .arg(sql);
    // Result columns: key, id, the aggregates (cost is the 9th), tokens (10th).
    sql += QStringLiteral(" ORDER BY 9 DESC, 10 DESC, 1 LIMIT ?");
    QList<UsageGroupRow> rows;
    select(
        m_storage, sql, {range.fromMs, range.toMs, qMax(0, limit)},
        [&](const QSqlQuery &q) {
            rows.append({q.value(0).toString(), q.value(1).toLongLong(), readTotals(q, 2)});
        },
        error);
    return rows;
}

QList<UsageSession> UsageQuery::sessions(const UsageRange &range, int limit, QString *error) const
{
    QList<UsageSession> sessions;
    select(
        m_storage,
        // "+session_id" keeps the planner on the covering usage_rollup index rather than
        // usage_session_time with a table lookup per row.
        QStringLiteral("SELECT session_id, MIN(timestamp_ms), MAX(timestamp_ms), %1 FROM usage "
                       "WHERE %2 AND +session_id <> '' GROUP BY session_id "
                       "ORDER BY MAX(timestamp_ms) DESC, session_id LIMIT ?")
            .arg(aggregateColumns(), RangeCondition),
        {range.fromMs, range.toMs, qMax(0, limit)},
        [&](const QSqlQuery &q) {
            sessions.append(
                {q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toLongLong(), readTotals(q, 3)});
        },
        error);
    return sessions;
}

QList<UsageLogRow> UsageQuery::sessionRequests(const QString &sessionId, QString *error) const
{
    QList<UsageLogRow> rows;
    if (sessionId.isEmpty())
        return rows;
    select(
        m_storage,
        QStringLiteral("SELECT %1 FROM usage u WHERE u.session_id = ? ORDER BY u.timestamp_ms, u.id")
            .arg(logColumns()),
        {sessionId}, [&](const QSqlQuery &q) { rows.append(readLogRow(q)); }, error);
    return rows;
}

QList<UsageLogRow> UsageQuery::logRows(const UsageLogFilter &filter, QString *error) const
{
    QStringList conditions {QStringLiteral("u.timestamp_ms >= ? AND u.timestamp_ms < ?")};
    QVariantList params = rangeParams(filter.range);
    if (filter.status == UsageLogFilter::Status::Ok)
        conditions.append(QStringLiteral("u.status >= 200 AND u.status < 400"));
    else if (filter.status == UsageLogFilter::Status::Error)
        conditions.append(QStringLiteral("(u.status < 200 OR u.status >= 400)"));
    if (!filter.model.isEmpty()) {
        conditions.append(QStringLiteral("(u.resolved_model = ? OR u.requested_model = ?)"));
        params << filter.model << filter.model;
    }
    if (!filter.channel.isEmpty()) {
        conditions.append(QStringLiteral("u.channel_name = ?"));
        params << filter.channel;
    }
    if (!filter.session.isEmpty()) {
        conditions.append(QStringLiteral("u.session_id = ?"));
        params << filter.session;
    }
    const QString search = filter.search.trimmed();
    if (!search.isEmpty()) {
        static const QStringList searched {
            QStringLiteral("u.request_id"),      QStringLiteral("u.session_id"),
            QStringLiteral("u.requested_model"), QStringLiteral("u.resolved_model"),
            QStringLiteral("u.channel_name"),    QStringLiteral("u.endpoint"),
            QStringLiteral("u.error_class"),     QStringLiteral("u.route_trace"),
            QStringLiteral("u.route_reason"),    QStringLiteral("CAST(u.status AS TEXT)"),
        };
        QStringList likes;
        for (const QString &column : searched) {
            likes.append(column + QStringLiteral(" LIKE ? ESCAPE '\\'"));
            params << containsPattern(search);
        }
        conditions.append(QLatin1Char('(') + likes.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
    }
    params << qMax(0, filter.limit);

    QList<UsageLogRow> rows;
    select(
        m_storage,
        QStringLiteral("SELECT %1 FROM usage u WHERE %2 ORDER BY u.timestamp_ms DESC, u.id DESC LIMIT ?")
            .arg(logColumns(), conditions.join(QStringLiteral(" AND "))),
        params, [&](const QSqlQuery &q) { rows.append(readLogRow(q)); }, error);
    return rows;
}

namespace {

QStringList distinctValues(const Storage *storage, const QString &column, const UsageRange &range,
                           QString *error)
{
    QStringList values;
    select(
        storage,
        QStringLiteral("SELECT DISTINCT %1 FROM usage WHERE %2 AND %1 <> '' ORDER BY %1")
            .arg(column, RangeCondition),
        rangeParams(range), [&](const QSqlQuery &q) { values.append(q.value(0).toString()); }, error);
    return values;
}

} // namespace

QStringList UsageQuery::distinctModels(const UsageRange &range, QString *error) const
{
    return distinctValues(m_storage, QStringLiteral("resolved_model"), range, error);
}

QStringList UsageQuery::distinctChannels(const UsageRange &range, QString *error) const
{
    return distinctValues(m_storage, QStringLiteral("channel_name"), range, error);
}

CapturedExchange UsageQuery::capture(const QString &requestId, QString *error) const
{
    CapturedExchange capture;
    if (requestId.isEmpty())
        return capture;
    select(
        m_storage,
        QStringLiteral("SELECT captured_ms, request, response, request_headers FROM request_bodies "
                       "WHERE request_id = ?"),
        {requestId},
        [&](const QSqlQuery &q) {
            capture.found = true;
            capture.capturedMs = q.value(0).toLongLong();
            capture.requestBody = q.value(1).toByteArray();
            capture.responseBody = q.value(2).toByteArray();
            capture.requestHeaders = q.value(3).toString();
        },
        error);
    return capture;
}

bool UsageQuery::forEachRecord(const UsageRange &range, const std::function<bool(const UsageRecord &)> &fn,
                               QString *error) const
{
    bool stopped = false;
    const bool ok = select(
        m_storage,
        QStringLiteral("SELECT %1 FROM usage u WHERE u.timestamp_ms >= ? AND u.timestamp_ms < ? "
                       "ORDER BY u.timestamp_ms, u.id")
            .arg(logColumns()),
        rangeParams(range),
        [&](const QSqlQuery &q) {
            if (!stopped && !fn(readLogRow(q).record))
                stopped = true;
        },
        error);
    return ok;
}

QList<RouteAttempt> UsageQuery::parseRouteTrace(const QString &json)
{
    QList<RouteAttempt> attempts;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        RouteAttempt a;
        a.channel = o.value(u"channel").toString();
        a.channelId = o.value(u"channelId").toInteger();
        a.keyId = o.value(u"keyId").toInteger();
        a.model = o.value(u"model").toString();
        a.outcome = o.value(u"outcome").toString();
        a.status = o.value(u"status").toInt();
        a.error = o.value(u"error").toString();
        a.ms = o.value(u"ms").toInteger();
        attempts.append(a);
    }
    return attempts;
}

} // namespace Switchyard
