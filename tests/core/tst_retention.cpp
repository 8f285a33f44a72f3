// Retention: old usage rows and captured bodies are pruned by age, per the retention settings.

#include "retention.h"
#include "storage.h"
#include "usagequery.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

namespace {

constexpr qint64 DayMs = 24 * 60 * 60 * 1000LL;
constexpr qint64 Now = 1768003200000LL; // 2026-01-10 UTC

UsageRecord aged(int days, int serial, bool withBody)
{
    UsageRecord r;
    r.timestampMs = Now - days * DayMs - 1000; // a second past the whole-day mark
    r.requestId = QStringLiteral("req_%1d_%2").arg(days).arg(serial);
    r.endpoint = QStringLiteral("messages");
    r.status = 200;
    r.inputTokens = 10;
    if (withBody) {
        r.requestBody = "{\"messages\":[]}";
        r.responseBody = "{\"content\":[]}";
        r.requestHeaders = QStringLiteral("x-api-key: [redacted]");
    }
    return r;
}

QStringList ids(const Storage &storage)
{
    QStringList out;
    for (const UsageRecord &r : storage.recentUsage(1000))
        out.append(r.requestId);
    out.sort();
    return out;
}

qint64 bodyCount(const Storage &storage)
{
    qint64 count = -1;
    storage.read([&](QSqlDatabase &db, QString *) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM request_bodies")) || !q.next())
            return false;
        count = q.value(0).toLongLong();
        return true;
    });
    return count;
}

} // namespace

class TestRetention : public QObject
{
    Q_OBJECT

private:
    void fill(Storage &storage)
    {
        int serial = 0;
        for (int days : {0, 3, 6, 8, 30, 89, 91, 200})
            storage.recordUsage(aged(days, ++serial, true));
        storage.flushUsage();
        QCOMPARE(storage.usageCount(), qint64(8));
        QCOMPARE(bodyCount(storage), qint64(8));
    }

private Q_SLOTS:
    void defaultsPruneByAge()
    {
        QTemporaryDir dir;
        Storage storage;
        QVERIFY(storage.open(dir.path()));
        fill(storage);

        Retention retention(&storage);
        QSignalSpy pruned(&retention, &Retention::pruned);
        const Retention::Result result = retention.pruneNow(Now);
        QVERIFY(result.ok);
        // Usage older than 90 days goes; bodies older than 7 days go.
        QCOMPARE(result.usageRowsDeleted, qint64(2));
        QCOMPARE(result.bodiesDeleted, qint64(5));
        QCOMPARE(ids(storage),
                 (QStringList {QStringLiteral("req_0d_1"), QStringLiteral("req_30d_5"),
                               QStringLiteral("req_3d_2"), QStringLiteral("req_6d_3"),
                               QStringLiteral("req_89d_6"), QStringLiteral("req_8d_4")}));
        UsageQuery query(&storage);
        QVERIFY(query.capture(QStringLiteral("req_6d_3")).found);
        QVERIFY(!query.capture(QStringLiteral("req_8d_4")).found);
        QCOMPARE(bodyCount(storage), qint64(3));
        QCOMPARE(pruned.size(), 1);
        QCOMPARE(pruned.at(0).at(0).toLongLong(), qint64(2));

        // A second pass finds nothing more.
        const Retention::Result again = retention.pruneNow(Now);
        QVERIFY(again.ok);
        QCOMPARE(again.usageRowsDeleted, qint64(0));
        QCOMPARE(again.bodiesDeleted, qint64(0));
    }

    void settingsChooseTheAge()
    {
        QTemporaryDir dir;
        Storage storage;
        QVERIFY(storage.open(dir.path()));
        fill(storage);
        QVERIFY(storage.setSetting(QStringLiteral("retention/usageDays"), 7));
        QVERIFY(storage.setSetting(QStringLiteral("retention/bodyDays"), 30)); // longer than usage: capped

        Retention retention(&storage);
        const Retention::Result result = retention.pruneNow(Now);
        QVERIFY(result.ok);
        QCOMPARE(result.usageRowsDeleted, qint64(5));
        QCOMPARE(ids(storage),
                 (QStringList {QStringLiteral("req_0d_1"), QStringLiteral("req_3d_2"),
                               QStringLiteral("req_6d_3")}));
        // No body outlives its usage row.
        QCOMPARE(bodyCount(storage), qint64(3));
    }

    void zeroKeepsForever()
    {
        QTemporaryDir dir;
        Storage storage;
        QVERIFY(storage.open(dir.path()));
        fill(storage);
        QVERIFY(storage.setSetting(QStringLiteral("retention/usageDays"), 0));
        QVERIFY(storage.setSetting(QStringLiteral("retention/bodyDays"), 0));
        Retention retention(&storage);
        const Retention::Result result = retention.pruneNow(Now);
        QVERIFY(result.ok);
        QCOMPARE(storage.usageCount(), qint64(8));
        QCOMPARE(bodyCount(storage), qint64(8));

        // Only bodies limited.
        QVERIFY(storage.setSetting(QStringLiteral("retention/bodyDays"), 1));
        QCOMPARE(retention.pruneNow(Now).bodiesDeleted, qint64(7));
        QCOMPARE(storage.usageCount(), qint64(8));
    }

    void startPrunesAndRepeats()
    {
        QTemporaryDir dir;
        Storage storage;
        QVERIFY(storage.open(dir.path()));
        // Ages relative to the real clock, since start() uses it.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        UsageRecord old = aged(0, 1, false);
        old.timestampMs = now - 120 * DayMs;
        UsageRecord fresh = aged(0, 2, false);
        fresh.timestampMs = now - DayMs;
        storage.recordUsage(old);
        storage.recordUsage(fresh);
        storage.flushUsage();

        Retention retention(&storage);
        QCOMPARE(retention.intervalMs(), Retention::DefaultIntervalMs);
        QSignalSpy pruned(&retention, &Retention::pruned);
        retention.setIntervalMs(50);
        retention.start();
        QVERIFY(retention.isRunning());
        QCOMPARE(pruned.size(), 1); // at once
        QCOMPARE(ids(storage), QStringList {fresh.requestId});

        // And again on the timer: a row that became old in the meantime goes.
        UsageRecord later = aged(0, 3, false);
        later.timestampMs = now - 100 * DayMs;
        storage.recordUsage(later);
        storage.flushUsage();
        QTRY_VERIFY_WITH_TIMEOUT(pruned.size() >= 2, 5000);
        QCOMPARE(ids(storage), QStringList {fresh.requestId});
        retention.stop();
        QVERIFY(!retention.isRunning());
    }

    void closedStorageFails()
    {
        Storage storage;
        Retention retention(&storage);
        QVERIFY(!retention.pruneNow(Now).ok);
    }
};

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
