#pragma once

// A test handler body: streams a list of chunks through a ResponseStream, one per interval, then
// ends the response. Deletes itself when done or when the client goes away. Lives in the thread
// that creates it (the front's thread, since handlers run there).

#include "httpcompat.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Switchyard::Test {

class ChunkStreamer : public QObject
{
    Q_OBJECT
public:
    // endless: after the chunks, keep sending "tick\n" until the client leaves.
    static ChunkStreamer *start(std::unique_ptr<ResponseStream> stream, QList<QByteArray> chunks,
                                int intervalMs, bool endless = false);

    ResponseStream *stream() const { return m_stream.get(); }

Q_SIGNALS:
    // complete: end() was written; false when the client left or the stream was closed under us.
    void done(bool complete);

private:
    ChunkStreamer(std::unique_ptr<ResponseStream> stream, QList<QByteArray> chunks, bool endless);
    void tick();
    void finish(bool complete);

    std::unique_ptr<ResponseStream> m_stream;
    QList<QByteArray> m_chunks;
    qsizetype m_next = 0;
    bool m_endless = false;
    bool m_done = false;
    QTimer m_timer;
};

} // namespace Switchyard::Test
