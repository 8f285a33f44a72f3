// The Usage page over a real AppController: charts, totals, sessions, leaderboards and CSV export
// show what was recorded, and follow new usage live. Writes screenshots in both languages.

#include "appcontroller.h"
#include "languagemanager.h"
#include "logmodel.h"
#include "storage.h"
#include "usagemodels.h"
#include "usagepage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

using namespace Switchyard;

namespace {

constexpr qint64 HourMs = 60 * 60 * 1000LL;
constexpr qint64 DayMs = 24 * HourMs;

// Today at 00:00 local time, plus an offset: rows land where the page's local-day ranges put them.
qint64 todayAt(qint64 offsetMs)
{
    return QDateTime(QDate::currentDate(), QTime(0, 0)).toMSecsSinceEpoch() + offsetMs;
}

UsageRecord usage(const QString &id, qint64 timestampMs, const QString &model, const QString &channel,
                  const QString &session, qint64 input, double cost, int attempts = 1)
{
    UsageRecord r;
    r.timestampMs = timestampMs;
    r.requestId = id;
    r.sessionId = session;
    r.endpoint = QStringLiteral("messages");
    r.requestedModel = QStringLiteral("claude-sonnet-4-5");
    r.resolvedModel = model;
    r.channelId = channel == u"anthropic" ? 1 : 2;
    r.channelName = channel;
    r.inputTokens = input;
    r.outputTokens = input / 10;
    r.costUsd = cost;
    r.latencyMs = 900;
    r.ttftMs = 300;
    r.status = 200;
    QStringList trace;
    for (int i = 0; i < attempts; ++i)
        trace.append(QStringLiteral(R"({"channel":"%1","channelId":%2,"keyId":1,"model":"%3","outcome":"%4",)"
                                    R"("status":%5,"error":"%6","ms":120})")
                         .arg(i + 1 < attempts ? QStringLiteral("backup-%1").arg(i) : channel)
                         .arg(r.channelId)
                         .arg(model, i + 1 < attempts ? QStringLiteral("failover") : QStringLiteral("ok"))
                         .arg(i + 1 < attempts ? 529 : 200)
                         .arg(i + 1 < attempts ? QStringLiteral("upstream_5xx") : QString()));
    r.routeTrace = QLatin1Char('[') + trace.join(QLatin1Char(',')) + QLatin1Char(']');
    return r;
}

QStackedBarSeries *stackOf(QChart *chart)
{
    const QList<QAbstractSeries *> series = chart->series();
    return series.size() == 1 ? qobject_cast<QStackedBarSeries *>(series.constFirst()) : nullptr;
}

QStringList labelsOf(QStackedBarSeries *series)
{
    QStringList labels;
    for (QBarSet *set : series->barSets())
        labels.append(set->label());
    return labels;
}

} // namespace

