// Client key creation: CSPRNG-backed, fixed format, unique, stored only as SHA-256 + a short
// display prefix, and verified in constant time against the stored hash. The proxy's own check
// (ClientAuth) must accept what this module creates.

#include "clientauth.h"
#include "clientkeys.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace Switchyard;

namespace {

// Independent decoder for the test: base62 text -> big-endian bytes of the given length.
QByteArray decodeBase62(const QString &text, int length)
{
    static const QString digits =
        QStringLiteral("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    QByteArray out(length, '\0');
    for (const QChar c : text) {
        int carry = int(digits.indexOf(c));
        if (carry < 0)
            return {};
        for (int i = length - 1; i >= 0; --i) {
            const int value = uchar(out[i]) * 62 + carry;
            out[i] = char(value & 0xff);
            carry = value >> 8;
        }
        if (carry)
            return {}; // overflow: not a number of that length
    }
    return out;
}

} // namespace

class TestClientKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void base62Vectors()
    {
        QCOMPARE(ClientKeys::base62(QByteArray(1, '\x00')), QStringLiteral("00"));
        QCOMPARE(ClientKeys::base62(QByteArray(1, '\x3e')), QStringLiteral("10")); // 62
        QCOMPARE(ClientKeys::base62(QByteArray(1, '\xff')), QStringLiteral("47")); // 4*62 + 7
        QCOMPARE(ClientKeys::base62(QByteArray(32, '\0')), QString(43, u'0'));
        // Reference values computed with arbitrary-precision integers outside this code base.
        QCOMPARE(ClientKeys::base62(QByteArray(32, '\xff')),
                 QStringLiteral("yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp1"));
        QByteArray counting;
        for (int i = 0; i < 32; ++i)
            counting.append(char(i));
        QCOMPARE(ClientKeys::base62(counting), QStringLiteral("003aUlTJC7tjlCTQj2uNU3MFagCXG9LRKRcwGkBIDlf"));
    }

    void base62RoundTrips()
    {
        QRandomGenerator random(4242);
        for (int i = 0; i < 500; ++i) {
            QByteArray bytes(32, '\0');
            for (char &b : bytes)
                b = char(random.bounded(256));
            const QString text = ClientKeys::base62(bytes);
            QCOMPARE(text.size(), ClientKeys::EncodedLength);
            QCOMPARE(decodeBase62(text, 32), bytes);
        }
    }

