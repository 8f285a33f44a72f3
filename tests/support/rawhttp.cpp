#include "rawhttp.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QTest>

namespace Switchyard::Test {

namespace {

// Decodes a chunked body starting at buffer[from]. Returns the offset just past the terminating
// chunk, or -1 when incomplete or malformed.
qsizetype decodeChunked(const QByteArray &buffer, qsizetype from, QByteArray *decoded)
{
    qsizetype pos = from;
    for (;;) {
        const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return -1;
        QByteArray sizeText = buffer.mid(pos, lineEnd - pos);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText.truncate(semicolon); // chunk extensions
        bool ok = false;
        const qsizetype size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return -1;
        pos = lineEnd + 2;
        if (size == 0) {
            // No trailers are used in these tests: the terminator is "0\r\n\r\n".
            if (buffer.size() < pos + 2)
                return -1;
            return buffer.mid(pos, 2) == "\r\n" ? pos + 2 : -1;
        }
        if (buffer.size() < pos + size + 2)
            return -1;
        decoded->append(buffer.constData() + pos, size);
        if (buffer.mid(pos + size, 2) != "\r\n")
            return -1;
        pos += size + 2;
    }
}

} // namespace

QByteArray RawHttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject RawHttpResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

qsizetype parseHttpResponse(const QByteArray &buffer, RawHttpResponse *response, bool headRequest)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return 0;
    RawHttpResponse out;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.constFirst().trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine.at(0).startsWith("HTTP/1."))
        return 0;
    out.status = statusLine.at(1).toInt();
    qint64 contentLength = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        out.headers.append({name, value});
        if (name.compare("content-length", Qt::CaseInsensitive) == 0)
            contentLength = value.toLongLong();
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0
            && value.toLower().contains("chunked"))
            out.chunked = true;
    }

    const qsizetype bodyStart = headerEnd + 4;
    qsizetype end = bodyStart;
    if (headRequest) {
        end = bodyStart;
    } else if (out.chunked) {
        end = decodeChunked(buffer, bodyStart, &out.body);
        if (end < 0)
            return 0;
    } else if (contentLength >= 0) {
        if (buffer.size() < bodyStart + contentLength)
            return 0;
        end = bodyStart + contentLength;
        out.body = buffer.mid(bodyStart, contentLength);
    }
    out.wireBody = buffer.mid(bodyStart, end - bodyStart);
    *response = std::move(out);
    return end;
}

RawHttpClient::RawHttpClient()
{
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { drain(); });
}

void RawHttpClient::drain()
{
    m_buffer.append(m_socket.readAll());
}

bool RawHttpClient::connectTo(quint16 port, int timeoutMs)
{
    m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    return QTest::qWaitFor(
               [this] {
                   return m_socket.state() == QAbstractSocket::ConnectedState
                       || m_socket.state() == QAbstractSocket::UnconnectedState;
               },
               timeoutMs)
        && isConnected();
}

void RawHttpClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

void RawHttpClient::sendRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n" + body;
    send(request);
}

std::optional<RawHttpResponse> RawHttpClient::readResponse(int timeoutMs, bool headRequest)
{
    RawHttpResponse response;
    qsizetype used = 0;
    // The result is rechecked below: the connection may have closed right after the last bytes.
    (void)QTest::qWaitFor(
        [&] {
            drain();
            used = parseHttpResponse(m_buffer, &response, headRequest);
            return used > 0 || m_socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    if (used == 0) {
        drain();
        used = parseHttpResponse(m_buffer, &response, headRequest);
    }
    if (used == 0)
        return std::nullopt;
    m_buffer.remove(0, used);
    return response;
}

QByteArray RawHttpClient::waitForBytes(const QByteArray &marker, int timeoutMs)
{
    const bool found = QTest::qWaitFor(
        [&] {
            drain();
            return m_buffer.contains(marker);
        },
        timeoutMs);
    return found ? m_buffer : QByteArray();
}

bool RawHttpClient::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor(
        [this] {
            drain();
            return m_socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
}

std::optional<RawHttpResponse> rawRequest(quint16 port, const QByteArray &method, const QByteArray &target,
                                          const QByteArray &body,
                                          const QList<std::pair<QByteArray, QByteArray>> &headers,
                                          int timeoutMs)
{
    RawHttpClient client;
    if (!client.connectTo(port, timeoutMs))
        return std::nullopt;
    client.sendRequest(method, target, body, headers);
    return client.readResponse(timeoutMs, method == "HEAD");
}

} // namespace Switchyard::Test
