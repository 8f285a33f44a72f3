// The Logs page over a real AppController: filters and search narrow the table, the detail pane
// shows the route trace, reason, timings, headers and captured bodies, "Copy error" copies the error,
// and new requests appear live. Writes screenshots in both languages.

#include "appcontroller.h"
#include "languagemanager.h"
#include "logmodel.h"
#include "logspage.h"
#include "storage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>

using namespace Switchyard;

namespace {

constexpr qint64 MinuteMs = 60 * 1000LL;

UsageRecord request(int n, const QString &model, const QString &channel, const QString &session, int status)
{
    UsageRecord r;
    // Newest is n = 1; spaced a minute apart, all within the last hour.
    r.timestampMs = QDateTime::currentMSecsSinceEpoch() - n * MinuteMs;
    r.requestId = QStringLiteral("req_log_%1").arg(n);
    r.sessionId = session;
    r.endpoint = QStringLiteral("messages");
    r.requestedModel = QStringLiteral("claude-opus-4-1");
    r.resolvedModel = model;
    r.channelId = n;
    r.channelName = channel;
    r.inputTokens = 100 * n;
    r.outputTokens = 10 * n;
    r.costUsd = 0.001 * n;
    r.latencyMs = 1000 + n;
    r.ttftMs = 200 + n;
    r.status = status;
    r.errorClass = status == 200 ? QString() : QStringLiteral("upstream_5xx");
    r.routeReason = QStringLiteral("scenario default -> group auto:%1").arg(model);
    r.routeTrace = QStringLiteral(R"([{"channel":"%1","channelId":%2,"keyId":4,"model":"%3","outcome":"ok",)"
                                  R"("status":%4,"error":"","ms":%5}])")
                       .arg(channel)
                       .arg(n)
                       .arg(model)
                       .arg(status)
                       .arg(r.latencyMs);
    return r;
}

} // namespace

class TestLogsPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AppController> m_controller;

    template<typename T>
    static T *child(QWidget *root, const char *name)
    {
        T *widget = root->findChild<T *>(QLatin1String(name));
        if (!widget)
            qWarning("missing widget %s", name);
        return widget;
    }

    static void selectRow(LogsPage &page, const QString &requestId)
    {
        auto *table = child<QTableView>(&page, "logsTable");
        const int row = page.model()->rowOf(requestId);
        QVERIFY(row >= 0);
        table->scrollTo(page.model()->index(row, 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(page.model()->index(row, 0)).center());
        QCOMPARE(page.selectedRequestId(), requestId);
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
        Storage *storage = m_controller->storage();

        storage->recordUsage(
            request(1, QStringLiteral("sonnet"), QStringLiteral("anthropic"), QStringLiteral("sess-a"), 200));
        UsageRecord failed = request(2, QStringLiteral("deepseek-chat"), QStringLiteral("deepseek"),
                                     QStringLiteral("sess-a"), 529);
        // Two attempts, and the exchange captured.
        failed.routeTrace = QStringLiteral(
            R"([{"channel":"deepseek","channelId":2,"keyId":4,"model":"deepseek-chat","outcome":"failover",)"
            R"("status":529,"error":"upstream_5xx","ms":300},{"channel":"deepseek-eu","channelId":3,"keyId":5,)"
            R"("model":"deepseek-chat","outcome":"error","status":529,"error":"upstream_5xx","ms":700}])");
        failed.requestBody =
            R"({"model":"claude-opus-4-1","max_tokens":64,"messages":[{"role":"user","content":"hi"}]})";
        failed.responseBody =
            R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})";
        failed.requestHeaders = QStringLiteral("content-type: application/json\nx-api-key: [redacted]");
        storage->recordUsage(failed);
        storage->recordUsage(
            request(3, QStringLiteral("sonnet"), QStringLiteral("anthropic"), QStringLiteral("sess-b"), 200));
        storage->recordUsage(
            request(4, QStringLiteral("haiku"), QStringLiteral("anthropic"), QString(), 502));
        storage->recordUsage(request(5, QStringLiteral("deepseek-chat"), QStringLiteral("deepseek"),
                                     QStringLiteral("sess-b"), 200));
        storage->flushUsage();
    }

    void cleanupTestCase() { m_controller.reset(); }

    void filtersNarrowTheTable()
    {
        LogsPage page(m_controller.get());
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        LogModel *model = page.model();
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(model->rowAt(0)->record.requestId, QStringLiteral("req_log_1")); // newest first
        QCOMPARE(model->headerData(model->columnOf(LogModel::Column::Ttft), Qt::Horizontal).toString(),
                 LogModel::tr("TTFT"));

        auto *status = child<QComboBox>(&page, "logsStatus");
        status->setCurrentIndex(2); // errors
        QCOMPARE(model->rowCount(), 2);
        status->setCurrentIndex(1); // success
        QCOMPARE(model->rowCount(), 3);
        status->setCurrentIndex(0);

        // The model and channel choices come from the data.
        auto *models = child<QComboBox>(&page, "logsModel");
        QCOMPARE(models->count(), 4); // all + deepseek-chat, haiku, sonnet
        models->setCurrentIndex(models->findText(QStringLiteral("sonnet")));
        QCOMPARE(model->rowCount(), 2);
        auto *channels = child<QComboBox>(&page, "logsChannel");
        channels->setCurrentIndex(channels->findText(QStringLiteral("deepseek")));
        QCOMPARE(model->rowCount(), 0);
        models->setCurrentIndex(0);
        QCOMPARE(model->rowCount(), 2);
        channels->setCurrentIndex(0);

        // Session and free-text search (debounced).
        auto *session = child<QLineEdit>(&page, "logsSession");
        QTest::keyClicks(session, QStringLiteral("sess-b"));
        QTRY_COMPARE(model->rowCount(), 2);
        session->clear();
        QTRY_COMPARE(model->rowCount(), 5);
        auto *search = child<QLineEdit>(&page, "logsSearch");
        QTest::keyClicks(search, QStringLiteral("deepseek-eu"));
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(model->rowAt(0)->record.requestId, QStringLiteral("req_log_2"));
        search->clear();
        QTest::keyClicks(search, QStringLiteral("REQ_LOG_4"));
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(model->rowCount(), 1);
        search->clear();
        QTRY_COMPARE(model->rowCount(), 5);

        // A range that ends before the rows: nothing older than an hour was recorded.
        auto *range = child<QComboBox>(&page, "logsRange");
        range->setCurrentIndex(int(LogsPage::RangePreset::LastHour));
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(page.currentFilter().range.fromMs > QDateTime::currentMSecsSinceEpoch() - 2 * 60 * MinuteMs,
                 true);
    }

    void detailShowsTraceBodiesAndCopiesTheError()
    {
        LogsPage page(m_controller.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        selectRow(page, QStringLiteral("req_log_2"));
        auto *trace = child<QTreeWidget>(&page, "logsTrace");
        QCOMPARE(trace->topLevelItemCount(), 2);
        QCOMPARE(trace->topLevelItem(0)->text(1), QStringLiteral("deepseek"));
        QCOMPARE(trace->topLevelItem(0)->text(4), QStringLiteral("failover"));
        QCOMPARE(trace->topLevelItem(1)->text(1), QStringLiteral("deepseek-eu"));
        QCOMPARE(trace->topLevelItem(1)->text(5), QStringLiteral("529"));
        QCOMPARE(child<QLabel>(&page, "logsRouteReason")->text(),
                 QStringLiteral("scenario default -> group auto:deepseek-chat"));
        QVERIFY(child<QLabel>(&page, "logsDetailSummary")->text().contains(u"req_log_2"));
        QVERIFY(child<QLabel>(&page, "logsDetailTimings")->text().contains(u"1.0 s"));
        QCOMPARE(child<QPlainTextEdit>(&page, "logsHeaders")->toPlainText(),
                 QStringLiteral("content-type: application/json\nx-api-key: [redacted]"));
        const QString requestBody = child<QPlainTextEdit>(&page, "logsRequestBody")->toPlainText();
        QVERIFY(requestBody.contains(u"\n  \"max_tokens\": 64,\n")); // indented JSON, in wire order
        QVERIFY(requestBody.indexOf(u"\"model\"") < requestBody.indexOf(u"\"max_tokens\""));
        QVERIFY(
            child<QPlainTextEdit>(&page, "logsResponseBody")->toPlainText().contains(u"overloaded_error"));

        auto *copy = child<QPushButton>(&page, "logsCopyError");
        QVERIFY(copy->isEnabled());
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(copy, Qt::LeftButton);
        const QString copied = QGuiApplication::clipboard()->text();
        QCOMPARE(copied, page.errorText());
        QVERIFY(copied.startsWith(u"HTTP 529 upstream_5xx"));
        QVERIFY(copied.contains(
            u"attempt 2: deepseek-eu deepseek-chat -> error, status 529, upstream_5xx, 700 ms"));
        QVERIFY(copied.contains(u"Overloaded"));

        // A successful request without capture: nothing to copy, bodies not captured.
        selectRow(page, QStringLiteral("req_log_1"));
        QVERIFY(!copy->isEnabled());
        QCOMPARE(trace->topLevelItemCount(), 1);
        QVERIFY(child<QPlainTextEdit>(&page, "logsRequestBody")->toPlainText().startsWith(u"Not captured"));
    }

    void newRequestsAppearLive()
    {
        LogsPage page(m_controller.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        selectRow(page, QStringLiteral("req_log_3"));
        const int before = page.model()->rowCount();
        UsageRecord fresh =
            request(0, QStringLiteral("sonnet"), QStringLiteral("anthropic"), QStringLiteral("sess-c"), 200);
        fresh.requestId = QStringLiteral("req_live");
        m_controller->storage()->recordUsage(fresh);
        m_controller->storage()->flushUsage();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), before + 1, LogsPage::RefreshDelayMs + 3000);
        QCOMPARE(page.model()->rowAt(0)->record.requestId, QStringLiteral("req_live"));
        // The selection stays on the request that was selected.
        QCOMPARE(page.selectedRequestId(), QStringLiteral("req_log_3"));
        auto *table = child<QTableView>(&page, "logsTable");
        QCOMPARE(table->currentIndex().row(), page.model()->rowOf(QStringLiteral("req_log_3")));
    }

    void screenshots()
    {
        LogsPage page(m_controller.get());
        page.resize(1100, 720);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        selectRow(page, QStringLiteral("req_log_2"));
        const QString dir = QDir::temp().filePath(QStringLiteral("shots-usage"));
        QVERIFY(QDir().mkpath(dir));
        LanguageManager languages;
        QTranslator extra;
        const QString extraQm = qEnvironmentVariable("SWITCHYARD_EXTRA_QM");
        auto *tabs = child<QTabWidget>(&page, "logsDetailTabs");
        for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            QVERIFY(languages.setLanguage(language));
            if (language == u"zh_CN" && !extraQm.isEmpty() && extra.load(extraQm))
                QCoreApplication::installTranslator(&extra);
            QCoreApplication::processEvents();
            for (int tab : {0, 2}) {
                tabs->setCurrentIndex(tab);
                QCoreApplication::processEvents();
                const QImage image = page.grab().toImage();
                QVERIFY(!image.isNull());
                QVERIFY(image.save(QStringLiteral("%1/logs-%2-%3.png").arg(dir, language).arg(tab)));
            }
        }
        QCoreApplication::removeTranslator(&extra);
        QVERIFY(languages.setLanguage(QStringLiteral("en")));
        QCoreApplication::processEvents(); // LanguageChange is delivered through the event loop
        QCOMPARE(child<QPushButton>(&page, "logsCopyError")->text(), LogsPage::tr("Copy error"));
    }
};

QTEST_MAIN(TestLogsPage)
#include "tst_logspage.moc"
