// usagepage_bench: how long the Usage page (and the Logs page) take to open over a realistic
// history. Fills a fresh data directory with N usage rows (default 100,000) spread over the last 30
// days, then, several times each, constructs the page, shows it and lets it load its first data,
// and prints the median. The requirement is < 300 ms for the Usage page with 100k rows.
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/usagepage_bench [--rows 100000] [--runs 7]
//
// Not part of ctest: timings depend on the machine. Run it in a Release tree for numbers to quote.

#include "appcontroller.h"
#include "logspage.h"
#include "storage.h"
#include "storagetables.h"
#include "usagepage.h"
#include "usagequery.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTabWidget>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

using namespace Switchyard;

namespace {

struct Model
{
    const char *name;
    const char *channel;
    qint64 channelId;
    double inPerMTok;
    double outPerMTok;
    int weight;
};

// A Claude Code heavy mix: mostly sonnet, some opus and haiku, a few cheaper providers.
const Model Models[] = {
    {"claude-sonnet-4-5", "anthropic-main", 1, 3, 15, 50},
    {"claude-opus-4-1", "anthropic-main", 1, 15, 75, 8},
    {"claude-haiku-4-5", "anthropic-backup", 2, 1, 5, 20},
    {"deepseek-chat", "deepseek", 3, 0.27, 1.1, 10},
    {"kimi-k2", "moonshot", 4, 0.6, 2.5, 7},
    {"gpt-4o-mini", "openrouter", 5, 0.15, 0.6, 5},
};

// Fills the usage table through the real row mapping (StorageTables::insertUsage), in one write.
bool fill(Storage *storage, int rows, QString *error)
{
    QRandomGenerator rng(20260110);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 span = 30LL * 24 * 60 * 60 * 1000;
    int totalWeight = 0;
    for (const Model &m : Models)
        totalWeight += m.weight;
    return storage->writeData(
        [&](QSqlDatabase &db, QString *e) {
            QSqlQuery insert(db);
            if (!StorageTables::prepareUsageInsert(insert, e))
                return false;
            QString session;
            for (int i = 0; i < rows; ++i) {
                UsageRecord r;
                // Rows are spread evenly over the 30 days, oldest first, like a real history.
                r.timestampMs = now - span + span * i / rows;
                r.requestId = QStringLiteral("req_%1").arg(i, 8, 16, QLatin1Char('0'));
                // A Claude Code session lasts ~60 requests; about a fifth of the traffic has none.
                if (i % 60 == 0)
                    session = QStringLiteral("%1-7c1e-4a2b-9d3f-%2")
                                  .arg(rng.generate(), 8, 16, QLatin1Char('0'))
                                  .arg(i, 12, 16, QLatin1Char('0'));
                r.sessionId = rng.bounded(5) == 0 ? QString() : session;
                r.clientKeyId = rng.bounded(4);
                r.endpoint =
                    rng.bounded(10) == 0 ? QStringLiteral("chat.completions") : QStringLiteral("messages");
                int pick = int(rng.bounded(totalWeight));
                const Model *m = &Models[0];
                for (const Model &candidate : Models) {
                    if (pick < candidate.weight) {
                        m = &candidate;
                        break;
                    }
                    pick -= candidate.weight;
                }
                r.requestedModel = QStringLiteral("claude-sonnet-4-5");
                r.resolvedModel = QString::fromLatin1(m->name);
                r.channelId = m->channelId;
                r.channelName = QString::fromLatin1(m->channel);
                r.inputTokens = 200 + rng.bounded(8000);
                r.cacheReadTokens = rng.bounded(150000);
                r.cacheWriteTokens = rng.bounded(4) == 0 ? rng.bounded(20000) : 0;
                r.outputTokens = 20 + rng.bounded(3000);
                r.costUsd =
                    (r.inputTokens * m->inPerMTok + r.outputTokens * m->outPerMTok
                     + r.cacheReadTokens * m->inPerMTok * 0.1 + r.cacheWriteTokens * m->inPerMTok * 1.25)
                    / 1e6;
                r.latencyMs = 800 + rng.bounded(30000);
                r.ttftMs = 300 + rng.bounded(3000);
                const bool failedOver = rng.bounded(25) == 0;
                r.status = rng.bounded(33) == 0 ? 529 : 200;
                r.errorClass = r.status == 200 ? QString() : QStringLiteral("upstream_5xx");
                r.stream = true;
                const QString ok = QStringLiteral(R"({"channel":"%1","channelId":%2,"keyId":%3,"model":"%4",)"
                                                  R"("outcome":"ok","status":%5,"error":"","ms":%6})")
                                       .arg(r.channelName)
                                       .arg(r.channelId)
                                       .arg(r.channelId * 10)
                                       .arg(r.resolvedModel)
                                       .arg(r.status)
                                       .arg(r.latencyMs);
                r.routeTrace = failedOver
                    ? QStringLiteral(R"([{"channel":"anthropic-backup","channelId":2,"keyId":20,)"
                                     R"("model":"%1","outcome":"failover","status":529,)"
                                     R"("error":"upstream_5xx","ms":450},%2])")
                          .arg(r.resolvedModel, ok)
                    : QLatin1Char('[') + ok + QLatin1Char(']');
                r.routeReason = QStringLiteral("scenario default -> group auto:coding (priority)");
                if (!StorageTables::insertUsage(insert, r, e))
                    return false;
            }
            return true;
        },
        error);
}

// Wall time is what the user waits; CPU time (the whole process, so the storage threads count too)
// is the steadier number on a shared machine, where wall time also measures the neighbours.
double processCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Stats
{
    double median = 0;
    double min = 0;
    double max = 0;
    double first = 0;
    double cpuMedian = 0;
};

double medianOf(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

Stats measure(int runs, const std::function<void()> &fn)
{
    QList<double> ms;
    QList<double> cpu;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        const double cpuStart = processCpuMs();
        timer.start();
        fn();
        ms.append(double(timer.nsecsElapsed()) / 1e6);
        cpu.append(processCpuMs() - cpuStart);
    }
    Stats s;
    s.first = ms.constFirst();
    s.median = medianOf(ms);
    s.min = *std::min_element(ms.begin(), ms.end());
    s.max = *std::max_element(ms.begin(), ms.end());
    s.cpuMedian = medianOf(cpu);
    return s;
}

void print(const char *what, const Stats &s)
{
    std::printf("| %-60s | %8.1f | %8.1f | %8.1f | %8.1f | %8.1f |\n", what, s.median, s.min, s.max, s.first,
                s.cpuMedian);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int rows = 100000;
    int runs = 7;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--rows")
            rows = args.at(i + 1).toInt();
        else if (args.at(i) == u"--runs")
            runs = qMax(1, args.at(i + 1).toInt());
    }

