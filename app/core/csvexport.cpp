#include "csvexport.h"

#include <QDateTime>
#include <QIODevice>

namespace Switchyard::CsvExport {

QByteArray line(const QStringList &fields)
{
    QByteArray out;
    for (int i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        QString field = fields.at(i);
        const bool quote = field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"'))
            || field.contains(QLatin1Char('\n')) || field.contains(QLatin1Char('\r'));
        if (quote) {
            field.replace(QLatin1Char('"'), QStringLiteral("\"\""));
            out += '"' + field.toUtf8() + '"';
        } else {
            out += field.toUtf8();
        }
    }
    out += "\r\n";
    return out;
}

QStringList usageHeader()
{
    return {QStringLiteral("time_utc"),
            QStringLiteral("request_id"),
            QStringLiteral("session_id"),
            QStringLiteral("client_key_id"),
            QStringLiteral("endpoint"),
            QStringLiteral("requested_model"),
            QStringLiteral("resolved_model"),
            QStringLiteral("channel"),
            QStringLiteral("status"),
            QStringLiteral("error_class"),
            QStringLiteral("input_tokens"),
            QStringLiteral("output_tokens"),
            QStringLiteral("cache_read_tokens"),
            QStringLiteral("cache_write_tokens"),
            QStringLiteral("cost_usd"),
            QStringLiteral("latency_ms"),
            QStringLiteral("ttft_ms"),
            QStringLiteral("stream")};
}

QStringList usageFields(const UsageRecord &r)
{
    return {QDateTime::fromMSecsSinceEpoch(r.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs), r.requestId,
            r.sessionId, QString::number(r.clientKeyId), r.endpoint, r.requestedModel, r.resolvedModel,
            r.channelName, QString::number(r.status), r.errorClass, QString::number(r.inputTokens),
            QString::number(r.outputTokens), QString::number(r.cacheReadTokens),
            QString::number(r.cacheWriteTokens),
            // Enough digits that sums in a spreadsheet match the app's totals.
            QString::number(r.costUsd, 'g', 12), QString::number(r.latencyMs), QString::number(r.ttftMs),
            r.stream ? QStringLiteral("1") : QStringLiteral("0")};
}

bool writeUsage(const Storage *storage, const UsageRange &range, QIODevice *device, QString *error,
                qint64 *rows)
{
    qint64 written = 0;
    bool writeFailed = device->write(line(usageHeader())) < 0;
    QString queryError;
    const bool ok = !writeFailed
        && UsageQuery(storage).forEachRecord(
            range,
            [&](const UsageRecord &record) {
                if (device->write(line(usageFields(record))) < 0) {
                    writeFailed = true;
                    return false;
                }
                ++written;
                return true;
            },
            &queryError);
    if (rows)
        *rows = written;
    if (writeFailed) {
        if (error)
            *error = device->errorString();
        return false;
    }
    if (!ok && error)
        *error = queryError;
    return ok;
}

} // namespace Switchyard::CsvExport
