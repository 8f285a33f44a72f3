#include "backups.h"

#include "applogging.h"
#include "privatefile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace Switchyard::Backups {

namespace {

const QRegularExpression &backupNamePattern()
{
    static const QRegularExpression pattern(QStringLiteral("^config-\\d{8}-\\d{6}-\\d{3}(-\\d+)?\\.json$"));
    return pattern;
}

// Sorts by the timestamp in the name, then by the collision counter numerically, so
// "config-…-123-10.json" is newer than "config-…-123-9.json".
bool newerFirst(const QString &a, const QString &b)
{
    const auto stamp = [](const QString &name) { return name.mid(7, 19); };
    const auto counter = [](const QString &name) {
        const QString rest = name.mid(26).chopped(5); // "" or "-N"
        return rest.isEmpty() ? 0 : rest.mid(1).toInt();
    };
    if (stamp(a) != stamp(b))
        return stamp(a) > stamp(b);
    return counter(a) > counter(b);
}

} // namespace

QString directoryFor(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("backups"));
}

QStringList list(const QString &dir)
{
    QStringList names = QDir(dir).entryList({QStringLiteral("config-*.json")}, QDir::Files);
    names.removeIf([](const QString &name) { return !backupNamePattern().match(name).hasMatch(); });
    std::sort(names.begin(), names.end(), newerFirst);
    QStringList paths;
    for (const QString &name : std::as_const(names))
        paths << QDir(dir).filePath(name);
    return paths;
}

QString write(const QString &dir, const QByteArray &data, int keep, QString *error)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    QString path = QDir(dir).filePath(QStringLiteral("config-%1.json").arg(stamp));
    // Two imports within one millisecond must not overwrite each other's backup.
    for (int n = 1; QFile::exists(path); ++n)
        path = QDir(dir).filePath(QStringLiteral("config-%1-%2.json").arg(stamp).arg(n));
    if (!writePrivateFile(path, data, error))
        return {};

    const QStringList all = list(dir);
    for (qsizetype i = std::max(keep, 1); i < all.size(); ++i) {
        if (!QFile::remove(all.at(i)))
            qCWarning(lcConfig) << "Could not delete old backup" << all.at(i);
    }
    return path;
}

} // namespace Switchyard::Backups
