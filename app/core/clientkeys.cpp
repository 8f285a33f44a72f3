#include "clientkeys.h"

#include "clientauth.h"

#include <QRandomGenerator>

#include <array>
#include <cmath>
#include <vector>

namespace Switchyard::ClientKeys {

namespace {

constexpr char Digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int Base = 62;

bool isBase62(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z');
}

} // namespace

QString base62(const QByteArray &bytes)
{
    const int digits = int(std::ceil(double(bytes.size()) * 8.0 / std::log2(double(Base))));
    // Schoolbook long division of the big-endian number by 62, one output digit per pass.
    std::vector<unsigned> number(bytes.cbegin(), bytes.cend());
    for (unsigned &byte : number)
        byte &= 0xff;
    QString out(digits, u'0');
    for (int position = digits - 1; position >= 0; --position) {
        unsigned remainder = 0;
        for (unsigned &byte : number) {
            const unsigned value = (remainder << 8) | byte;
            byte = value / Base;
            remainder = value % Base;
        }
        out[position] = QLatin1Char(Digits[remainder]);
    }
    return out;
}

GeneratedKey fromRandomBytes(const QByteArray &bytes)
{
    GeneratedKey key;
    key.plaintext = Scheme + base62(bytes);
    key.hash = ClientAuth::hashKey(key.plaintext.toLatin1());
    key.prefix = key.plaintext.left(PrefixLength);
    return key;
}

GeneratedKey generate()
{
    std::array<quint32, RandomBytes / sizeof(quint32)> words {};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    QByteArray bytes(reinterpret_cast<const char *>(words.data()), RandomBytes);
    GeneratedKey key = fromRandomBytes(bytes);
    bytes.fill('\0');
    words.fill(0);
    return key;
}

ClientKey makeRecord(const QString &name, const GeneratedKey &key)
{
    ClientKey record;
    record.name = name;
    record.hash = key.hash;
    record.prefix = key.prefix;
    return record;
}

bool verify(const QByteArray &presented, const QByteArray &storedHash)
{
    if (presented.isEmpty())
        return false;
    return ClientAuth::digestsEqual(ClientAuth::hashKey(presented), storedHash.trimmed());
}

bool looksLikeKey(const QString &text)
{
    if (text.size() != Scheme.size() + EncodedLength || !text.startsWith(Scheme))
        return false;
    for (qsizetype i = Scheme.size(); i < text.size(); ++i) {
        if (!isBase62(text.at(i)))
            return false;
    }
    return true;
}

} // namespace Switchyard::ClientKeys
