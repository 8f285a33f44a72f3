// UsageQuery (the SQL aggregates behind the Usage and Logs pages) and CsvExport, against rows
// inserted through the real Storage writer, with body capture.

#include "csvexport.h"
#include "database.h"
#include "storage.h"
#include "usagequery.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

namespace {

constexpr qint64 HourMs = 60 * 60 * 1000LL;
constexpr qint64 DayMs = 24 * HourMs;
// 2026-01-10 00:00:00 UTC.
constexpr qint64 T0 = 1768003200000LL;

struct Row
{
    qint64 offsetMs;
    const char *model;
    const char *channel;
    qint64 channelId;
    const char *session;
    qint64 input;
    qint64 output;
    double cost;
    int status = 200;
    qint64 clientKeyId = 0;
};

UsageRecord record(const Row &row, int serial)
{
    UsageRecord r;
    r.timestampMs = T0 + row.offsetMs;
    r.requestId = QStringLiteral("req_%1").arg(serial);
    r.sessionId = QString::fromUtf8(row.session);
    r.clientKeyId = row.clientKeyId;
    r.endpoint = QStringLiteral("messages");
    r.requestedModel = QStringLiteral("claude-sonnet-4-5");
    r.resolvedModel = QString::fromUtf8(row.model);
    r.channelId = row.channelId;
    r.channelName = QString::fromUtf8(row.channel);
    r.inputTokens = row.input;
    r.outputTokens = row.output;
    r.cacheReadTokens = row.input / 10;
    r.cacheWriteTokens = 1;
    r.costUsd = row.cost;
    r.latencyMs = 100 + serial;
    r.ttftMs = 10 + serial;
    r.status = row.status;
    r.errorClass = row.status == 200 ? QString() : QStringLiteral("upstream_5xx");
    r.routeTrace = QStringLiteral(R"([{"channel":"%1","channelId":%2,"keyId":3,"model":"%3",)"
                                  R"("outcome":"ok","status":%4,"error":"","ms":%5}])")
                       .arg(r.channelName)
                       .arg(r.channelId)
                       .arg(r.resolvedModel)
                       .arg(r.status)
                       .arg(r.latencyMs);
    return r;
}

// The fixture: two days, three models, two channels, three sessions (and rows without one).
const QList<Row> &rows()
{
    static const QList<Row> all {
        {1 * HourMs, "sonnet", "anthropic", 1, "s-a", 1000, 100, 0.50},
        {1 * HourMs + 60000, "sonnet", "anthropic", 1, "s-a", 2000, 200, 1.00},
        {2 * HourMs, "haiku", "anthropic", 1, "s-a", 300, 30, 0.01, 529},
        {3 * HourMs, "deepseek", "deepseek", 2, "s-b", 5000, 500, 0.20, 200, 7},
        {5 * HourMs, "deepseek", "deepseek", 2, "", 700, 70, 0.05, 200, 7},
        {DayMs + 1 * HourMs, "sonnet", "anthropic", 1, "s-c", 4000, 400, 2.00},
        {DayMs + 2 * HourMs, "haiku", "deepseek", 2, "s-c", 100, 10, 0.001, 502},
        // Outside every range the tests ask about.
        {-DayMs, "sonnet", "anthropic", 1, "s-old", 9999, 999, 9.0},
    };
    return all;
}

qint64 tokensOf(const UsageRecord &r)
{
    return r.inputTokens + r.outputTokens + r.cacheReadTokens + r.cacheWriteTokens;
}

} // namespace

