#pragma once

// A minimal HTTP/1.1 client over a raw QTcpSocket, for tests that must see the exact bytes on the
// wire (chunk framing), reuse one keep-alive connection on purpose, or watch a connection close.
// All waiting spins the event loop (QTest::qWaitFor), so the server under test may live in the
// same thread. Every wait is bounded.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QTcpSocket>

#include <optional>
#include <utility>

namespace Switchyard::Test {

struct RawHttpResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool chunked = false;
    QByteArray wireBody; // the body exactly as sent, chunk framing included
    QByteArray body; // decoded

    QByteArray header(const QByteArray &name) const; // case-insensitive, empty when absent
    QJsonObject json() const; // body parsed as a JSON object (empty when it is not one)
};

// Parses one complete response at the start of buffer. Returns the number of bytes it used, or 0
// when the buffer does not hold a complete response yet. headRequest: the response has no body.
qsizetype parseHttpResponse(const QByteArray &buffer, RawHttpResponse *response, bool headRequest = false);

class RawHttpClient
{
public:
    RawHttpClient();

    bool connectTo(quint16 port, int timeoutMs = 5000);
    void send(const QByteArray &bytes);
    // Sends a request with Host and (if body is set) Content-Length headers added.
    void sendRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                     const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    // Waits for one complete response. nullopt on timeout or when the connection closed first.
    std::optional<RawHttpResponse> readResponse(int timeoutMs = 5000, bool headRequest = false);
    // Waits until the bytes received (and not yet consumed) contain marker. Returns them without
    // consuming them; empty on timeout.
    QByteArray waitForBytes(const QByteArray &marker, int timeoutMs = 5000);
    bool waitForDisconnected(int timeoutMs = 5000);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    QTcpSocket &socket() { return m_socket; }
    // Bytes received and not yet consumed by readResponse().
    const QByteArray &buffered() const { return m_buffer; }

private:
    void drain();

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// Performs one request on a fresh connection and returns the response (nullopt on failure).
std::optional<RawHttpResponse> rawRequest(quint16 port, const QByteArray &method, const QByteArray &target,
                                          const QByteArray &body = {},
                                          const QList<std::pair<QByteArray, QByteArray>> &headers = {},
                                          int timeoutMs = 5000);

} // namespace Switchyard::Test
