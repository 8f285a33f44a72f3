// SSE framing of upstream responses (protocols 1.7, last paragraph): any split, any line ending,
// comments, multi-line data, EOF without a blank line, and a bounded buffer.

#include "sseparser.h"

#include <QList>
#include <QPair>
#include <QTest>

using namespace Switchyard;

namespace {

struct Parsed
{
    QList<QPair<QByteArray, QByteArray>> events; // (name, data)
    qint64 comments = 0;
    bool error = false;
};

QByteArray toBytes(std::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

void drain(SseParser &parser, Parsed &out)
{
    SseEvent event;
    for (int guard = 0; guard < 100000 && parser.next(event); ++guard)
        out.events.append({toBytes(event.name), toBytes(event.data)});
}

// Feeds the pieces one by one, draining after each, then finishes.
Parsed parsePieces(const QList<QByteArray> &pieces, qsizetype limit = SseParser::DefaultMaxEventSize)
{
    SseParser parser(limit);
    Parsed out;
    for (const QByteArray &piece : pieces) {
        parser.feed(piece.constData(), piece.size());
        drain(parser, out);
    }
    parser.finish();
    drain(parser, out);
    out.comments = parser.commentCount();
    out.error = parser.hasError();
    return out;
}

Parsed parseWhole(const QByteArray &input)
{
    return parsePieces({input});
}

// The same input split at every byte position, and fed one byte at a time, must give the same
// result as one feed.
void verifyEverySplit(const QByteArray &input, const Parsed &expected)
{
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        const Parsed split = parsePieces({input.left(cut), input.mid(cut)});
        QVERIFY2(split.events == expected.events, qPrintable(QStringLiteral("split at %1").arg(cut)));
        QCOMPARE(split.comments, expected.comments);
    }
    QList<QByteArray> bytes;
    for (char c : input)
        bytes.append(QByteArray(1, c));
    const Parsed single = parsePieces(bytes);
    QVERIFY(single.events == expected.events);
    QCOMPARE(single.comments, expected.comments);
}

const QByteArray MultiEventStream = "event: message_start\n"
                                    "data: {\"type\":\"message_start\"}\n"
                                    "\n"
                                    ": keep-alive\n"
                                    "\n"
                                    "event: content_block_delta\n"
                                    "data: {\"text\":\"Preis: 5 \xE2\x82\xAC\"}\n"
                                    "\n"
                                    "data: line one\n"
                                    "data:line two\n"
                                    "data:  indented\n"
                                    "id: 7\n"
                                    "retry: 1000\n"
                                    "\n"
                                    "event: message_stop\n"
                                    "data: {\"type\":\"message_stop\"}\n"
                                    "\n";

const QList<QPair<QByteArray, QByteArray>> MultiEventExpected = {
    {"message_start", "{\"type\":\"message_start\"}"},
    {"content_block_delta", "{\"text\":\"Preis: 5 \xE2\x82\xAC\"}"},
    {"", "line one\nline two\n indented"},
    {"message_stop", "{\"type\":\"message_stop\"}"},
};

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void multiEventStream()
    {
        const Parsed parsed = parseWhole(MultiEventStream);
        QCOMPARE(parsed.events, MultiEventExpected);
        QCOMPARE(parsed.comments, 1);
        QVERIFY(!parsed.error);
    }

    void multiEventStreamEverySplit() { verifyEverySplit(MultiEventStream, parseWhole(MultiEventStream)); }

    void lineEndings_data()
    {
        QTest::addColumn<QByteArray>("separator");
        QTest::newRow("crlf") << QByteArray("\r\n");
        QTest::newRow("cr") << QByteArray("\r");
        QTest::newRow("lf") << QByteArray("\n");
    }

    void lineEndings()
    {
        QFETCH(QByteArray, separator);
        QByteArray input = MultiEventStream;
        input.replace("\n", separator);
        const Parsed parsed = parseWhole(input);
        QCOMPARE(parsed.events, MultiEventExpected);
        QCOMPARE(parsed.comments, 1);
        verifyEverySplit(input, parsed);
    }