    void format()
    {
        const ClientKeys::GeneratedKey key = ClientKeys::generate();
        QVERIFY(key.plaintext.startsWith(QLatin1String("sy-")));
        QCOMPARE(key.plaintext.size(), 3 + 43);
        QVERIFY(ClientKeys::looksLikeKey(key.plaintext));
        QCOMPARE(key.prefix, key.plaintext.left(7));
        QCOMPARE(key.hash.size(), 64);
        for (const char c : key.hash)
            QVERIFY((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        // The 43 characters encode 32 bytes (the encoding never overflows 256 bits).
        QCOMPARE(decodeBase62(key.plaintext.mid(3), 32).size(), 32);

        QVERIFY(!ClientKeys::looksLikeKey(key.prefix));
        QVERIFY(!ClientKeys::looksLikeKey(key.plaintext + u'x'));
        QVERIFY(!ClientKeys::looksLikeKey(QStringLiteral("sk-") + key.plaintext.mid(3)));
        QString bad = key.plaintext;
        bad[10] = u'-';
        QVERIFY(!ClientKeys::looksLikeKey(bad));
    }

    void uniqueOverManyKeys()
    {
        QSet<QString> keys;
        QSet<QByteArray> hashes;
        const int n = 20000;
        // Every base62 digit after the leading one should be roughly uniform.
        QHash<QChar, int> digitCounts;
        for (int i = 0; i < n; ++i) {
            const ClientKeys::GeneratedKey key = ClientKeys::generate();
            keys.insert(key.plaintext);
            hashes.insert(key.hash);
            for (qsizetype j = 4; j < key.plaintext.size(); ++j)
                ++digitCounts[key.plaintext.at(j)];
        }
        QCOMPARE(keys.size(), n);
        QCOMPARE(hashes.size(), n);
        QCOMPARE(digitCounts.size(), 62);
        const double expected = double(n) * 42 / 62;
        for (auto it = digitCounts.cbegin(); it != digitCounts.cend(); ++it)
            QVERIFY2(std::abs(it.value() - expected) < 0.05 * expected, qPrintable(QString(it.key())));
    }

    void hashMatchesSha256AndVerifies()
    {
        const ClientKeys::GeneratedKey key = ClientKeys::generate();
        const QByteArray expected =
            QCryptographicHash::hash(key.plaintext.toUtf8(), QCryptographicHash::Sha256).toHex();
        QCOMPARE(key.hash, expected);
        QVERIFY(ClientKeys::verify(key.plaintext.toUtf8(), key.hash));
        QVERIFY(ClientKeys::verify(key.plaintext.toUtf8(), key.hash.toUpper())); // stored hex in any case
        QVERIFY(ClientKeys::verify(key.plaintext.toUtf8(), QByteArray(" ") + key.hash + "\n"));

        QString other = key.plaintext;
        other[20] = other[20] == u'a' ? u'b' : u'a';
        QVERIFY(!ClientKeys::verify(other.toUtf8(), key.hash));
        QVERIFY(!ClientKeys::verify({}, key.hash));
        QVERIFY(!ClientKeys::verify(key.hash, key.hash)); // the hash is not the key
        QVERIFY(!ClientKeys::verify(key.plaintext.toUtf8(), key.hash.left(63)));

        QVERIFY(ClientKeys::digestsEqual("00ff", "00FF"));
        QVERIFY(!ClientKeys::digestsEqual("00ff", "00fe"));
        QVERIFY(!ClientKeys::digestsEqual("00ff", "00ff0"));
    }

    void prefixDoesNotRevealTheKey()
    {
        const ClientKeys::GeneratedKey key = ClientKeys::generate();
        // Only 4 random characters (< 24 bits of the 256) are shown.
        QCOMPARE(key.prefix.size(), ClientKeys::PrefixLength);
        const double shownBits = (ClientKeys::PrefixLength - 3) * std::log2(62.0);
        QVERIFY(shownBits < 24);
        QVERIFY(!ClientKeys::verify(key.prefix.toUtf8(), key.hash));

        // The stored record carries the hash and the prefix, never the plaintext.
        const ClientKey record = ClientKeys::makeRecord(QStringLiteral("claude code"), key);
        QCOMPARE(record.name, QStringLiteral("claude code"));
        QCOMPARE(record.hash, key.hash);
        QCOMPARE(record.prefix, key.prefix);
        QCOMPARE(record.id, 0);
        QVERIFY(!record.hash.contains(key.plaintext.mid(3).toLatin1()));
        QVERIFY(!record.prefix.contains(key.plaintext.mid(7)));

        // Keys sharing a prefix are still different keys.
        QByteArray bytes(32, '\x11');
        const ClientKeys::GeneratedKey a = ClientKeys::fromRandomBytes(bytes);
        bytes[31] = '\x12';
        const ClientKeys::GeneratedKey b = ClientKeys::fromRandomBytes(bytes);
        QCOMPARE(a.prefix, b.prefix);
        QVERIFY(a.plaintext != b.plaintext);
        QVERIFY(!ClientKeys::verify(a.plaintext.toUtf8(), b.hash));
    }

    void proxyAcceptsGeneratedKeys()
    {
        const ClientKeys::GeneratedKey key = ClientKeys::generate();
        ConfigData config;
        config.clientKeys.append(ClientKeys::makeRecord(QStringLiteral("cli"), key));
        const AuthResult ok = ClientAuth::check(config, key.plaintext.toUtf8(), {}, QHostAddress::LocalHost);
        QVERIFY(ok.ok());
        QCOMPARE(ok.key->prefix, key.prefix);
        const AuthResult bearer =
            ClientAuth::check(config, {}, "Bearer " + key.plaintext.toUtf8(), QHostAddress::LocalHost);
        QVERIFY(bearer.ok());
        const AuthResult prefixOnly =
            ClientAuth::check(config, key.prefix.toUtf8(), {}, QHostAddress::LocalHost);
        QVERIFY(!prefixOnly.ok());
    }
};

QTEST_APPLESS_MAIN(TestClientKeys)
#include "tst_clientkeys.moc"