class TestUsageQuery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Storage m_storage;
    QList<UsageRecord> m_records;
    const UsageRange m_twoDays {T0, T0 + 2 * DayMs};

    QList<UsageRecord> inRange(const UsageRange &range) const
    {
        QList<UsageRecord> out;
        for (const UsageRecord &r : m_records) {
            if (r.timestampMs >= range.fromMs && r.timestampMs < range.toMs)
                out.append(r);
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_storage.open(m_dir.path(), &error), qPrintable(error));
        int serial = 0;
        for (const Row &row : rows())
            m_records.append(record(row, ++serial));
        // One captured exchange.
        m_records[3].requestBody = R"({"model":"claude-sonnet-4-5","messages":[]})";
        m_records[3].responseBody = "event: message_start\ndata: {}\n\n";
        m_records[3].requestHeaders = QStringLiteral("content-type: application/json\nx-api-key: [redacted]");
        m_records[3].routeReason = QStringLiteral("prefix rule deepseek-* -> deepseek");
        for (const UsageRecord &r : std::as_const(m_records))
            m_storage.recordUsage(r);
        m_storage.flushUsage();
        QCOMPARE(m_storage.usageCount(), qint64(m_records.size()));

        ClientKey key;
        key.name = QStringLiteral("laptop");
        key.hash = "hash-laptop";
        QVERIFY2(m_storage.saveClientKey(&key, &error), qPrintable(error));
        // The fixture's rows name client key 7: re-key them to the stored id.
        QVERIFY(m_storage.writeData([&](QSqlDatabase &db, QString *e) {
            return Db::exec(
                db, QStringLiteral("UPDATE usage SET client_key_id = %1 WHERE client_key_id = 7").arg(key.id),
                e);
        }));
        for (UsageRecord &r : m_records) {
            if (r.clientKeyId == 7)
                r.clientKeyId = key.id;
        }
    }

    void totalsSumTheRange()
    {
        UsageQuery query(&m_storage);
        UsageTotals expected;
        for (const UsageRecord &r : inRange(m_twoDays)) {
            ++expected.requests;
            expected.errors += UsageQuery::isOk(r.status) ? 0 : 1;
            expected.inputTokens += r.inputTokens;
            expected.outputTokens += r.outputTokens;
            expected.cacheReadTokens += r.cacheReadTokens;
            expected.cacheWriteTokens += r.cacheWriteTokens;
            expected.costUsd += r.costUsd;
        }
        const UsageTotals totals = query.totals(m_twoDays);
        QCOMPARE(totals.requests, qint64(7));
        QCOMPARE(totals.errors, qint64(2));
        QCOMPARE(totals.inputTokens, expected.inputTokens);
        QCOMPARE(totals.tokens(), expected.tokens());
        QVERIFY(qAbs(totals.costUsd - expected.costUsd) < 1e-9);

        // Half-open: a range ending exactly at a row's timestamp leaves it out.
        QCOMPARE(query.totals({T0, T0 + HourMs}).requests, qint64(0));
        QCOMPARE(query.totals({T0, T0 + HourMs + 1}).requests, qint64(1));
        QCOMPARE(query.totals({T0 + 10 * DayMs, T0 + 11 * DayMs}), UsageTotals());
    }

    void timeSeriesStacksByModel()
    {
        UsageQuery query(&m_storage);
        const UsageTimeSeries series = query.timeSeries(m_twoDays, DayMs, UsageStackBy::Model, 8);
        QCOMPARE(series.bucketCount, 2);
        QCOMPARE(series.bucketStartMs(1), T0 + DayMs);
        // Every key, biggest first.
        QHash<QString, qint64> byModel;
        QHash<QString, QList<qint64>> perBucket;
        for (const UsageRecord &r : inRange(m_twoDays)) {
            byModel[r.resolvedModel] += tokensOf(r);
            auto &buckets = perBucket[r.resolvedModel];
            buckets.resize(2);
            buckets[int((r.timestampMs - T0) / DayMs)] += tokensOf(r);
        }
        QCOMPARE(series.keys.size(), byModel.size());
        for (int i = 1; i < series.keys.size(); ++i)
            QVERIFY(byModel.value(series.keys.at(i - 1)) >= byModel.value(series.keys.at(i)));
        QCOMPARE(series.keys.constFirst(), QStringLiteral("sonnet"));
        for (int k = 0; k < series.keys.size(); ++k)
            QCOMPARE(series.tokens.at(k), perBucket.value(series.keys.at(k)));
        const int sonnet = int(series.keys.indexOf(u"sonnet"));
        QVERIFY(qAbs(series.cost.at(sonnet).at(0) - 1.5) < 1e-9);
        QVERIFY(qAbs(series.cost.at(sonnet).at(1) - 2.0) < 1e-9);

        // Hour buckets over the first day.
        const UsageTimeSeries hourly = query.timeSeries({T0, T0 + DayMs}, HourMs, UsageStackBy::Model, 8);
        QCOMPARE(hourly.bucketCount, 24);
        const int hs = int(hourly.keys.indexOf(u"sonnet"));
        QCOMPARE(hourly.tokens.at(hs).at(1), tokensOf(m_records.at(0)) + tokensOf(m_records.at(1)));
        QCOMPARE(hourly.tokens.at(hs).at(0), qint64(0));
    }

    void timeSeriesStacksByChannelAndFoldsTheRest()
    {
        UsageQuery query(&m_storage);
        const UsageTimeSeries byChannel = query.timeSeries(m_twoDays, DayMs, UsageStackBy::Channel, 8);
        QCOMPARE(byChannel.keys, (QStringList {QStringLiteral("anthropic"), QStringLiteral("deepseek")}));
        qint64 deepseekDay0 = 0;
        for (const UsageRecord &r : inRange({T0, T0 + DayMs}))
            deepseekDay0 += r.channelName == u"deepseek" ? tokensOf(r) : 0;
        QCOMPARE(byChannel.tokens.at(1).at(0), deepseekDay0);

        // Two keys allowed: the biggest model stays, the others become one "other" stack.
        const UsageTimeSeries folded = query.timeSeries(m_twoDays, DayMs, UsageStackBy::Model, 2);
        QCOMPARE(folded.keys.size(), 2);
        QCOMPARE(folded.keys.at(1), UsageQuery::otherKey());
        const UsageTotals totals = query.totals(m_twoDays);
        qint64 sum = 0;
        for (const QList<qint64> &row : folded.tokens)
            for (qint64 v : row)
                sum += v;
        QCOMPARE(sum, totals.tokens()); // nothing lost in the fold
    }

    void sessionsAndTimeline()
    {
        UsageQuery query(&m_storage);
        const QList<UsageSession> sessions = query.sessions(m_twoDays, 10);
        QStringList ids;
        for (const UsageSession &s : sessions)
            ids.append(s.sessionId);
        // Latest activity first; rows without a session and the old session are not listed.
        QCOMPARE(ids, (QStringList {QStringLiteral("s-c"), QStringLiteral("s-b"), QStringLiteral("s-a")}));
        const UsageSession &a = sessions.at(2);
        QCOMPARE(a.firstMs, T0 + HourMs);
        QCOMPARE(a.lastMs, T0 + 2 * HourMs);
        QCOMPARE(a.totals.requests, qint64(3));
        QCOMPARE(a.totals.errors, qint64(1));
        QCOMPARE(a.totals.tokens(), tokensOf(m_records[0]) + tokensOf(m_records[1]) + tokensOf(m_records[2]));
        QCOMPARE(query.sessions(m_twoDays, 1).size(), 1);

        const QList<UsageLogRow> timeline = query.sessionRequests(QStringLiteral("s-a"));
        QCOMPARE(timeline.size(), 3);
        QCOMPARE(timeline.at(0).record.requestId, m_records.at(0).requestId);
        QCOMPARE(timeline.at(2).record.status, 529);
        QCOMPARE(timeline.at(2).record.routeTrace, m_records.at(2).routeTrace);
        QVERIFY(query.sessionRequests(QString()).isEmpty());
    }

    void leaderboards()
    {
        UsageQuery query(&m_storage);
        const QList<UsageGroupRow> models = query.leaderboard(m_twoDays, LeaderboardBy::Model, 10);
        QCOMPARE(models.size(), 3);
        QCOMPARE(models.at(0).key, QStringLiteral("sonnet")); // most cost first
        QCOMPARE(models.at(0).totals.requests, qint64(3));
        QVERIFY(qAbs(models.at(0).totals.costUsd - 3.5) < 1e-9);
        QCOMPARE(models.at(2).key, QStringLiteral("haiku"));
        QCOMPARE(models.at(2).totals.errors, qint64(2));

        const QList<UsageGroupRow> channels = query.leaderboard(m_twoDays, LeaderboardBy::Channel, 10);
        QCOMPARE(channels.size(), 2);
        QCOMPARE(channels.at(0).key, QStringLiteral("anthropic"));
        QCOMPARE(channels.at(0).id, qint64(1));
        QCOMPARE(channels.at(1).totals.requests, qint64(3));

        const QList<UsageGroupRow> keys = query.leaderboard(m_twoDays, LeaderboardBy::ClientKey, 10);
        QCOMPARE(keys.size(), 2);
        QCOMPARE(keys.at(0).id, qint64(0)); // the local client spent most
        QCOMPARE(keys.at(0).key, QString());
        QCOMPARE(keys.at(1).key, QStringLiteral("laptop"));
        QCOMPARE(keys.at(1).totals.requests, qint64(2));

        QCOMPARE(query.leaderboard(m_twoDays, LeaderboardBy::Model, 1).size(), 1);
    }

    void logFiltersNarrow()
    {
        UsageQuery query(&m_storage);
        UsageLogFilter filter;
        filter.range = {std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()};
        QList<UsageLogRow> all = query.logRows(filter);
        QCOMPARE(all.size(), m_records.size());
        QCOMPARE(all.constFirst().record.requestId, QStringLiteral("req_7")); // newest first
        QCOMPARE(all.constLast().record.requestId, QStringLiteral("req_8"));

        filter.status = UsageLogFilter::Status::Error;
        QCOMPARE(query.logRows(filter).size(), 2);
        filter.status = UsageLogFilter::Status::Ok;
        QCOMPARE(query.logRows(filter).size(), m_records.size() - 2);
        filter.status = UsageLogFilter::Status::Any;

        filter.model = QStringLiteral("haiku");
        QCOMPARE(query.logRows(filter).size(), 2);
        filter.channel = QStringLiteral("deepseek");
        const QList<UsageLogRow> one = query.logRows(filter);
        QCOMPARE(one.size(), 1);
        QCOMPARE(one.at(0).record.requestId, QStringLiteral("req_7"));
        filter.model.clear();
        filter.channel.clear();

        filter.session = QStringLiteral("s-c");
        QCOMPARE(query.logRows(filter).size(), 2);
        filter.session.clear();

        filter.search = QStringLiteral("req_4");
        QCOMPARE(query.logRows(filter).size(), 1);
        filter.search = QStringLiteral("529");
        QCOMPARE(query.logRows(filter).size(), 1);
        filter.search = QStringLiteral("prefix rule"); // the route reason
        QCOMPARE(query.logRows(filter).size(), 1);
        // LIKE wildcards in the search text are literal.
        filter.search = QStringLiteral("req%");
        QCOMPARE(query.logRows(filter).size(), 0);
        filter.search = QStringLiteral("req_");
        QCOMPARE(query.logRows(filter).size(), m_records.size());
        filter.search.clear();

        filter.range = m_twoDays;
        filter.limit = 3;
        QCOMPARE(query.logRows(filter).size(), 3);

        QCOMPARE(
            query.distinctModels(m_twoDays),
            (QStringList {QStringLiteral("deepseek"), QStringLiteral("haiku"), QStringLiteral("sonnet")}));
        QCOMPARE(query.distinctChannels({T0 + DayMs, T0 + 2 * DayMs}),
                 (QStringList {QStringLiteral("anthropic"), QStringLiteral("deepseek")}));
    }

    void capturedBodiesAndReason()
    {
        UsageQuery query(&m_storage);
        UsageLogFilter filter;
        filter.range = m_twoDays;
        filter.search = QStringLiteral("req_4");
        const QList<UsageLogRow> rows = query.logRows(filter);
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.at(0).hasCapture);
        QCOMPARE(rows.at(0).record.routeReason, m_records.at(3).routeReason);
        const CapturedExchange capture = query.capture(QStringLiteral("req_4"));
        QVERIFY(capture.found);
        QCOMPARE(capture.requestBody, m_records.at(3).requestBody);
        QCOMPARE(capture.responseBody, m_records.at(3).responseBody);
        QCOMPARE(capture.requestHeaders, m_records.at(3).requestHeaders);
        QCOMPARE(capture.capturedMs, m_records.at(3).timestampMs);
        QVERIFY(!query.capture(QStringLiteral("req_1")).found);
        filter.search = QStringLiteral("req_1");
        QVERIFY(!query.logRows(filter).value(0).hasCapture);
    }

    void routeTraceParses()
    {
        const QList<RouteAttempt> attempts = UsageQuery::parseRouteTrace(QStringLiteral(
            R"([{"channel":"a","channelId":4,"keyId":9,"model":"m1","outcome":"failover","status":529,)"
            R"("error":"upstream_5xx","ms":120},{"channel":"b","channelId":5,"keyId":0,"model":"m2",)"
            R"("outcome":"ok","status":200,"error":"","ms":800}])"));
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts.at(0).channel, QStringLiteral("a"));
        QCOMPARE(attempts.at(0).keyId, qint64(9));
        QCOMPARE(attempts.at(0).status, 529);
        QCOMPARE(attempts.at(0).error, QStringLiteral("upstream_5xx"));
        QCOMPARE(attempts.at(1).outcome, QStringLiteral("ok"));
        QCOMPARE(attempts.at(1).ms, qint64(800));
        QVERIFY(UsageQuery::parseRouteTrace(QString()).isEmpty());
        QVERIFY(UsageQuery::parseRouteTrace(QStringLiteral("not json")).isEmpty());
    }

    void csvLineQuotes()
    {
        QCOMPARE(CsvExport::line({QStringLiteral("a"), QString(), QStringLiteral("1.5")}),
                 QByteArray("a,,1.5\r\n"));
        QCOMPARE(
            CsvExport::line({QStringLiteral("x,y"), QStringLiteral("say \"hi\""), QStringLiteral("l1\nl2")}),
            QByteArray("\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\"\r\n"));
        QCOMPARE(CsvExport::line({QStringLiteral("中文")}), QByteArray("中文\r\n"));
    }

    void csvExportWritesTheRange()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QString error;
        qint64 written = -1;
        QVERIFY2(CsvExport::writeUsage(&m_storage, {T0 + DayMs, T0 + 2 * DayMs}, &buffer, &error, &written),
                 qPrintable(error));
        QCOMPARE(written, qint64(2));
        const QList<QByteArray> lines = buffer.data().split('\n');
        QCOMPARE(lines.size(), 4); // header, two rows, the empty rest after the last CRLF
        QCOMPARE(lines.at(0),
                 QByteArray("time_utc,request_id,session_id,client_key_id,endpoint,requested_model,"
                            "resolved_model,channel,status,error_class,input_tokens,output_tokens,"
                            "cache_read_tokens,cache_write_tokens,cost_usd,latency_ms,ttft_ms,stream\r"));
        QCOMPARE(
            lines.at(1),
            QByteArray("2026-01-11T01:00:00.000Z,req_6,s-c,0,messages,claude-sonnet-4-5,sonnet,anthropic,"
                       "200,,4000,400,400,1,2,106,16,0\r"));
        QCOMPARE(lines.at(2),
                 QByteArray("2026-01-11T02:00:00.000Z,req_7,s-c,0,messages,claude-sonnet-4-5,haiku,deepseek,"
                            "502,upstream_5xx,100,10,10,1,0.001,107,17,0\r"));
        QVERIFY(lines.at(3).isEmpty());

        // An unwritable device fails with its message.
        QBuffer closed;
        QVERIFY(!CsvExport::writeUsage(&m_storage, m_twoDays, &closed, &error));
        QVERIFY(!error.isEmpty());
    }

    void closedStorageGivesEmptyResults()
    {
        Storage closed;
        UsageQuery query(&closed);
        QString error;
        QCOMPARE(query.totals(m_twoDays, &error), UsageTotals());
        QVERIFY(!error.isEmpty());
        QVERIFY(query.sessions(m_twoDays, 10).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestUsageQuery)
#include "tst_usagequery.moc"
