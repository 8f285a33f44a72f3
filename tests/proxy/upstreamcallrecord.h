#pragma once

// Shared by the UpstreamClient tests (tst_upstreamclient, tst_http1): records everything one
// UpstreamCall reports, plus small request and SSE helpers.

#include "upstreamclient.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTcpServer>

#include <memory>
#include <optional>

namespace Switchyard::Test {

// Everything one call reported, with the arrival time of each body chunk.
struct CallRecord
{
    QPointer<UpstreamCall> call;
    int status = 0;
    int headerSignals = 0;
    HttpHeaders headers;
    QList<QPair<qint64, QByteArray>> chunks;
    QByteArray body;
    bool finished = false;
    std::optional<UpstreamError> error;
    int signalsAfterEnd = 0;
    QElapsedTimer clock;
    qint64 endedAtMs = -1;
    qint64 headersElapsedMs = -1; // as the call reported them when it ended
    qint64 firstByteElapsedMs = -1;

    CallRecord() = default;
    CallRecord(const CallRecord &) = delete;
    CallRecord &operator=(const CallRecord &) = delete;
    ~CallRecord()
    {
        // The lambdas below point at this record: a call that outlives it must not reach them.
        if (call)
            QObject::disconnect(call, nullptr, nullptr, nullptr);
    }

    bool ended() const { return finished || error.has_value(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QString errorText() const { return error ? error->message : QString(); }
};

inline std::unique_ptr<CallRecord> record(UpstreamCall *call)
{
    auto rec = std::make_unique<CallRecord>();
    CallRecord *r = rec.get();
    r->call = call;
    r->clock.start();
    QObject::connect(call, &UpstreamCall::headersReceived, call, [r](int status, const HttpHeaders &headers) {
        r->signalsAfterEnd += r->ended();
        ++r->headerSignals;
        r->status = status;
        r->headers = headers;
    });
    QObject::connect(call, &UpstreamCall::dataReceived, call, [r](const QByteArray &chunk) {
        r->signalsAfterEnd += r->ended();
        r->chunks.append({r->clock.elapsed(), chunk});
        r->body += chunk;
    });
    QObject::connect(call, &UpstreamCall::finished, call, [r, call] {
        r->signalsAfterEnd += r->ended();
        r->finished = true;
        r->endedAtMs = r->clock.elapsed();
        r->headersElapsedMs = call->headersElapsedMs();
        r->firstByteElapsedMs = call->firstByteElapsedMs();
    });
    QObject::connect(call, &UpstreamCall::failed, call, [r](const UpstreamError &error) {
        r->signalsAfterEnd += r->ended();
        r->error = error;
        r->endedAtMs = r->clock.elapsed();
    });
    return rec;
}

inline UpstreamRequest postTo(const QUrl &url)
{
    UpstreamRequest request;
    request.url = url;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = R"({"model":"m","stream":true})";
    return request;
}

inline quint16 unusedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort(); // closed again when server goes out of scope
}

inline QList<QByteArray> numberedEvents(int count)
{
    QList<QByteArray> events;
    for (int i = 0; i < count; ++i)
        events.append("data: {\"n\":" + QByteArray::number(i) + "}");
    return events;
}

inline QByteArray expectedSse(const QList<QByteArray> &events)
{
    QByteArray all;
    for (const QByteArray &event : events)
        all += event + "\n\n";
    return all;
}

} // namespace Switchyard::Test
