#include "keychainsecretstore.h"

#include "applogging.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace Switchyard {

namespace {

struct JobOutcome
{
    bool timedOut = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QByteArray data;
};

// Starts the job and waits for it in a local event loop. Takes ownership of the job.
JobOutcome runJob(QKeychain::Job *job, std::chrono::milliseconds timeout)
{
    JobOutcome outcome;
    bool finished = false;
    QEventLoop loop;
    job->setAutoDelete(false);
    const QMetaObject::Connection connection =
        QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *done) {
            finished = true;
            outcome.error = done->error();
            outcome.errorString = done->errorString();
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(done))
                outcome.data = read->binaryData();
            loop.quit();
        });
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeout);
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);

    if (finished) {
        delete job;
    } else {
        // The backend (libsecret, D-Bus) still holds a raw pointer to the job and calls back when
        // it eventually answers, so the job must outlive us: let it delete itself then.
        QObject::disconnect(connection);
        job->setAutoDelete(true);
        outcome.timedOut = true;
    }
    return outcome;
}

QString timeoutMessage(std::chrono::milliseconds timeout)
{
    return KeychainSecretStore::tr(
               "the keychain did not answer within %1 s (is it locked or waiting for a password "
               "prompt?)")
        .arg(double(timeout.count()) / 1000.0);
}

QString describe(const JobOutcome &outcome, std::chrono::milliseconds timeout)
{
    if (outcome.timedOut)
        return timeoutMessage(timeout);
    QString reason;
    switch (outcome.error) {
    case QKeychain::NoBackendAvailable:
        reason = KeychainSecretStore::tr("no keychain service available");
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        reason = KeychainSecretStore::tr("access to the keychain was denied (is it locked?)");
        break;
    case QKeychain::NotImplemented:
        reason = KeychainSecretStore::tr("no keychain support on this platform");
        break;
    case QKeychain::CouldNotDeleteEntry:
        reason = KeychainSecretStore::tr("the entry could not be deleted");
        break;
    default:
        reason = KeychainSecretStore::tr("keychain error");
        break;
    }
    // QtKeychain's own text names the backend failure (D-Bus errors and the like); it never
    // contains the secret, only the entry name at most.
    if (!outcome.errorString.isEmpty())
        reason += QStringLiteral(": ") + outcome.errorString;
    return reason;
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, std::chrono::milliseconds timeout)
    : m_service(service)
    , m_timeout(timeout)
{
}

bool KeychainSecretStore::write(const QString &ref, const QByteArray &secret, QString *error)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(ref);
    // Binary mode: the secret comes back byte for byte, whatever it contains.
    job->setBinaryData(secret);
    const JobOutcome outcome = runJob(job, m_timeout);
    if (!outcome.timedOut && outcome.error == QKeychain::NoError)
        return true;
    const QString reason = describe(outcome, m_timeout);
    qCWarning(lcSecrets).noquote() << "Keychain write of" << ref << "failed:" << reason;
    setError(error, tr("could not store %1 in the keychain: %2").arg(ref, reason));
    return false;
}

std::optional<QByteArray> KeychainSecretStore::read(const QString &ref, QString *error)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(ref);
    const JobOutcome outcome = runJob(job, m_timeout);
    if (!outcome.timedOut && outcome.error == QKeychain::NoError)
        return outcome.data;
    if (!outcome.timedOut && outcome.error == QKeychain::EntryNotFound) {
        setError(error, QString());
        return std::nullopt;
    }
    const QString reason = describe(outcome, m_timeout);
    qCWarning(lcSecrets).noquote() << "Keychain read of" << ref << "failed:" << reason;
    setError(error, tr("could not read %1 from the keychain: %2").arg(ref, reason));
    return std::nullopt;
}

bool KeychainSecretStore::remove(const QString &ref, QString *error)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(ref);
    const JobOutcome outcome = runJob(job, m_timeout);
    if (!outcome.timedOut
        && (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound))
        return true;
    const QString reason = describe(outcome, m_timeout);
    qCWarning(lcSecrets).noquote() << "Keychain removal of" << ref << "failed:" << reason;
    setError(error, tr("could not remove %1 from the keychain: %2").arg(ref, reason));
    return false;
}

std::optional<QString> KeychainSecretStore::probe()
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(QStringLiteral("switchyard-probe/not-a-secret"));
    const JobOutcome outcome = runJob(job, m_timeout);
    if (!outcome.timedOut
        && (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound))
        return std::nullopt;
    QString reason = describe(outcome, m_timeout);
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        reason += tr("; there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
#endif
    return reason;
}

} // namespace Switchyard
