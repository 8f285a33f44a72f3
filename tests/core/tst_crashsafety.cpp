// Usage recording survives kill -9: a helper process writes usage records in a tight loop and is
// SIGKILLed at an arbitrary moment; everything it reported as committed must be in the database
// afterwards, the file must pass integrity_check, and no row may be partially written.

#include "storage.h"
#include "testutil.h"
#include "usageburst.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

namespace {

// Reads the helper's stdout and remembers the last "committed <n>" it printed.
class BurstOutput
{
public:
    void consume(QProcess &process)
    {
        m_buffer += process.readAllStandardOutput();
        qsizetype newline;
        // Only complete lines count: a kill can cut the last one short.
        while ((newline = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(newline).trimmed();
            m_buffer.remove(0, newline + 1);
            if (line.startsWith("committed "))
                m_committed = line.mid(10).toLongLong();
            else if (line.startsWith("ready "))
                m_ready = line.mid(6).toLongLong();
            else if (line == "done")
                m_done = true;
        }
    }
    qint64 committed() const { return m_committed; }
    qint64 ready() const { return m_ready; }
    bool done() const { return m_done; }

private:
    QByteArray m_buffer;
    qint64 m_committed = -1;
    qint64 m_ready = -1;
    bool m_done = false;
};

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killDuringUsageBurst();
};

void TestCrashSafety::killDuringUsageBurst()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dataDir = tmp.filePath(QStringLiteral("data"));
    const QString helper = Test::helperPath(QStringLiteral("helper_usageburst"));
    QVERIFY2(QFileInfo::exists(helper), qPrintable(helper));

    constexpr int Rounds = 4;
    qint64 previousCount = 0;
    for (int round = 0; round < Rounds; ++round) {
        QProcess process;
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.setProgram(helper);
        // Bounded on its own (records and seconds) in case the kill never comes.
        process.setArguments(
            {dataDir, QStringLiteral("2000000"), QStringLiteral("20"), QString::number(150 + 70 * round)});
        process.start();
        QVERIFY2(process.waitForStarted(5000), qPrintable(process.errorString()));

        // Kill once a varying amount has been committed, plus a random few milliseconds so the
        // signal lands at a different point of the batch cycle every round.
        const qint64 target = previousCount + 1500 + QRandomGenerator::global()->bounded(3000);
        BurstOutput output;
        QDeadlineTimer deadline(15000);
        while (output.committed() < target && !output.done() && !deadline.hasExpired()) {
            process.waitForReadyRead(100);
            output.consume(process);
        }
        QVERIFY2(output.committed() >= target,
                 qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));
        QVERIFY2(!output.done(), "the helper finished before it was killed");
        QCOMPARE(output.ready(), previousCount);
        QTest::qSleep(QRandomGenerator::global()->bounded(25));
        process.kill(); // SIGKILL
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        output.consume(process); // lines written before the kill are still in the pipe
        const qint64 reported = output.committed();

        Storage storage;
        QString error;
        QVERIFY2(storage.open(dataDir, &error), qPrintable(error));
        QCOMPARE(storage.integrityCheck(), QStringLiteral("ok"));
        const qint64 count = storage.usageCount();
        qInfo("round %d: helper reported %lld committed, database holds %lld", round, qlonglong(reported),
              qlonglong(count));
        QVERIFY2(count >= reported, qPrintable(QStringLiteral("%1 < %2").arg(count).arg(reported)));

        // Batches commit in order, so the rows are exactly records 0..count-1, each complete.
        const QList<UsageRecord> rows = storage.recentUsage(int(count) + 10);
        QCOMPARE(rows.size(), count);
        QSet<qint64> seen;
        for (const UsageRecord &row : rows) {
            bool ok = false;
            const qint64 i = row.requestId.mid(6).toLongLong(&ok);
            QVERIFY2(ok && row.requestId.startsWith(u"burst-"), qPrintable(row.requestId));
            QVERIFY2(i >= 0 && i < count, qPrintable(row.requestId));
            QCOMPARE(row, Test::burstRecord(i));
            seen.insert(i);
        }
        QCOMPARE(seen.size(), count);
        previousCount = count;
    }
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
