// The real OS keychain (Secret Service on Linux). CI runs this inside
//   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; ...'
// Entries go under a unique test service name and are removed afterwards.

#include "keychainsecretstore.h"
#include "secretstore.h"
#include "testutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Switchyard;

class TestKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void selectionPicksKeychain();
    void binaryRoundTrip();
    void readMissingGivesNulloptWithoutError();
    void entriesAreSeparatedByService();
    void unansweredCallsTimeOut();

private:
    QString m_service;
    QStringList m_refs; // removed in cleanupTestCase even when a test fails midway
};

void TestKeychain::initTestCase()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        QFAIL("No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is empty). Run this test inside a session "
              "with an unlocked Secret Service, e.g.\n  dbus-run-session -- sh -c 'echo -n pw | "
              "gnome-keyring-daemon --unlock --components=secrets >/dev/null; ./tst_keychain'");
    }
#endif
    m_service = QStringLiteral("SwitchyardTest-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void TestKeychain::cleanupTestCase()
{
    KeychainSecretStore store(m_service);
    for (const QString &ref : std::as_const(m_refs))
        store.remove(ref);
}

void TestKeychain::selectionPicksKeychain()
{
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    QElapsedTimer timer;
    timer.start();
    // allowInsecureFile is set on purpose: with a working keychain it must not be used.
    const SecretStoreSelection selection = selectSecretStore(dataDir.path(), true, m_service);
    qInfo("keychain probe took %lld ms", timer.elapsed());
    QVERIFY2(selection.keychainAvailable,
             qPrintable(QStringLiteral("keychain not available: %1\nIs gnome-keyring-daemon running and "
                                       "unlocked in this D-Bus session?")
                            .arg(selection.problem)));
    QVERIFY(selection.store);
    QCOMPARE(selection.store->backendName(), QStringLiteral("keychain"));
    QVERIFY(selection.store->isSecure());
    QVERIFY(selection.problem.isEmpty());
    QVERIFY(QDir(dataDir.path()).isEmpty());
}

void TestKeychain::binaryRoundTrip()
{
    KeychainSecretStore store(m_service);
    const QString ref = SecretStore::newReference(QStringLiteral("test"));
    m_refs << ref;

    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    binary.append(binary); // every byte value, twice, NUL included

    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(store.write(ref, binary, &error), qPrintable(error));
    const qint64 writeMs = timer.restart();
    std::optional<QByteArray> back = store.read(ref, &error);
    const qint64 readMs = timer.restart();
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->size(), binary.size());
    QCOMPARE(*back, binary);
    qInfo("keychain write %lld ms, read %lld ms", writeMs, readMs);

    const QByteArray replacement("sk-ant-overwritten-0123456789");
    QVERIFY2(store.write(ref, replacement, &error), qPrintable(error));
    back = store.read(ref, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, replacement);

    QVERIFY2(store.remove(ref, &error), qPrintable(error));
    error = QStringLiteral("stale");
    QVERIFY(!store.read(ref, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(store.remove(ref, &error), qPrintable(error));
}

void TestKeychain::readMissingGivesNulloptWithoutError()
{
    KeychainSecretStore store(m_service);
    QString error = QStringLiteral("stale");
    QVERIFY(!store.read(SecretStore::newReference(QStringLiteral("never-written")), &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestKeychain::entriesAreSeparatedByService()
{
    KeychainSecretStore mine(m_service);
    KeychainSecretStore other(m_service + QStringLiteral("-other"));
    const QString ref = SecretStore::newReference(QStringLiteral("test"));
    m_refs << ref;
    QString error;
    QVERIFY2(mine.write(ref, "service-scoped", &error), qPrintable(error));
    QVERIFY(!other.read(ref, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(mine.read(ref).value_or(QByteArray()), QByteArray("service-scoped"));
    QVERIFY(mine.remove(ref));
}

void TestKeychain::unansweredCallsTimeOut()
{
    // A keyring that never answers (stuck on an unlock prompt) must not hang the app. The helper
    // needs a bus of its own where it can own the Secret Service name.
    const QString runSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
    QVERIFY2(!runSession.isEmpty(), "dbus-run-session not found (package dbus)");
    QProcess helper;
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    helper.start(runSession,
                 {QStringLiteral("--"), Test::helperPath(QStringLiteral("helper_stallingsecrets"))});
    QVERIFY2(helper.waitForFinished(60000), "the helper did not finish within 60 s");
    QCOMPARE(helper.exitStatus(), QProcess::NormalExit);
    QCOMPARE(helper.exitCode(), 0);
    const QList<QByteArray> lines = helper.readAllStandardOutput().trimmed().split('\n');
    const QJsonObject result = QJsonDocument::fromJson(lines.last()).object();
    qInfo("helper: %s", lines.last().constData());

    // The call really reached the silent service, and the probe gave up after its 1.5 s timeout.
    QVERIFY(result.value(u"serviceCalls").toInt() >= 1);
    QVERIFY(result.value(u"probeProblem").toString().contains(QStringLiteral("did not answer within 1.5 s")));
    QVERIFY(result.value(u"probeMs").toInteger() >= 1400);
    QVERIFY(result.value(u"probeMs").toInteger() < 10000);
    QVERIFY(!result.value(u"written").toBool());
    QVERIFY(result.value(u"writeError").toString().contains(QStringLiteral("did not answer")));
    QVERIFY(!result.value(u"writeError").toString().contains(QStringLiteral("sk-stall")));
    QVERIFY(result.value(u"writeMs").toInteger() < 10000);
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