    void mixedLineEndings()
    {
        const QByteArray input = "event: a\r\ndata: 1\r\n\r\n"
                                 "event: b\ndata: 2\n\n"
                                 "event: c\rdata: 3\r\r"
                                 "event: d\r\ndata: 4\n\r\n"
                                 "event: e\ndata: 5\r\n\n";
        const Parsed parsed = parseWhole(input);
        const QList<QPair<QByteArray, QByteArray>> expected = {
            {"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}};
        QCOMPARE(parsed.events, expected);
        verifyEverySplit(input, parsed);
    }

    void crThenLfInLaterFeed()
    {
        // The LF of a CRLF arriving in the next read must not count as a second (blank) line.
        const Parsed parsed = parsePieces({"data: a\r", "\ndata: b\r", "\n\r", "\n"});
        const QList<QPair<QByteArray, QByteArray>> expected = {{"", "a\nb"}};
        QCOMPARE(parsed.events, expected);
    }

    void dataPrefixSpacing()
    {
        const Parsed parsed = parseWhole("data:x\n\ndata: x\n\ndata:  x\n\ndata\n\ndata:\n\n");
        const QList<QPair<QByteArray, QByteArray>> expected = {
            {"", "x"}, {"", "x"}, {"", " x"}, {"", ""}, {"", ""}};
        QCOMPARE(parsed.events, expected);
    }

    void commentsAreCountedNotDispatched()
    {
        const Parsed parsed = parseWhole(": ping\n\n:\n\n: another\ndata: x\n\n");
        const QList<QPair<QByteArray, QByteArray>> expected = {{"", "x"}};
        QCOMPARE(parsed.events, expected);
        QCOMPARE(parsed.comments, 3);
    }

    void eventNameWithoutData()
    {
        SseParser parser;
        const QByteArray input = "event: ping\n\n";
        parser.feed(input.constData(), input.size());
        SseEvent event;
        QVERIFY(parser.next(event));
        QCOMPARE(toBytes(event.name), QByteArray("ping"));
        QVERIFY(!event.hasData);
        QVERIFY(!parser.next(event));
    }

    void finalEventWithoutBlankLineAtEof()
    {
        for (const QByteArray &input :
             {QByteArray("data: a\n\ndata: [DONE]"), QByteArray("data: a\n\ndata: [DONE]\n"),
              QByteArray("data: a\r\n\r\ndata: [DONE]\r")}) {
            SseParser parser;
            parser.feed(input.constData(), input.size());
            Parsed out;
            drain(parser, out);
            QCOMPARE(out.events.size(), 1); // the last one is not complete before EOF
            parser.finish();
            drain(parser, out);
            const QList<QPair<QByteArray, QByteArray>> expected = {{"", "a"}, {"", "[DONE]"}};
            QCOMPARE(out.events, expected);
            QCOMPARE(parser.boundaryOffset(), input.size());
        }
    }

    void utf8SplitInsideCharacter()
    {
        const QByteArray input = "data: {\"t\":\"\xE2\x82\xAC\xF0\x9F\x98\x80\"}\n\n";
        const qsizetype euro = input.indexOf('\xE2');
        for (qsizetype cut = euro; cut < euro + 7; ++cut) {
            const Parsed parsed = parsePieces({input.left(cut), input.mid(cut)});
            QCOMPARE(parsed.events.size(), 1);
            QCOMPARE(QString::fromUtf8(parsed.events.first().second),
                     QStringLiteral("{\"t\":\"\u20AC\U0001F600\"}"));
        }
    }

    void byteOrderMarkSkipped()
    {
        const QByteArray input = "\xEF\xBB\xBF"
                                 "data: x\n\n";
        const Parsed parsed = parseWhole(input);
        const QList<QPair<QByteArray, QByteArray>> expected = {{"", "x"}};
        QCOMPARE(parsed.events, expected);
        verifyEverySplit(input, parsed);
    }

    void oversizedEventIsAnError()
    {
        // One long line that never ends.
        SseParser parser(1024);
        const QByteArray big = "data: " + QByteArray(2000, 'a');
        parser.feed(big.constData(), big.size());
        SseEvent event;
        QVERIFY(!parser.next(event));
        QVERIFY(parser.hasError());
        // Once failed, the parser neither buffers more nor produces events.
        const QByteArray more = "\n\ndata: x\n\n";
        parser.feed(more.constData(), more.size());
        QVERIFY(!parser.next(event));
        QCOMPARE(parser.bytesFed(), big.size());

        // Many short data lines adding up beyond the limit.
        QByteArray lines;
        for (int i = 0; i < 200; ++i)
            lines += "data: 0123456789\n";
        const Parsed parsed = parsePieces({lines, "\n"}, 1024);
        QVERIFY(parsed.error);
        QVERIFY(parsed.events.isEmpty());

        // Events below the limit are fine, however many arrive in one read.
        QByteArray many;
        for (int i = 0; i < 500; ++i)
            many += "data: " + QByteArray(500, 'b') + "\n\n";
        const Parsed ok = parsePieces({many}, 1024);
        QVERIFY(!ok.error);
        QCOMPARE(ok.events.size(), 500);
    }

    void boundaryOffsetTracksCompleteEvents()
    {
        SseParser parser;
        const QByteArray first = "event: a\ndata: 1\n\n: c\n";
        const QByteArray partial = "event: b\ndata: 2";
        parser.feed(first.constData(), first.size());
        parser.feed(partial.constData(), partial.size());
        Parsed out;
        drain(parser, out);
        QCOMPARE(out.events.size(), 1);
        // After the event and the comment line; not inside the partial event.
        QCOMPARE(parser.boundaryOffset(), first.size());
        const QByteArray rest = "\n\n";
        parser.feed(rest.constData(), rest.size());
        drain(parser, out);
        QCOMPARE(out.events.size(), 2);
        QCOMPARE(parser.boundaryOffset(), first.size() + partial.size() + rest.size());
    }

    void largeStreamCompacts()
    {
        // Many events through one parser: offsets stay right across buffer compaction.
        SseParser parser;
        Parsed out;
        qint64 fed = 0;
        for (int i = 0; i < 2000; ++i) {
            const QByteArray event = "data: " + QByteArray::number(i) + QByteArray(100, 'x') + "\n\n";
            // Split each event in two reads, the second half arriving with the next event's start.
            parser.feed(event.constData(), 7);
            parser.feed(event.constData() + 7, event.size() - 7);
            fed += event.size();
            drain(parser, out);
            QCOMPARE(parser.boundaryOffset(), fed);
        }
        QCOMPARE(out.events.size(), 2000);
        QCOMPARE(out.events.at(1234).second, QByteArray::number(1234) + QByteArray(100, 'x'));
    }

    void resetStartsOver()
    {
        SseParser parser;
        const QByteArray partial = "data: half";
        parser.feed(partial.constData(), partial.size());
        parser.reset();
        const QByteArray input = "data: whole\n\n";
        parser.feed(input.constData(), input.size());
        SseEvent event;
        QVERIFY(parser.next(event));
        QCOMPARE(toBytes(event.data), QByteArray("whole"));
        QCOMPARE(parser.eventCount(), 1);
    }
};

QTEST_APPLESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
