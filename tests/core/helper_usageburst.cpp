// Writes usage records through Storage as fast as it can, for tst_crashsafety to SIGKILL it.
//
//   helper_usageburst <dataDir> [maxRecords] [maxSeconds] [flushEvery]
//
// Continues numbering after the records already in the database. After every flushUsage() it prints
// "committed <n>": the first n records (numbered from 0) are then durable. Stops by itself after
// maxRecords new records or maxSeconds, whichever comes first, printing "done" last.

#include "storage.h"
#include "usageburst.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace Switchyard;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: helper_usageburst <dataDir> [maxRecords] [maxSeconds] [flushEvery]\n");
        return 2;
    }
    const qint64 maxRecords = args.size() > 2 ? args.at(2).toLongLong() : 1000000;
    const qint64 maxMs = (args.size() > 3 ? args.at(3).toLongLong() : 20) * 1000;
    const qint64 flushEvery = qMax<qint64>(1, args.size() > 4 ? args.at(4).toLongLong() : 250);

    Storage storage;
    QString error;
    if (!storage.open(args.at(1), &error)) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 first = storage.usageCount();
    std::printf("ready %lld\n", qlonglong(first));
    std::fflush(stdout);

    QElapsedTimer clock;
    clock.start();
    qint64 next = first;
    while (next - first < maxRecords && clock.elapsed() < maxMs) {
        storage.recordUsage(Test::burstRecord(next));
        ++next;
        if ((next - first) % flushEvery == 0) {
            storage.flushUsage();
            std::printf("committed %lld\n", qlonglong(next));
            std::fflush(stdout);
        }
    }
    storage.flushUsage();
    std::printf("committed %lld\ndone\n", qlonglong(next));
    std::fflush(stdout);
    storage.close();
    return 0;
}
