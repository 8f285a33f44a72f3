#include "adminqueries.h"

#include "database.h"
#include "storage.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariantList>

namespace Switchyard::AdminQueries {

namespace {

// The columns every aggregate row carries, in SELECT order after the key column(s).
const QString AggregateColumns = QStringLiteral(
    "count(*), sum(CASE WHEN status >= 400 OR status = 0 THEN 1 ELSE 0 END), sum(input_tokens), "
    "sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_usd), avg(latency_ms)");

QJsonObject aggregateRow(const QSqlQuery &query, int first)
{
    return {{QStringLiteral("requests"), query.value(first).toLongLong()},
            {QStringLiteral("errors"), query.value(first + 1).toLongLong()},
            {QStringLiteral("inputTokens"), query.value(first + 2).toLongLong()},
            {QStringLiteral("outputTokens"), query.value(first + 3).toLongLong()},
            {QStringLiteral("cacheReadTokens"), query.value(first + 4).toLongLong()},
            {QStringLiteral("cacheWriteTokens"), query.value(first + 5).toLongLong()},
            {QStringLiteral("costUsd"), query.value(first + 6).toDouble()},
            {QStringLiteral("avgLatencyMs"), query.value(first + 7).toDouble()}};
}

bool run(QSqlQuery &query, const QString &sql, const QVariantList &bindings, QString *error)
{
    query.setForwardOnly(true);
    if (!Db::prepare(query, sql, error))
        return false;
    for (const QVariant &binding : bindings)
        query.addBindValue(binding);
    return Db::exec(query, error);
}

} // namespace

std::optional<GroupBy> groupByFromString(const QString &text)
{
    if (text.isEmpty() || text == u"model")
        return GroupBy::Model;
    if (text == u"channel")
        return GroupBy::Channel;
    if (text == u"day")
        return GroupBy::Day;
    return std::nullopt;
}

bool usage(const Storage &storage, const UsageFilter &filter, QJsonObject *result, QString *error)
{
    QString keySql;
    QString order = QStringLiteral("sum(cost_usd) DESC, count(*) DESC, 1");
    switch (filter.groupBy) {
    case GroupBy::Model:
        keySql =
            QStringLiteral("CASE WHEN resolved_model <> '' THEN resolved_model ELSE requested_model END");
        break;
    case GroupBy::Channel:
        keySql = QStringLiteral("channel_id");
        break;
    case GroupBy::Day:
        keySql = QStringLiteral("date(timestamp_ms / 1000, 'unixepoch')");
        order = QStringLiteral("1");
        break;
    }
    const QString where = QStringLiteral(" FROM usage WHERE timestamp_ms >= ? AND timestamp_ms < ?");
    const QVariantList range {filter.fromMs, filter.toMs};
    return storage.read(
        [&](QSqlDatabase &db, QString *e) {
            QSqlQuery query(db);
            // The channel's latest name: it may have been renamed within the range.
            const QString nameSql = filter.groupBy == GroupBy::Channel
                ? QStringLiteral(
                    ", (SELECT u2.channel_name FROM usage u2 WHERE u2.channel_id = usage.channel_id "
                    "ORDER BY u2.timestamp_ms DESC LIMIT 1)")
                : QString();
            if (!run(query,
                     QStringLiteral("SELECT %1, %2%3%4 GROUP BY 1 ORDER BY %5")
                         .arg(keySql, AggregateColumns, nameSql, where, order),
                     range, e))
                return false;
            QJsonArray rows;
            while (query.next()) {
                QJsonObject row = aggregateRow(query, 1);
                if (filter.groupBy == GroupBy::Channel) {
                    row.insert(QStringLiteral("channelId"), query.value(0).toLongLong());
                    row.insert(QStringLiteral("key"), query.value(9).toString());
                } else {
                    row.insert(QStringLiteral("key"), query.value(0).toString());
                }
                rows.append(row);
            }
            QSqlQuery total(db);
            if (!run(total, QStringLiteral("SELECT %1%2").arg(AggregateColumns, where), range, e)
                || !total.next())
                return false;
            result->insert(QStringLiteral("rows"), rows);
            result->insert(QStringLiteral("total"), aggregateRow(total, 0));
            return true;
        },
        error);
}

bool logs(const Storage &storage, const LogFilter &filter, QJsonArray *rows, QString *error)
{
    QStringList conditions;
    QVariantList bindings;
    if (filter.status != 0) {
        conditions << QStringLiteral("status = ?");
        bindings << filter.status;
    } else if (filter.statusClass != 0) {
        conditions << QStringLiteral("status >= ? AND status < ?");
        bindings << filter.statusClass * 100 << (filter.statusClass + 1) * 100;
    }
    if (!filter.model.isEmpty()) {
        conditions << QStringLiteral("(requested_model = ? OR resolved_model = ?)");
        bindings << filter.model << filter.model;
    }
    if (!filter.session.isEmpty()) {
        conditions << QStringLiteral("session_id = ?");
        bindings << filter.session;
    }
    if (filter.beforeMs > 0) {
        conditions << QStringLiteral("timestamp_ms < ?");
        bindings << filter.beforeMs;
    }
    bindings << filter.limit;
    // Column and JSON name (UsageRecord's field names) of every field a log row carries.
    static const QList<std::pair<QString, QString>> fields {
        {QStringLiteral("timestamp_ms"), QStringLiteral("timestampMs")},
        {QStringLiteral("request_id"), QStringLiteral("requestId")},
        {QStringLiteral("session_id"), QStringLiteral("sessionId")},
        {QStringLiteral("client_key_id"), QStringLiteral("clientKeyId")},
        {QStringLiteral("endpoint"), QStringLiteral("endpoint")},
        {QStringLiteral("requested_model"), QStringLiteral("requestedModel")},
        {QStringLiteral("resolved_model"), QStringLiteral("resolvedModel")},
        {QStringLiteral("channel_id"), QStringLiteral("channelId")},
        {QStringLiteral("channel_name"), QStringLiteral("channelName")},
        {QStringLiteral("input_tokens"), QStringLiteral("inputTokens")},
        {QStringLiteral("output_tokens"), QStringLiteral("outputTokens")},
        {QStringLiteral("cache_read_tokens"), QStringLiteral("cacheReadTokens")},
        {QStringLiteral("cache_write_tokens"), QStringLiteral("cacheWriteTokens")},
        {QStringLiteral("cost_usd"), QStringLiteral("costUsd")},
        {QStringLiteral("latency_ms"), QStringLiteral("latencyMs")},
        {QStringLiteral("ttft_ms"), QStringLiteral("ttftMs")},
        {QStringLiteral("status"), QStringLiteral("status")},
        {QStringLiteral("error_class"), QStringLiteral("errorClass")},
        {QStringLiteral("stream"), QStringLiteral("stream")},
        {QStringLiteral("route_trace"), QStringLiteral("routeTrace")},
        {QStringLiteral("route_reason"), QStringLiteral("routeReason")},
    };
    QStringList columns;
    for (const auto &[column, name] : fields)
        columns << column;
    const QString sql =
        QStringLiteral("SELECT %1 FROM usage%2 ORDER BY timestamp_ms DESC, id DESC LIMIT ?")
            .arg(columns.join(QStringLiteral(", ")),
                 conditions.isEmpty() ? QString()
                                      : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")));
    return storage.read(
        [&](QSqlDatabase &db, QString *e) {
            QSqlQuery query(db);
            if (!run(query, sql, bindings, e))
                return false;
            QJsonArray out;
            while (query.next()) {
                QJsonObject row;
                for (int i = 0; i < fields.size(); ++i)
                    row.insert(fields.at(i).second, QJsonValue::fromVariant(query.value(i)));
                row.insert(QStringLiteral("stream"), row.value(QStringLiteral("stream")).toInteger() != 0);
                const QByteArray trace = row.value(QStringLiteral("routeTrace")).toString().toUtf8();
                const QJsonDocument parsed = QJsonDocument::fromJson(trace);
                if (!parsed.isNull())
                    row.insert(QStringLiteral("routeTrace"),
                               parsed.isArray() ? QJsonValue(parsed.array()) : QJsonValue(parsed.object()));
                out.append(row);
            }
            *rows = out;
            return true;
        },
        error);
}

} // namespace Switchyard::AdminQueries
