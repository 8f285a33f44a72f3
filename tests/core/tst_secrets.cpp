// Secret stores without a keychain: the no-backend selection path, the opt-in 0600 file store, the
// in-memory store, and the display helpers. The keychain itself is covered by tst_keychain.

#include "filesecretstore.h"
#include "logcapture.h"
#include "memorysecretstore.h"
#include "secretstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <sys/stat.h>

using namespace Switchyard;

namespace {

mode_t fileMode(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 07777;
}

QByteArray allBytes()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    return bytes;
}

void roundTrip(SecretStore *store)
{
    const QString ref = SecretStore::newReference(QStringLiteral("test"));
    QString error = QStringLiteral("stale");
    QVERIFY(!store->read(ref, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const QByteArray binary = allBytes();
    QVERIFY2(store->write(ref, binary, &error), qPrintable(error));
    std::optional<QByteArray> back = store->read(ref, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, binary);

    const QByteArray replacement("sk-replacement-0123456789");
    QVERIFY(store->write(ref, replacement, &error));
    back = store->read(ref, &error);
    QVERIFY(back);
    QCOMPARE(*back, replacement);

    QVERIFY(store->remove(ref, &error));
    error = QStringLiteral("stale");
    QVERIFY(!store->read(ref, &error));
    QVERIFY(error.isEmpty());
    QVERIFY2(store->remove(ref, &error), "removing a missing entry succeeds");
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void newReferenceIsKindSlashUuid();
    void hintShowsAtMostSixCharacters_data();
    void hintShowsAtMostSixCharacters();
    void hintStopsAtNonPrintableBytes();
    void fingerprintIsStableSha256Prefix();
    void memoryStoreRoundTrip();

    void noKeychainWithoutOptInGivesNoStore();
    void noKeychainWithOptInGivesPrivateFileStore();
    void fileStoreIgnoresUmaskAndTightensExistingFile();
    void fileStoreRejectsDamagedFile();

private:
    QTemporaryDir m_busDir;
    QString m_service;
};

void TestSecrets::initTestCase()
{
    QVERIFY(m_busDir.isValid());
    // No Secret Service may answer in this process. QtKeychain (libsecret/GDBus and QtDBus alike)
    // reads the session bus address when it first connects, which happens at the first keychain
    // job, so pointing it at a socket that does not exist makes every job fail fast with an error,
    // whatever session the test runner has.
    qputenv("DBUS_SESSION_BUS_ADDRESS",
            QByteArray("unix:path=") + QFile::encodeName(m_busDir.filePath(QStringLiteral("no-bus"))));
    m_service = QStringLiteral("SwitchyardTest-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    // Every message logged while a test runs, to prove keys never reach the log.
    Test::LogCapture::install();
}

void TestSecrets::cleanupTestCase()
{
    Test::LogCapture::uninstall();
}

void TestSecrets::newReferenceIsKindSlashUuid()
{
    const QString a = SecretStore::newReference(QStringLiteral("channel-key"));
    const QString b = SecretStore::newReference(QStringLiteral("channel-key"));
    static const QRegularExpression shape(
        QStringLiteral("^channel-key/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    QVERIFY2(shape.match(a).hasMatch(), qPrintable(a));
    QVERIFY(shape.match(b).hasMatch());
    QVERIFY(a != b);
}

void TestSecrets::hintShowsAtMostSixCharacters_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<int>("expectedVisible");
    QTest::newRow("empty") << QByteArray() << 0;
    QTest::newRow("two") << QByteArray("ab") << 0;
    QTest::newRow("three") << QByteArray("abc") << 1;
    QTest::newRow("nine") << QByteArray("sk-abcdef") << 3;
    QTest::newRow("eighteen") << QByteArray("sk-ant-0123456789a") << 6;
    QTest::newRow("long") << QByteArray("sk-ant-api03-").append(QByteArray(100, 'x')) << 6;
}

void TestSecrets::hintShowsAtMostSixCharacters()
{
    QFETCH(QByteArray, secret);
    QFETCH(int, expectedVisible);
    const QString hint = SecretStore::hintFor(secret);
    QVERIFY(hint.endsWith(QChar(0x2026)));
    const QString visible = hint.chopped(1);
    QCOMPARE(visible.size(), expectedVisible);
    QVERIFY(visible.size() <= 6);
    QVERIFY(visible.size() <= secret.size() / 3);
    QVERIFY(secret.startsWith(visible.toLatin1()));
}

void TestSecrets::hintStopsAtNonPrintableBytes()
{
    const QString hint = SecretStore::hintFor(QByteArray("ab\ncdefghijklmnop"));
    QCOMPARE(hint, QStringLiteral("ab") + QChar(0x2026));
}

void TestSecrets::fingerprintIsStableSha256Prefix()
{
    // FIPS 180-2 test vector: SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...
    QCOMPARE(SecretStore::fingerprintFor("abc"), QStringLiteral("ba7816bf8f01cfea"));
    const QByteArray key("sk-test-fingerprint");
    const QString fingerprint = SecretStore::fingerprintFor(key);
    QCOMPARE(fingerprint.size(), 16);
    QCOMPARE(fingerprint, SecretStore::fingerprintFor(QByteArray(key)));
    QCOMPARE(fingerprint.toLatin1(),
             QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
    QVERIFY(fingerprint != SecretStore::fingerprintFor("sk-test-fingerprinT"));
}

void TestSecrets::memoryStoreRoundTrip()
{
    MemorySecretStore store;
    QCOMPARE(store.backendName(), QStringLiteral("memory"));
    roundTrip(&store);
    QCOMPARE(store.count(), 0);
}

void TestSecrets::noKeychainWithoutOptInGivesNoStore()
{
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^The OS keychain did not answer")));
    QElapsedTimer timer;
    timer.start();
    const SecretStoreSelection selection = selectSecretStore(dataDir.path(), false, m_service);
    qInfo("selection without a bus took %lld ms", timer.elapsed());
    QVERIFY(!selection.store);
    QVERIFY(!selection.keychainAvailable);
    QVERIFY(selection.problem.contains(QStringLiteral("--insecure-secrets-file")));
    QVERIFY(selection.problem.contains(QStringLiteral("gnome-keyring")));
    QVERIFY(selection.problem.contains(QStringLiteral("KWallet")));
    // Never a silent plaintext fallback.
    QVERIFY(QDir(dataDir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    // A dead bus fails at once instead of running into the job timeout.
    QVERIFY(timer.elapsed() < 10000);
}

void TestSecrets::noKeychainWithOptInGivesPrivateFileStore()
{
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^The OS keychain did not answer")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^INSECURE: .*UNENCRYPTED")));
    SecretStoreSelection selection = selectSecretStore(dataDir.path(), true, m_service);
    QVERIFY(selection.store);
    QVERIFY(!selection.keychainAvailable);
    QCOMPARE(selection.store->backendName(), QStringLiteral("insecure-file"));
    QVERIFY(!selection.store->isSecure());

    const QString path = dataDir.filePath(FileSecretStore::defaultFileName());
    QVERIFY(QFile::exists(path));
    QCOMPARE(fileMode(path), mode_t(0600));

    Test::LogCapture::clear();
    roundTrip(selection.store.get());
    QCOMPARE(fileMode(path), mode_t(0600));

    // A second store on the same file (another process, a restart) sees what the first wrote.
    const QByteArray key("sk-file-store-key-123456");
    const QString ref = SecretStore::newReference(QStringLiteral("channel-key"));
    QVERIFY(selection.store->write(ref, key));
    QCOMPARE(fileMode(path), mode_t(0600));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^INSECURE: ")));
    QString error;
    std::unique_ptr<FileSecretStore> reopened = FileSecretStore::open(path, &error);
    QVERIFY2(reopened, qPrintable(error));
    QCOMPARE(reopened->read(ref).value_or(QByteArray()), key);

    const QString leak = Test::LogCapture::firstContaining({key});
    QVERIFY2(leak.isEmpty(), qPrintable(leak));
    // Only the file itself is left behind: the temporary files were renamed or removed.
    QCOMPARE(QDir(dataDir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList {FileSecretStore::defaultFileName()});
}

void TestSecrets::fileStoreIgnoresUmaskAndTightensExistingFile()
{
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    const QString path = dataDir.filePath(QStringLiteral("nested/secrets.json"));

    // Permissions are set when the file is created, not afterwards, so even umask 0 cannot widen
    // them for a moment.
    const mode_t oldMask = ::umask(0);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^INSECURE: ")));
    QString error;
    std::unique_ptr<FileSecretStore> store = FileSecretStore::open(path, &error);
    const bool written = store && store->write(QStringLiteral("r"), "value");
    ::umask(oldMask);
    QVERIFY2(store, qPrintable(error));
    QVERIFY(written);
    QCOMPARE(fileMode(path), mode_t(0600));

    QVERIFY(QFile::setPermissions(path,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                      | QFileDevice::ReadOther));
    QCOMPARE(fileMode(path), mode_t(0644));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("accessible to other users")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^INSECURE: ")));
    store = FileSecretStore::open(path, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(fileMode(path), mode_t(0600));
    QCOMPARE(store->read(QStringLiteral("r")).value_or(QByteArray()), QByteArray("value"));
}

void TestSecrets::fileStoreRejectsDamagedFile()
{
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    const QString path = dataDir.filePath(QStringLiteral("secrets.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    file.write("{ \"version\": 1, \"secrets\": { \"r\": \"sk-not-base64-!!\" ");
    file.close();
    QString error;
    QVERIFY(!FileSecretStore::open(path, &error));
    QVERIFY(error.contains(QStringLiteral("not a valid secrets file")));
    QVERIFY(!error.contains(QStringLiteral("sk-not")));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
