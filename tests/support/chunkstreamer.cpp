#include "chunkstreamer.h"

namespace Switchyard::Test {

ChunkStreamer *ChunkStreamer::start(std::unique_ptr<ResponseStream> stream, QList<QByteArray> chunks,
                                    int intervalMs, bool endless)
{
    auto *streamer = new ChunkStreamer(std::move(stream), std::move(chunks), endless);
    streamer->m_timer.start(intervalMs);
    return streamer;
}

ChunkStreamer::ChunkStreamer(std::unique_ptr<ResponseStream> stream, QList<QByteArray> chunks, bool endless)
    : m_stream(std::move(stream))
    , m_chunks(std::move(chunks))
    , m_endless(endless)
{
    connect(&m_timer, &QTimer::timeout, this, &ChunkStreamer::tick);
    connect(m_stream.get(), &ResponseStream::clientDisconnected, this, [this] { finish(false); });
    if (!m_stream->begin(200, {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}}))
        finish(false);
}

void ChunkStreamer::tick()
{
    if (m_done)
        return;
    if (m_next < m_chunks.size()) {
        if (!m_stream->writeChunk(m_chunks.at(m_next++)))
            finish(false);
        return;
    }
    if (m_endless) {
        if (!m_stream->writeChunk("tick\n"))
            finish(false);
        return;
    }
    finish(m_stream->end());
}

void ChunkStreamer::finish(bool complete)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    Q_EMIT done(complete);
    deleteLater();
}

} // namespace Switchyard::Test