class TestUsagePage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AppController> m_controller;
    QList<UsageRecord> m_records;

    template<typename T>
    static T *child(QWidget *root, const char *name)
    {
        T *widget = root->findChild<T *>(QLatin1String(name));
        if (!widget)
            qWarning("missing widget %s", name);
        return widget;
    }

    void record(const UsageRecord &r)
    {
        m_records.append(r);
        m_controller->storage()->recordUsage(r);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus");
        QVERIFY(m_dir.isValid());
        AppOptions opts;
        opts.dataDir = m_dir.path();
        opts.port = 0;
        opts.insecureSecretsFile = true;
        m_controller = std::make_unique<AppController>(opts);
        QVERIFY(m_controller->start().running);

        // Today: two sessions on two models; three days ago: one more; forty days ago: out of range.
        record(usage(QStringLiteral("r1"), todayAt(1 * HourMs), QStringLiteral("sonnet"),
                     QStringLiteral("anthropic"), QStringLiteral("sess-1"), 10000, 0.30));
        record(usage(QStringLiteral("r2"), todayAt(1 * HourMs + 5000), QStringLiteral("haiku"),
                     QStringLiteral("anthropic"), QStringLiteral("sess-1"), 2000, 0.02, 2));
        record(usage(QStringLiteral("r3"), todayAt(2 * HourMs), QStringLiteral("deepseek"),
                     QStringLiteral("deepseek"), QStringLiteral("sess-2"), 30000, 0.05));
        record(usage(QStringLiteral("r4"), todayAt(-3 * DayMs + HourMs), QStringLiteral("sonnet"),
                     QStringLiteral("anthropic"), QStringLiteral("sess-0"), 5000, 0.15));
        record(usage(QStringLiteral("r5"), todayAt(-40 * DayMs), QStringLiteral("sonnet"),
                     QStringLiteral("anthropic"), QStringLiteral("sess-old"), 99999, 9.0));
        m_controller->storage()->flushUsage();
    }

    void cleanupTestCase() { m_controller.reset(); }

    void modelsPassTheTester()
    {
        UsagePage page(m_controller.get());
        QAbstractItemModelTester sessions(page.sessionModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester timeline(page.timelineModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester leaders(page.leaderboardModel(LeaderboardBy::ClientKey),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.show();
        auto *tabs = child<QTabWidget>(&page, "usageTabs");
        tabs->setCurrentIndex(UsagePage::SessionsTab);
        tabs->setCurrentIndex(UsagePage::LeaderboardsTab);
        QVERIFY(page.sessionModel()->rowCount() > 0);
        QVERIFY(page.timelineModel()->rowCount() > 0);
        QVERIFY(page.leaderboardModel(LeaderboardBy::ClientKey)->rowCount() > 0);
        page.reload();
    }

    void chartsAndTotalsShowTheRange()
    {
        UsagePage page(m_controller.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        // Default: the last 7 days, day buckets, stacked by model.
        auto *range = child<QComboBox>(&page, "usageRange");
        QCOMPARE(range->currentIndex(), int(UsagePage::RangePreset::Last7Days));
        QCOMPARE(page.totals().requests, qint64(4));
        QCOMPARE(page.totals().inputTokens, qint64(10000 + 2000 + 30000 + 5000));
        QVERIFY(child<QLabel>(&page, "usageTotals")->text().contains(QLocale().toString(4)));
        QStackedBarSeries *tokens = stackOf(page.tokensChart());
        QVERIFY(tokens);
        QCOMPARE(
            labelsOf(tokens),
            (QStringList {QStringLiteral("deepseek"), QStringLiteral("sonnet"), QStringLiteral("haiku")}));
        QCOMPARE(tokens->barSets().at(0)->count(), 7);
        // Today is the last bucket: deepseek 30000 + 3000 tokens, shown in thousands.
        QCOMPARE(tokens->barSets().at(0)->at(6), 33.0);
        QCOMPARE(tokens->barSets().at(1)->at(6), 11.0);
        QCOMPARE(tokens->barSets().at(1)->at(3), 5.5); // three days ago
        QStackedBarSeries *cost = stackOf(page.costChart());
        QVERIFY(cost);
        QCOMPARE(cost->barSets().at(1)->at(6), 0.30);

        // Today only: hour buckets.
        range->setCurrentIndex(int(UsagePage::RangePreset::Today));
        QCOMPARE(page.totals().requests, qint64(3));
        tokens = stackOf(page.tokensChart());
        QCOMPARE(tokens->barSets().at(0)->count(), 24);
        QCOMPARE(tokens->barSets().at(1)->at(1), 11.0); // sonnet at 01:00

        // Stacked by channel.
        child<QComboBox>(&page, "usageStackBy")->setCurrentIndex(1);
        QCOMPARE(labelsOf(stackOf(page.tokensChart())),
                 (QStringList {QStringLiteral("deepseek"), QStringLiteral("anthropic")}));
        QCOMPARE(stackOf(page.tokensChart())->barSets().at(1)->at(1), 11.0 + 2.2);

        // 30 days and a custom range that reaches back to the old row.
        range->setCurrentIndex(int(UsagePage::RangePreset::Last30Days));
        QCOMPARE(page.totals().requests, qint64(4));
        range->setCurrentIndex(int(UsagePage::RangePreset::Custom));
        child<QDateEdit>(&page, "usageFrom")->setDate(QDate::currentDate().addDays(-41));
        QCOMPARE(page.totals().requests, qint64(5));
        child<QDateEdit>(&page, "usageTo")->setDate(QDate::currentDate().addDays(-39));
        QCOMPARE(page.totals().requests, qint64(1));
        QCOMPARE(page.totals().inputTokens, qint64(99999));
    }

    void sessionsTimelineAndLeaderboards()
    {
        UsagePage page(m_controller.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *tabs = child<QTabWidget>(&page, "usageTabs");
        // Not loaded before the tab is opened.
        QCOMPARE(page.sessionModel()->rowCount(), 0);
        tabs->setCurrentIndex(UsagePage::SessionsTab);
        UsageSessionModel *sessions = page.sessionModel();
        QCOMPARE(sessions->rowCount(), 3);
        QCOMPARE(sessions->data(sessions->index(0, UsageSessionModel::SessionColumn)).toString(),
                 QStringLiteral("sess-2"));
        // The first session is selected at once: its timeline is shown.
        QCOMPARE(page.timelineModel()->rowCount(), 1);

        // Pick sess-1 through the view.
        auto *view = child<QTableView>(&page, "usageSessions");
        const QRect rect = view->visualRect(sessions->index(1, UsageSessionModel::SessionColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(sessions->data(sessions->index(1, 0)).toString(), QStringLiteral("sess-1"));
        LogModel *timeline = page.timelineModel();
        QCOMPARE(timeline->rowCount(), 2);
        QCOMPARE(timeline->data(timeline->index(0, timeline->columnOf(LogModel::Column::Model))).toString(),
                 QStringLiteral("sonnet"));
        const int failovers = timeline->columnOf(LogModel::Column::Failovers);
        QCOMPARE(timeline->data(timeline->index(0, failovers)).toInt(), 0);
        QCOMPARE(timeline->data(timeline->index(1, failovers)).toInt(), 1);
        QCOMPARE(timeline->data(timeline->index(1, timeline->columnOf(LogModel::Column::Route))).toString(),
                 QStringLiteral("backup-0 \u2192 anthropic"));
        QVERIFY(child<QLabel>(&page, "usageTimelineTitle")->text().contains(u"sess-1"));

        tabs->setCurrentIndex(UsagePage::LeaderboardsTab);
        UsageLeaderboardModel *models = page.leaderboardModel(LeaderboardBy::Model);
        QCOMPARE(models->rowCount(), 3);
        QCOMPARE(models->rows().at(0).key, QStringLiteral("sonnet")); // most cost
        QCOMPARE(models->rows().at(0).totals.requests, qint64(2));
        UsageLeaderboardModel *channels = page.leaderboardModel(LeaderboardBy::Channel);
        QCOMPARE(channels->rowCount(), 2);
        UsageLeaderboardModel *keys = page.leaderboardModel(LeaderboardBy::ClientKey);
        QCOMPARE(keys->rowCount(), 1);
        QCOMPARE(keys->data(keys->index(0, UsageLeaderboardModel::NameColumn)).toString(),
                 UsageLeaderboardModel::tr("No key (local)"));
        QCOMPARE(keys->data(keys->index(0, UsageLeaderboardModel::RequestsColumn)).toString(),
                 QLocale().toString(4));
    }

    void exportsCsvThroughTheDialog()
    {
        UsagePage page(m_controller.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QString path = QDir(m_dir.path()).filePath(QStringLiteral("export.csv"));
        bool answered = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            QCOMPARE(dialog->objectName(), QStringLiteral("usageExportDialog"));
            dialog->selectFile(path);
            answered = true;
            static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() is protected
        });
        QTest::mouseClick(child<QPushButton>(&page, "usageExportCsv"), Qt::LeftButton);
        QVERIFY(answered);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 1 + 4 + 1); // header, the 7 days' rows, the end
        QVERIFY(lines.at(0).startsWith("time_utc,request_id,"));
        QVERIFY(lines.at(1).contains(",r4,sess-0,"));
        QVERIFY(lines.at(4).contains(",r3,sess-2,"));
    }

    void followsNewUsage()
    {
        UsagePage page(m_controller.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const qint64 before = page.totals().requests;
        record(usage(QStringLiteral("r6"), QDateTime::currentMSecsSinceEpoch(), QStringLiteral("sonnet"),
                     QStringLiteral("anthropic"), QStringLiteral("sess-3"), 100, 0.01));
        m_controller->storage()->flushUsage();
        QTRY_COMPARE_WITH_TIMEOUT(page.totals().requests, before + 1, UsagePage::RefreshDelayMs + 3000);
    }

    void screenshots()
    {
        UsagePage page(m_controller.get());
        page.resize(1100, 720);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *tabs = child<QTabWidget>(&page, "usageTabs");
        const QString dir = QDir::temp().filePath(QStringLiteral("shots-usage"));
        QVERIFY(QDir().mkpath(dir));
        LanguageManager languages;
        // Translations not yet merged into translations/*.ts can be tried with an extra .qm.
        QTranslator extra;
        const QString extraQm = qEnvironmentVariable("SWITCHYARD_EXTRA_QM");
        for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            QVERIFY(languages.setLanguage(language));
            if (language == u"zh_CN" && !extraQm.isEmpty() && extra.load(extraQm))
                QCoreApplication::installTranslator(&extra);
            QCoreApplication::processEvents();
            for (int tab = 0; tab < tabs->count(); ++tab) {
                tabs->setCurrentIndex(tab);
                QCoreApplication::processEvents();
                const QImage image = page.grab().toImage();
                QVERIFY(!image.isNull());
                QVERIFY(image.save(QStringLiteral("%1/usage-%2-%3.png").arg(dir, language).arg(tab)));
            }
        }
        QCoreApplication::removeTranslator(&extra);
        QVERIFY(languages.setLanguage(QStringLiteral("en")));
        QCoreApplication::processEvents(); // LanguageChange is delivered through the event loop
        QCOMPARE(tabs->tabText(UsagePage::OverTimeTab), UsagePage::tr("Over time"));
    }
};

QTEST_MAIN(TestUsagePage)
#include "tst_usagepage.moc"
