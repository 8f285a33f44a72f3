#include "privatefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUuid>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace Switchyard {

namespace {

constexpr QFileDevice::Permissions OwnerReadWrite = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

struct PrivateFile
{
    Q_DECLARE_TR_FUNCTIONS(PrivateFile)
};

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

} // namespace

bool hasPrivatePermissions(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return false;
    const QFileDevice::Permissions perms = info.permissions();
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    return (perms & OwnerReadWrite) == OwnerReadWrite && !(perms & QFileDevice::ExeOwner)
        && !(perms & others);
}

bool writePrivateFile(const QString &path, const QByteArray &data, QString *error)
{
    const QFileInfo target(path);
    const QString dirPath = target.absolutePath();
    if (!QDir().mkpath(dirPath))
        return fail(error,
                    PrivateFile::tr("cannot create directory %1").arg(QDir::toNativeSeparators(dirPath)));

    // The temporary name is unique so two writers never share it; NewOnly refuses to follow a
    // planted file or symlink, and the permissions argument makes open() create the file 0600
    // (umask can only narrow that).
    const QString tmpPath = dirPath + QStringLiteral("/.") + target.fileName() + QStringLiteral(".")
        + QUuid::createUuid().toString(QUuid::Id128).left(12) + QStringLiteral(".tmp");
    QFile tmp(tmpPath);
    if (!tmp.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerReadWrite))
        return fail(error,
                    PrivateFile::tr("cannot create %1: %2")
                        .arg(QDir::toNativeSeparators(tmpPath), tmp.errorString()));
    if (!hasPrivatePermissions(tmpPath)) {
        tmp.close();
        tmp.remove();
        return fail(error,
                    PrivateFile::tr("%1 could not be created with owner-only permissions (0600)")
                        .arg(QDir::toNativeSeparators(tmpPath)));
    }
    bool ok = tmp.write(data) == data.size() && tmp.flush();
#ifdef Q_OS_UNIX
    ok = ok && ::fsync(tmp.handle()) == 0;
#endif
    const QString writeError = tmp.errorString();
    tmp.close();
    if (!ok) {
        tmp.remove();
        return fail(
            error, PrivateFile::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(tmpPath), writeError));
    }
#ifndef Q_OS_UNIX
    // Windows' rename refuses an existing target; there the replacement is not atomic.
    QFile::remove(path);
#endif
    // std::rename replaces the target atomically on POSIX; QFile::rename refuses to overwrite.
    if (std::rename(QFile::encodeName(tmpPath).constData(), QFile::encodeName(path).constData()) != 0) {
        tmp.remove();
        return fail(error, PrivateFile::tr("cannot replace %1").arg(QDir::toNativeSeparators(path)));
    }
    return true;
}

} // namespace Switchyard