    QTemporaryDir dir;
    // USAGE_BENCH_KEEP=1 leaves the database behind for query-plan experiments.
    dir.setAutoRemove(qEnvironmentVariableIsEmpty("USAGE_BENCH_KEEP"));
    if (!dir.autoRemove())
        std::printf("data dir kept: %s\n", qPrintable(dir.path()));
    AppOptions opts;
    opts.dataDir = dir.path();
    opts.port = 0;
    opts.insecureSecretsFile = true;
    AppController controller(opts);
    if (!controller.start().running) {
        std::fprintf(stderr, "could not start the app controller\n");
        return 1;
    }
    controller.stopProxy(); // only the store is measured
    Storage *storage = controller.storage();

    QElapsedTimer fillTimer;
    fillTimer.start();
    QString error;
    if (!fill(storage, rows, &error)) {
        std::fprintf(stderr, "filling the usage table failed: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%lld usage rows over 30 days inserted in %.1f s; runs per line: %d\n",
                qlonglong(storage->usageCount()), double(fillTimer.elapsed()) / 1000.0, runs);
#ifdef NDEBUG
    std::printf("build: release\n\n");
#else
    std::printf("build: debug (quote numbers from a Release tree)\n\n");
#endif
    std::printf("| %-60s | %8s | %8s | %8s | %8s | %8s |\n", "wall ms (CPU ms: last column)", "median", "min",
                "max", "1st run", "CPU med");
    std::printf("|%s|----------|----------|----------|----------|----------|\n",
                QByteArray(62, '-').constData());

    // The requirement: the page opens (constructed, shown, first data loaded) in under 300 ms.
    print("UsagePage open: construct + show + load (7 days, default)", measure(runs, [&] {
              UsagePage page(&controller);
              page.resize(1100, 720);
              page.show();
              QCoreApplication::processEvents();
          }));
    print("UsagePage open + first paint (grab)", measure(runs, [&] {
              UsagePage page(&controller);
              page.resize(1100, 720);
              page.show();
              QCoreApplication::processEvents();
              page.grab();
          }));
    print("UsagePage open with the 30-day range", measure(runs, [&] {
              UsagePage page(&controller);
              page.findChild<QComboBox *>(QStringLiteral("usageRange"))
                  ->setCurrentIndex(int(UsagePage::RangePreset::Last30Days));
              page.resize(1100, 720);
              page.show();
              QCoreApplication::processEvents();
          }));
    {
        UsagePage page(&controller);
        page.resize(1100, 720);
        page.show();
        QCoreApplication::processEvents();
        auto *tabs = page.findChild<QTabWidget *>(QStringLiteral("usageTabs"));
        auto *range = page.findChild<QComboBox *>(QStringLiteral("usageRange"));
        range->setCurrentIndex(int(UsagePage::RangePreset::Last30Days));
        print("  sessions tab, 30 days (list + first timeline)", measure(runs, [&] {
                  tabs->setCurrentIndex(UsagePage::OverTimeTab);
                  page.reload();
                  tabs->setCurrentIndex(UsagePage::SessionsTab);
              }));
        print("  leaderboards tab, 30 days (3 queries)", measure(runs, [&] {
                  tabs->setCurrentIndex(UsagePage::OverTimeTab);
                  page.reload();
                  tabs->setCurrentIndex(UsagePage::LeaderboardsTab);
              }));
    }

    UsageQuery query(storage);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const UsageRange month {now - 30LL * 24 * 3600 * 1000, now + 1};
    print("  query: totals, 30 days", measure(runs, [&] { query.totals(month); }));
    print("  query: time series by model, 30 days", measure(runs, [&] {
              query.timeSeries(month, 24LL * 3600 * 1000, UsageStackBy::Model, UsagePage::MaxStackKeys);
          }));
    print("  query: time series by channel, 30 days", measure(runs, [&] {
              query.timeSeries(month, 24LL * 3600 * 1000, UsageStackBy::Channel, UsagePage::MaxStackKeys);
          }));
    print("  query: sessions, 30 days", measure(runs, [&] { query.sessions(month, 500); }));
    print("  query: leaderboard by client key, 30 days",
          measure(runs, [&] { query.leaderboard(month, LeaderboardBy::ClientKey, 50); }));

    print("LogsPage open: construct + show + newest 1000 rows (7 days)", measure(runs, [&] {
              LogsPage page(&controller);
              page.resize(1100, 720);
              page.show();
              QCoreApplication::processEvents();
          }));
    UsageLogFilter search;
    search.range = month;
    search.search = QStringLiteral("kimi");
    print("  query: log search 'kimi', 30 days", measure(runs, [&] { query.logRows(search); }));

    controller.shutdown();
    return 0;
}
