// Streaming translation (protocols 4.3, 4.6) and the Anthropic pass-through observer, against the
// golden cases 28-43, 45 and 47 of protocols section 9. Every emitted Anthropic stream is also run
// through a checker of the 1.7 invariants, and every golden input is re-fed split at every byte.

#include "anthropicstreamobserver.h"
#include "anthropictoopenaistream.h"
#include "openaitoanthropicstream.h"
#include "protocolcommon.h"
#include "ssewriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <functional>
#include <memory>

using namespace Switchyard;

namespace {

constexpr qint64 Estimate = 4321;
constexpr qint64 Created = 1730000000;
const QByteArray RequestedModel = "claude-sonnet-4-5";
const QByteArray FixedMessageId = "msg_fixed01";

// ---------------------------------------------------------------------------------------------
// Inputs

// Reads a golden stream from tests/data/streams: the OpenAI stream of protocols 3.3 and the
// Anthropic stream of 1.7, verbatim.
QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(SWITCHYARD_TEST_DATA_DIR "/streams/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test fixture %s", name);
    return file.readAll();
}

const QByteArray ReferenceOpenAIStream = fixture("openai_reference.sse");
const QByteArray ReferenceAnthropicStream = fixture("anthropic_reference.sse");

// JSON written with single quotes (moc of Qt 6.4 mis-lexes raw string literals, which would hide
// the test class from it).
QByteArray js(const char *singleQuoted)
{
    QByteArray out(singleQuoted);
    out.replace('\'', '"');
    return out;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// One OpenAI chunk around a delta object.
QByteArray chunk(const QJsonObject &delta, const QJsonValue &finish = QJsonValue::Null,
                 const QJsonValue &usage = QJsonValue::Undefined)
{
    QJsonObject choice {{"index", 0}, {"delta", delta}, {"finish_reason", finish}};
    QJsonObject object {{"id", "chatcmpl-g"},
                        {"object", "chat.completion.chunk"},
                        {"created", 1},
                        {"model", "upstream-model"},
                        {"choices", QJsonArray {choice}}};
    if (!usage.isUndefined())
        object.insert("usage", usage);
    return compact(object);
}

QByteArray textChunk(const QString &text, const QJsonValue &finish = QJsonValue::Null)
{
    return chunk(QJsonObject {{"content", text}}, finish);
}

// One tool_calls fragment; null QStrings leave the field out.
QByteArray toolChunk(int index, const QString &id, const QString &name, const QString &args)
{
    QJsonObject function;
    if (!name.isNull())
        function.insert("name", name);
    if (!args.isNull())
        function.insert("arguments", args);
    QJsonObject call {{"function", function}};
    if (index >= 0)
        call.insert("index", index);
    if (!id.isNull()) {
        call.insert("id", id);
        call.insert("type", "function");
    }
    return chunk(QJsonObject {{"tool_calls", QJsonArray {call}}});
}

QByteArray finishChunk(const QString &reason, const QJsonValue &usage = QJsonValue::Undefined)
{
    return chunk(QJsonObject(), reason, usage);
}

QByteArray usageChunk(int prompt, int completion)
{
    const QJsonObject object {{"id", "chatcmpl-g"},
                              {"object", "chat.completion.chunk"},
                              {"created", 1},
                              {"model", "upstream-model"},
                              {"choices", QJsonArray()},
                              {"usage",
                               QJsonObject {{"prompt_tokens", prompt},
                                            {"completion_tokens", completion},
                                            {"total_tokens", prompt + completion}}}};
    return compact(object);
}

// SSE framing of upstream payloads.
QByteArray upstream(const QList<QByteArray> &payloads,
                    const QByteArray &prefix = "data: ", const QByteArray &separator = "\n\n")
{
    QByteArray out;
    for (const QByteArray &payload : payloads)
        out += prefix + payload + separator;
    return out;
}

QByteArray anthropicEvent(const QByteArray &name, const QByteArray &json)
{
    return "event: " + name + "\ndata: " + json + "\n\n";
}

// The opening every hand-built Anthropic stream shares: message_start (output_tokens 1, as Anthropic
// reports it there), then a text block at index 0 with one text delta, still open.
QByteArray anthropicTextOpening(const QByteArray &messageId, int inputTokens, const QByteArray &text)
{
    return anthropicEvent("message_start",
                          js("{'type':'message_start','message':{'id':'") + messageId
                              + js("','usage':{'input_tokens':") + QByteArray::number(inputTokens)
                              + js(",'output_tokens':1}}}"))
        + anthropicEvent(
               "content_block_start",
               js("{'type':'content_block_start','index':0,'content_block':{'type':'text','text':''}}"))
        + anthropicEvent("content_block_delta",
                         js("{'type':'content_block_delta','index':0,'delta':{'type':'text_delta','text':'")
                             + text + js("'}}"));
}

// ---------------------------------------------------------------------------------------------
// Running codecs

// Feeds input cut at the given positions, collecting the output after every step as a client would.
QByteArray run(StreamCodec &codec, const QByteArray &input, QList<qsizetype> cuts = {}, bool finish = true)
{
    QByteArray client;
    qsizetype from = 0;
    cuts.append(input.size());
    for (qsizetype cut : std::as_const(cuts)) {
        codec.feed(input.constData() + from, cut - from);
        client += codec.output();
        codec.clearOutput();
        from = cut;
    }
    if (finish) {
        codec.finish();
        client += codec.takeOutput();
    }
    return client;
}

OpenAIToAnthropicStream::Options openAIOptions(Wire::ToolNameRegistry *registry = nullptr)
{
    OpenAIToAnthropicStream::Options options;
    options.requestedModel = RequestedModel;
    options.inputTokenEstimate = Estimate;
    options.toolNames = registry;
    options.messageId = FixedMessageId;
    return options;
}

AnthropicToOpenAIStream::Options anthropicOptions(bool includeUsage, bool includeReasoning = false)
{
    AnthropicToOpenAIStream::Options options;
    options.requestedModel = "gpt-alias";
    options.includeUsage = includeUsage;
    options.includeReasoning = includeReasoning;
    options.created = Created;
    return options;
}

using Factory = std::function<std::unique_ptr<StreamCodec>()>;

Factory openAIFactory()
{
    return [] { return std::make_unique<OpenAIToAnthropicStream>(openAIOptions()); };
}

Factory anthropicFactory(bool includeUsage = true, bool includeReasoning = true)
{
    return [=] {
        return std::make_unique<AnthropicToOpenAIStream>(anthropicOptions(includeUsage, includeReasoning));
    };
}

Factory observerFactory()
{
    return [] { return std::make_unique<AnthropicStreamObserver>(); };
}

// Synthesised tool ids are random; everything else in the output is deterministic.
QByteArray normalised(QByteArray output)
{
    static const QRegularExpression synthesised(QStringLiteral("toolu_[A-Za-z0-9]{24}"));
    return QString::fromUtf8(output).replace(synthesised, QStringLiteral("toolu_SYNTH")).toUtf8();
}

// Silences the proxy's warnings for loops that feed thousands of broken or split streams.
struct QuietProxyLog
{
    QuietProxyLog() { QLoggingCategory::setFilterRules(QStringLiteral("switchyard.*=false")); }
    ~QuietProxyLog() { QLoggingCategory::setFilterRules(QString()); }
    Q_DISABLE_COPY_MOVE(QuietProxyLog)
};

// The same input split in two at every byte position, and fed byte by byte, gives the same output.
QString verifyEverySplit(const Factory &factory, const QByteArray &input)
{
    QuietProxyLog quiet;
    const QByteArray reference = normalised(run(*factory(), input));
    if (reference.isEmpty())
        return QStringLiteral("reference output is empty");
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        const QByteArray output = normalised(run(*factory(), input, {cut}));
        if (output != reference)
            return QStringLiteral("split at byte %1 changed the output:\n%2\nvs\n%3")
                .arg(cut)
                .arg(QString::fromUtf8(output), QString::fromUtf8(reference));
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < input.size(); ++i)
        everyByte.append(i);
    if (normalised(run(*factory(), input, everyByte)) != reference)
        return QStringLiteral("byte-by-byte feeding changed the output");
    return {};
}

// ---------------------------------------------------------------------------------------------
// Anthropic output: strict framing, description, invariants

struct Frame
{
    QString name;
    QJsonObject payload;
};

// Every frame must be exactly "event: X\ndata: {json}\n\n" with the payload's type equal to X.
QString parseAnthropic(const QByteArray &output, QList<Frame> *frames)
{
    frames->clear();
    if (output.isEmpty())
        return {};
    if (!output.endsWith("\n\n"))
        return QStringLiteral("output does not end with a blank line");
    const QList<QByteArray> blocks = output.left(output.size() - 2).split('\n');
    // Reassemble on the blank-line separators: lines come in pairs followed by an empty line.
    QList<QByteArray> lines = blocks;
    qsizetype i = 0;
    while (i < lines.size()) {
        if (i + 1 >= lines.size() || !lines[i].startsWith("event: ") || !lines[i + 1].startsWith("data: "))
            return QStringLiteral("malformed frame at line %1: %2").arg(i).arg(QString::fromUtf8(lines[i]));
        if (i + 2 < lines.size() && !lines[i + 2].isEmpty())
            return QStringLiteral("frame at line %1 has more than two lines").arg(i);
        Frame frame;
        frame.name = QString::fromUtf8(lines[i].mid(7));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines[i + 1].mid(6), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return QStringLiteral("bad JSON in frame %1: %2")
                .arg(frame.name, QString::fromUtf8(lines[i + 1]));
        frame.payload = doc.object();
        if (frame.payload.value("type").toString() != frame.name)
            return QStringLiteral("event %1 carries type %2")
                .arg(frame.name, frame.payload.value("type").toString());
        frames->append(frame);
        i += 3;
    }
    return {};
}

QString describe(const Frame &frame)
{
    const QJsonObject &p = frame.payload;
    const QString index = QString::number(p.value("index").toInt(-1));
    if (frame.name == QLatin1String("content_block_start")) {
        const QJsonObject block = p.value("content_block").toObject();
        const QString type = block.value("type").toString();
        if (type == QLatin1String("tool_use"))
            return QStringLiteral("start %1 tool_use %2 %3")
                .arg(index, block.value("id").toString(), block.value("name").toString());
        return QStringLiteral("start %1 %2").arg(index, type);
    }
    if (frame.name == QLatin1String("content_block_delta")) {
        const QJsonObject delta = p.value("delta").toObject();
        const QString type = delta.value("type").toString();
        QString value;
        if (type == QLatin1String("text_delta"))
            value = delta.value("text").toString();
        else if (type == QLatin1String("thinking_delta"))
            value = delta.value("thinking").toString();
        else if (type == QLatin1String("input_json_delta"))
            value = delta.value("partial_json").toString();
        else if (type == QLatin1String("signature_delta"))
            value = Wire::isProxySignature(delta.value("signature").toString().toStdString())
                ? QStringLiteral("<proxy-sig>")
                : delta.value("signature").toString();
        return QStringLiteral("delta %1 %2 %3").arg(index, type, value);
    }
    if (frame.name == QLatin1String("content_block_stop"))
        return QStringLiteral("stop %1").arg(index);
    if (frame.name == QLatin1String("message_delta"))
        return QStringLiteral("message_delta %1 %2")
            .arg(p.value("delta").toObject().value("stop_reason").toString(),
                 QString::fromUtf8(compact(p.value("usage").toObject())));
    if (frame.name == QLatin1String("error"))
        return QStringLiteral("error ") + p.value("error").toObject().value("type").toString();
    return frame.name;
}

QStringList describeAll(const QList<Frame> &frames, bool withPings = false)
{
    QStringList out;
    for (const Frame &frame : frames) {
        if (withPings || frame.name != QLatin1String("ping"))
            out.append(describe(frame));
    }
    return out;
}

bool isBlankText(const QString &text)
{
    return text.trimmed().isEmpty();
}

// The invariants of protocols 1.7 (plus: text blocks are never blank, thinking blocks carry a
// signature). Holds for a complete stream, one ending in an error event, and an empty one.
// strictToolJson: invariant 6; relaxed only for fuzzed upstreams whose arguments are garbage.
QString checkInvariants(const QList<Frame> &frames, bool strictToolJson = true)
{
    bool started = false;
    bool sawMessageDelta = false;
    bool stopped = false;
    bool errored = false;
    int nextIndex = 0;
    QHash<int, QString> blockType;
    QHash<int, QString> content;
    QSet<int> open;
    QSet<int> signedBlocks;
    for (qsizetype i = 0; i < frames.size(); ++i) {
        const Frame &f = frames[i];
        const QJsonObject &p = f.payload;
        const QString where = QStringLiteral(" (event %1, %2)").arg(i).arg(f.name);
        if (errored)
            return QStringLiteral("event after an error") + where;
        if (stopped)
            return QStringLiteral("event after message_stop") + where;
        if (f.name == QLatin1String("ping"))
            continue;
        if (f.name == QLatin1String("error")) {
            const QJsonObject error = p.value("error").toObject();
            if (error.value("type").toString().isEmpty() || !error.value("message").isString())
                return QStringLiteral("error event without error.type/message") + where;
            errored = true;
            continue;
        }
        if (!started) {
            if (f.name != QLatin1String("message_start"))
                return QStringLiteral("first event is not message_start") + where;
            const QJsonObject message = p.value("message").toObject();
            if (!message.value("content").isArray() || !message.value("content").toArray().isEmpty())
                return QStringLiteral("message_start content is not []") + where;
            const QJsonObject usage = message.value("usage").toObject();
            if (!usage.contains("input_tokens") || !usage.contains("output_tokens"))
                return QStringLiteral("message_start without usage") + where;
            if (!message.value("stop_reason").isNull()
                || message.value("role").toString() != QLatin1String("assistant")
                || message.value("type").toString() != QLatin1String("message"))
                return QStringLiteral("message_start envelope wrong") + where;
            if (!QRegularExpression(QStringLiteral("^msg_[A-Za-z0-9_]+$"))
                     .match(message.value("id").toString())
                     .hasMatch())
                return QStringLiteral("message id does not match msg_...") + where;
            started = true;
            continue;
        }
        if (f.name == QLatin1String("message_start"))
            return QStringLiteral("second message_start") + where;
        const int index = p.value("index").toInt(-1);
        if (f.name == QLatin1String("content_block_start")) {
            if (sawMessageDelta)
                return QStringLiteral("block after message_delta") + where;
            if (index != nextIndex)
                return QStringLiteral("block index %1, expected %2").arg(index).arg(nextIndex) + where;
            ++nextIndex;
            const QJsonObject block = p.value("content_block").toObject();
            const QString type = block.value("type").toString();
            if (type == QLatin1String("tool_use")) {
                if (!QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$"))
                         .match(block.value("id").toString())
                         .hasMatch())
                    return QStringLiteral("tool id not sanitised") + where;
                if (block.value("name").toString().isEmpty()
                    || block.value("input").toObject() != QJsonObject())
                    return QStringLiteral("tool_use start without name or with non-empty input") + where;
            } else if (type == QLatin1String("text")) {
                if (block.value("text").toString() != QString())
                    return QStringLiteral("text block starts non-empty") + where;
            } else if (type == QLatin1String("thinking")) {
                if (block.value("thinking").toString() != QString())
                    return QStringLiteral("thinking block starts non-empty") + where;
            } else {
                return QStringLiteral("unexpected block type ") + type + where;
            }
            blockType.insert(index, type);
            open.insert(index);
            continue;
        }
        if (f.name == QLatin1String("content_block_delta")) {
            if (!open.contains(index))
                return QStringLiteral("delta for a block that is not open") + where;
            const QJsonObject delta = p.value("delta").toObject();
            const QString type = delta.value("type").toString();
            const QString block = blockType.value(index);
            if (type == QLatin1String("text_delta") && block == QLatin1String("text")) {
                content[index] += delta.value("text").toString();
            } else if (type == QLatin1String("input_json_delta") && block == QLatin1String("tool_use")) {
                content[index] += delta.value("partial_json").toString();
            } else if (type == QLatin1String("thinking_delta") && block == QLatin1String("thinking")) {
                if (signedBlocks.contains(index))
                    return QStringLiteral("thinking after the signature") + where;
                content[index] += delta.value("thinking").toString();
            } else if (type == QLatin1String("signature_delta") && block == QLatin1String("thinking")) {
                if (signedBlocks.contains(index) || delta.value("signature").toString().isEmpty())
                    return QStringLiteral("second or empty signature") + where;
                signedBlocks.insert(index);
            } else {
                return QStringLiteral("delta type %1 into a %2 block").arg(type, block) + where;
            }
            continue;
        }
        if (f.name == QLatin1String("content_block_stop")) {
            if (!open.remove(index))
                return QStringLiteral("stop for a block that is not open") + where;
            const QString type = blockType.value(index);
            if (type == QLatin1String("text") && isBlankText(content.value(index)))
                return QStringLiteral("empty or whitespace-only text block") + where;
            if (type == QLatin1String("thinking") && !signedBlocks.contains(index))
                return QStringLiteral("thinking block without signature") + where;
            if (type == QLatin1String("tool_use") && strictToolJson
                && !content.value(index).trimmed().isEmpty()) {
                const QJsonDocument input = QJsonDocument::fromJson(content.value(index).toUtf8());
                if (!input.isObject())
                    return QStringLiteral("tool input is not a JSON object: ") + content.value(index) + where;
            }
            continue;
        }
        if (f.name == QLatin1String("message_delta")) {
            if (sawMessageDelta)
                return QStringLiteral("second message_delta") + where;
            if (!open.isEmpty())
                return QStringLiteral("message_delta with blocks still open") + where;
            const QJsonObject delta = p.value("delta").toObject();
            if (delta.value("stop_reason").toString().isEmpty() || !delta.contains("stop_sequence")
                || !delta.value("stop_sequence").isNull())
                return QStringLiteral("message_delta stop_reason/stop_sequence wrong") + where;
            if (!p.value("usage").toObject().contains("output_tokens"))
                return QStringLiteral("message_delta without usage.output_tokens") + where;
            sawMessageDelta = true;
            continue;
        }
        if (f.name == QLatin1String("message_stop")) {
            if (!sawMessageDelta)
                return QStringLiteral("message_stop without message_delta") + where;
            stopped = true;
            continue;
        }
        return QStringLiteral("unknown event") + where;
    }
    if (started && !stopped && !errored)
        return QStringLiteral("stream neither completed nor failed");
    return {};
}

bool matches(const QString &actual, const QString &expected)
{
    if (!expected.contains(QLatin1String("<toolu>")))
        return actual == expected;
    QStringList parts = expected.split(QStringLiteral("<toolu>"));
    for (QString &part : parts)
        part = QRegularExpression::escape(part);
    const QRegularExpression pattern(QStringLiteral("^") + parts.join(QStringLiteral("toolu_[A-Za-z0-9]+"))
                                     + QStringLiteral("$"));
    return pattern.match(actual).hasMatch();
}

QString compareItems(const QStringList &actual, const QStringList &expected)
{
    for (qsizetype i = 0; i < std::max(actual.size(), expected.size()); ++i) {
        const QString got = i < actual.size() ? actual[i] : QStringLiteral("<nothing>");
        const QString want = i < expected.size() ? expected[i] : QStringLiteral("<nothing>");
        if (!matches(got, want))
            return QStringLiteral("item %1: got \"%2\", expected \"%3\"\nfull output:\n  %4")
                .arg(i)
                .arg(got, want, actual.join(QStringLiteral("\n  ")));
    }
    return {};
}

// Parses an Anthropic output, checks the invariants and compares the events (pings excluded).
QString verifyAnthropicOutput(const QByteArray &output, const QStringList &expected,
                              QList<Frame> *framesOut = nullptr)
{
    QList<Frame> frames;
    QString error = parseAnthropic(output, &frames);
    if (error.isEmpty())
        error = checkInvariants(frames);
    if (error.isEmpty())
        error = compareItems(describeAll(frames), expected);
    if (framesOut)
        *framesOut = frames;
    return error;
}

// A golden OpenAI input: expected events, the message_start envelope, and split invariance.
QString verifyOpenAIGolden(const QByteArray &input, const QStringList &expected)
{
    OpenAIToAnthropicStream codec(openAIOptions());
    QList<Frame> frames;
    QString error = verifyAnthropicOutput(run(codec, input), expected, &frames);
    if (!error.isEmpty())
        return error;
    const QJsonObject message = frames.first().payload.value("message").toObject();
    if (message.value("id").toString() != QString::fromLatin1(FixedMessageId)
        || message.value("model").toString() != QString::fromLatin1(RequestedModel)
        || message.value("usage").toObject().value("input_tokens").toInteger() != Estimate)
        return QStringLiteral("message_start envelope: ") + QString::fromUtf8(compact(message));
    return verifyEverySplit(openAIFactory(), input);
}

const QString NoUsage = QStringLiteral("{\"input_tokens\":%1,\"output_tokens\":0}").arg(Estimate);

// ---------------------------------------------------------------------------------------------
// OpenAI output: strict framing and description

struct OpenAIOutput
{
    QStringList items;
    QList<QJsonObject> chunks;
};

QString parseOpenAI(const QByteArray &output, OpenAIOutput *out, const QByteArray &expectedId = {})
{
    out->items.clear();
    out->chunks.clear();
    if (output.isEmpty())
        return {};
    if (!output.endsWith("\n\n"))
        return QStringLiteral("output does not end with a blank line");
    const QList<QByteArray> blocks = output.left(output.size() - 2).split('\n');
    for (qsizetype i = 0; i < blocks.size(); i += 2) {
        const QByteArray &line = blocks[i];
        if (i + 1 < blocks.size() && !blocks[i + 1].isEmpty())
            return QStringLiteral("frame with more than one line: ") + QString::fromUtf8(line);
        if (line == ": ping") {
            out->items.append(QStringLiteral("comment ping"));
            continue;
        }
        if (line == "data: [DONE]") {
            out->items.append(QStringLiteral("[DONE]"));
            continue;
        }
        if (!line.startsWith("data: "))
            return QStringLiteral("malformed line: ") + QString::fromUtf8(line);
        const QJsonDocument doc = QJsonDocument::fromJson(line.mid(6));
        if (!doc.isObject())
            return QStringLiteral("bad JSON: ") + QString::fromUtf8(line);
        const QJsonObject c = doc.object();
        if (c.contains("error")) {
            const QJsonObject error = c.value("error").toObject();
            if (!error.value("message").isString())
                return QStringLiteral("error without message");
            out->items.append(QStringLiteral("error ") + error.value("type").toString());
            continue;
        }
        out->chunks.append(c);
        if (!c.value("id").toString().startsWith(QLatin1String("chatcmpl-"))
            || (!expectedId.isEmpty() && c.value("id").toString() != QString::fromLatin1(expectedId))
            || c.value("object").toString() != QLatin1String("chat.completion.chunk")
            || c.value("created").toInteger() != Created
            || c.value("model").toString() != QLatin1String("gpt-alias"))
            return QStringLiteral("chunk envelope wrong: ") + QString::fromUtf8(line);
        const QJsonArray choices = c.value("choices").toArray();
        if (choices.isEmpty()) {
            const QJsonObject u = c.value("usage").toObject();
            out->items.append(
                QStringLiteral("usage p=%1 c=%2 t=%3 cached=%4")
                    .arg(u.value("prompt_tokens").toInteger())
                    .arg(u.value("completion_tokens").toInteger())
                    .arg(u.value("total_tokens").toInteger())
                    .arg(u.value("prompt_tokens_details").toObject().value("cached_tokens").toInteger()));
            continue;
        }
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject delta = choice.value("delta").toObject();
        if (!choice.contains("finish_reason"))
            return QStringLiteral("chunk without finish_reason");
        if (!choice.value("finish_reason").isNull()) {
            if (!delta.isEmpty())
                return QStringLiteral("finish chunk with a non-empty delta");
            out->items.append(QStringLiteral("finish ") + choice.value("finish_reason").toString());
        } else if (delta.contains("role")) {
            if (delta.value("role").toString() != QLatin1String("assistant")
                || delta.value("content").toString() != QString())
                return QStringLiteral("role chunk wrong");
            out->items.append(QStringLiteral("role"));
        } else if (delta.contains("content")) {
            out->items.append(QStringLiteral("content ") + delta.value("content").toString());
        } else if (delta.contains("reasoning_content")) {
            out->items.append(QStringLiteral("reasoning ") + delta.value("reasoning_content").toString());
        } else if (delta.contains("tool_calls")) {
            const QJsonObject call = delta.value("tool_calls").toArray().first().toObject();
            const QJsonObject function = call.value("function").toObject();
            const QString k = QString::number(call.value("index").toInt(-1));
            if (call.contains("id"))
                out->items.append(QStringLiteral("tool %1 %2 %3 %4 [%5]")
                                      .arg(k, call.value("id").toString(), call.value("type").toString(),
                                           function.value("name").toString(),
                                           function.value("arguments").toString()));
            else
                out->items.append(
                    QStringLiteral("args %1 %2").arg(k, function.value("arguments").toString()));
        } else {
            return QStringLiteral("unrecognised chunk: ") + QString::fromUtf8(line);
        }
    }
    return {};
}

// OpenAI stream rules: role first, tool indices contiguous and announced before their arguments,
// one finish, usage after it, [DONE] last, nothing after an error and no [DONE] with one.
QString checkOpenAIInvariants(const QStringList &items)
{
    bool role = false;
    bool finished = false;
    bool done = false;
    bool errored = false;
    int tools = 0;
    for (const QString &item : items) {
        if (done || errored)
            return QStringLiteral("item after [DONE]/error: ") + item;
        if (item == QLatin1String("comment ping"))
            continue;
        if (item.startsWith(QLatin1String("error "))) {
            errored = true;
            continue;
        }
        if (item == QLatin1String("[DONE]")) {
            if (!finished)
                return QStringLiteral("[DONE] without a finish chunk");
            done = true;
            continue;
        }
        if (!role) {
            if (item != QLatin1String("role"))
                return QStringLiteral("first chunk is not the role chunk: ") + item;
            role = true;
            continue;
        }
        if (item == QLatin1String("role"))
            return QStringLiteral("second role chunk");
        if (item.startsWith(QLatin1String("usage "))) {
            if (!finished)
                return QStringLiteral("usage before finish");
            continue;
        }
        if (finished)
            return QStringLiteral("chunk after finish: ") + item;
        if (item.startsWith(QLatin1String("finish "))) {
            finished = true;
        } else if (item.startsWith(QLatin1String("tool "))) {
            if (item.section(QLatin1Char(' '), 1, 1).toInt() != tools++)
                return QStringLiteral("tool index not contiguous: ") + item;
        } else if (item.startsWith(QLatin1String("args "))) {
            if (item.section(QLatin1Char(' '), 1, 1).toInt() >= tools)
                return QStringLiteral("arguments for an unannounced tool: ") + item;
        }
    }
    if (role && !done && !errored)
        return QStringLiteral("stream neither completed nor failed");
    return {};
}

QString verifyOpenAIOutput(const QByteArray &output, const QStringList &expected,
                           const QByteArray &expectedId = {})
{
    OpenAIOutput parsed;
    QString error = parseOpenAI(output, &parsed, expectedId);
    if (error.isEmpty())
        error = checkOpenAIInvariants(parsed.items);
    if (error.isEmpty())
        error = compareItems(parsed.items, expected);
    return error;
}

const QStringList ReferenceExpected = {
    "message_start",
    "start 0 thinking",
    "delta 0 thinking_delta Need to",
    "delta 0 thinking_delta  read main.cpp.",
    "delta 0 signature_delta <proxy-sig>",
    "stop 0",
    "start 1 text",
    "delta 1 text_delta Let me read it.",
    "stop 1",
    "start 2 tool_use call_abc Read",
    "delta 2 input_json_delta {\"file_path\":",
    "delta 2 input_json_delta \"/src/main.cpp\"}",
    "stop 2",
    "message_delta tool_use {\"cache_read_input_tokens\":4096,\"input_tokens\":812,\"output_tokens\":61}",
    "message_stop",
};

} // namespace

class TestStreamCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- OpenAI stream -> Anthropic SSE (golden 28-43) ----

    void golden28_referenceConversion()
    {
        const QString error = verifyOpenAIGolden(ReferenceOpenAIStream, ReferenceExpected);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // The signature belongs to the thinking text it closes, and the result is what the usage
        // record needs.
        OpenAIToAnthropicStream codec(openAIOptions());
        int firstContentCalls = 0;
        codec.setFirstContentCallback([&] { ++firstContentCalls; });
        QList<Frame> frames;
        QVERIFY(parseAnthropic(run(codec, ReferenceOpenAIStream), &frames).isEmpty());
        const QString signature = frames[4].payload.value("delta").toObject().value("signature").toString();
        QCOMPARE(signature.toUtf8(), Wire::proxySignature("Need to read main.cpp."));
        QCOMPARE(codec.state(), StreamCodec::State::Completed);
        QCOMPARE(codec.stopReason(), QByteArray("tool_use"));
        QCOMPARE(codec.finishReason(), QByteArray("tool_calls"));
        QCOMPARE(codec.usage().inputTokens, 812);
        QCOMPARE(codec.usage().cacheReadTokens, 4096);
        QCOMPARE(codec.usage().outputTokens, 61);
        QVERIFY(codec.usage().present);
        QVERIFY(codec.errorClass().isEmpty());
        QVERIFY(codec.firstContentSeen());
        QCOMPARE(firstContentCalls, 1);
        QCOMPARE(codec.blockCount(), 3);
    }

    void golden29_usageAfterFinish()
    {
        // Fed chunk by chunk: after the finish chunk only block stops go out; the usage chunk
        // produces nothing; [DONE] produces the single message_delta carrying that usage.
        const QList<QByteArray> pieces = ReferenceOpenAIStream.split('\n');
        QList<QByteArray> events;
        for (const QByteArray &line : pieces) {
            if (!line.isEmpty())
                events.append(line + "\n\n");
        }
        QCOMPARE(events.size(), 9);
        OpenAIToAnthropicStream codec(openAIOptions());
        QByteArray all;
        QList<Frame> frames;
        for (int i = 0; i < events.size(); ++i) {
            codec.feed(events[i]);
            const QByteArray out = codec.takeOutput();
            all += out;
            QVERIFY(parseAnthropic(out, &frames).isEmpty());
            if (i == 6)
                QCOMPARE(describeAll(frames), QStringList({"stop 2"}));
            if (i == 7)
                QVERIFY2(out.isEmpty(), out.constData());
            if (i == 8)
                QCOMPARE(describeAll(frames),
                         QStringList({ReferenceExpected.at(13), ReferenceExpected.at(14)}));
        }
        QCOMPARE(codec.state(), StreamCodec::State::Completed);
        QString error = verifyAnthropicOutput(all, ReferenceExpected);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // The same with a plain text answer and usage without cache details.
        const QByteArray input =
            upstream({textChunk("Hi"), finishChunk("stop"), usageChunk(100, 7), "[DONE]"});
        error = verifyOpenAIGolden(input,
                                   {
                                       "message_start",
                                       "start 0 text",
                                       "delta 0 text_delta Hi",
                                       "stop 0",
                                       "message_delta end_turn {\"input_tokens\":100,\"output_tokens\":7}",
                                       "message_stop",
                                   });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void zeroUsageReportsAreIgnored()
    {
        const QJsonObject zero {{"prompt_tokens", 0}, {"completion_tokens", 0}, {"total_tokens", 0}};
        const QByteArray input = upstream({chunk(QJsonObject {{"content", "Hi"}}, QJsonValue::Null, zero),
                                           usageChunk(50, 5), chunk(QJsonObject(), "stop", zero), "[DONE]"});
        const QString error =
            verifyOpenAIGolden(input,
                               {
                                   "message_start",
                                   "start 0 text",
                                   "delta 0 text_delta Hi",
                                   "stop 0",
                                   "message_delta end_turn {\"input_tokens\":50,\"output_tokens\":5}",
                                   "message_stop",
                               });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void golden30_parallelToolCallsInterleaved()
    {
        const QByteArray input =
            upstream({toolChunk(0, "a", "X", ""), toolChunk(1, "b", "Y", ""), toolChunk(0, {}, {}, "{\"p\":"),
                      toolChunk(1, {}, {}, "{\"q\":"), toolChunk(0, {}, {}, "1}"), toolChunk(1, {}, {}, "2}"),
                      finishChunk("tool_calls"), "[DONE]"});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 tool_use a X",
                                                     "start 1 tool_use b Y",
                                                     "delta 0 input_json_delta {\"p\":",
                                                     "delta 1 input_json_delta {\"q\":",
                                                     "delta 0 input_json_delta 1}",
                                                     "delta 1 input_json_delta 2}",
                                                     "stop 0",
                                                     "stop 1",
                                                     "message_delta tool_use " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void golden31_nameArrivesLate()
    {
        const QByteArray input = upstream({toolChunk(0, "c1", "", "{\"a\":"), toolChunk(0, {}, "Grep", {}),
                                           toolChunk(0, {}, {}, "1}"), finishChunk("tool_calls"), "[DONE]"});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 tool_use c1 Grep",
                                                     "delta 0 input_json_delta {\"a\":",
                                                     "delta 0 input_json_delta 1}",
                                                     "stop 0",
                                                     "message_delta tool_use " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void golden32_nameNeverArrives()
    {
        const QByteArray input = upstream({toolChunk(0, {}, {}, "{}"), finishChunk("tool_calls"), "[DONE]"});
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("never got a name.*unknown_tool")));
        OpenAIToAnthropicStream codec(openAIOptions());
        const QString error = verifyAnthropicOutput(run(codec, input),
                                                    {
                                                        "message_start",
                                                        "start 0 tool_use <toolu> unknown_tool",
                                                        "delta 0 input_json_delta {}",
                                                        "stop 0",
                                                        "message_delta tool_use " + NoUsage,
                                                        "message_stop",
                                                    });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString splitError = verifyEverySplit(openAIFactory(), input);
        QVERIFY2(splitError.isEmpty(), qPrintable(splitError));
    }

    void golden33_duplicateFinish()
    {
        const QByteArray input = upstream(
            {toolChunk(0, "call_1", "f", "{}"), finishChunk("tool_calls", QJsonValue::Null),
             finishChunk(
                 "tool_calls",
                 QJsonObject {{"prompt_tokens", 100}, {"completion_tokens", 20}, {"total_tokens", 120}}),
             "[DONE]"});
        const QString error =
            verifyOpenAIGolden(input,
                               {
                                   "message_start",
                                   "start 0 tool_use call_1 f",
                                   "delta 0 input_json_delta {}",
                                   "stop 0",
                                   "message_delta tool_use {\"input_tokens\":100,\"output_tokens\":20}",
                                   "message_stop",
                               });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void golden34_contentAndFinishInOneChunk()
    {
        const QByteArray input = upstream({textChunk("Hi", "stop"), "[DONE]"});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 text",
                                                     "delta 0 text_delta Hi",
                                                     "stop 0",
                                                     "message_delta end_turn " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void golden35_emptyStringFinishReason()
    {
        const QByteArray input = upstream(
            {textChunk("A", ""), textChunk("B", ""), finishChunk(""), textChunk("C", "stop"), "[DONE]"});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 text",
                                                     "delta 0 text_delta A",
                                                     "delta 0 text_delta B",
                                                     "delta 0 text_delta C",
                                                     "stop 0",
                                                     "message_delta end_turn " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void golden36_whitespaceBeforeTools()
    {
        const QByteArray input = upstream({textChunk("\n\n"), toolChunk(0, "call_1", "Read", "{\"p\":1}"),
                                           finishChunk("tool_calls"), "[DONE]"});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 tool_use call_1 Read",
                                                     "delta 0 input_json_delta {\"p\":1}",
                                                     "stop 0",
                                                     "message_delta tool_use " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // Whitespace that does precede real text is kept in that text.
        const QByteArray kept = upstream({textChunk("\n\n"), textChunk("Hi"), finishChunk("stop"), "[DONE]"});
        const QString keptError = verifyOpenAIGolden(kept,
                                                     {
                                                         "message_start",
                                                         "start 0 text",
                                                         "delta 0 text_delta \n\nHi",
                                                         "stop 0",
                                                         "message_delta end_turn " + NoUsage,
                                                         "message_stop",
                                                     });
        QVERIFY2(keptError.isEmpty(), qPrintable(keptError));
    }

    void golden37_textAfterToolCall()
    {
        const QByteArray input = upstream({toolChunk(0, "call_1", "Read", "{\"p\":1}"), textChunk("done"),
                                           finishChunk("tool_calls"), "[DONE]"});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 tool_use call_1 Read",
                                                     "delta 0 input_json_delta {\"p\":1}",
                                                     "stop 0",
                                                     "start 1 text",
                                                     "delta 1 text_delta done",
                                                     "stop 1",
                                                     "message_delta tool_use " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void lateReasoningAfterToolCall()
    {
        // Same rule for reasoning: it becomes a complete, signed thinking block after the tools.
        const QByteArray input =
            upstream({toolChunk(0, "call_1", "Read", "{}"), chunk(QJsonObject {{"reasoning_content", "hmm"}}),
                      textChunk("   "), finishChunk("tool_calls"), "[DONE]"});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 tool_use call_1 Read",
                                                     "delta 0 input_json_delta {}",
                                                     "stop 0",
                                                     "start 1 thinking",
                                                     "delta 1 thinking_delta hmm",
                                                     "delta 1 signature_delta <proxy-sig>",
                                                     "stop 1",
                                                     "message_delta tool_use " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void golden38_upstreamCut()
    {
        const QByteArray input = upstream({textChunk("Hel"), textChunk("lo")});
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("ended before a finish_reason")));
        OpenAIToAnthropicStream codec(openAIOptions());
        const QString error = verifyAnthropicOutput(run(codec, input),
                                                    {
                                                        "message_start",
                                                        "start 0 text",
                                                        "delta 0 text_delta Hel",
                                                        "delta 0 text_delta lo",
                                                        "error api_error",
                                                    });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(codec.state(), StreamCodec::State::Failed);
        QCOMPARE(codec.errorClass(), QByteArray("upstream_cut"));
        QVERIFY(codec.hasEmittedAnything());
        QVERIFY(!codec.failedBeforeStart());
        QVERIFY(codec.keepAlive().isEmpty()); // closed: nothing more may be written
        const QString splitError = verifyEverySplit(openAIFactory(), input);
        QVERIFY2(splitError.isEmpty(), qPrintable(splitError));

        // An abnormal end (finish(false)) is a cut too, even if the last event looked complete.
        QTest::ignoreMessage(
            QtWarningMsg, QRegularExpression(QStringLiteral("ended before a finish_reason \\(aborted\\)")));
        OpenAIToAnthropicStream aborted(openAIOptions());
        aborted.feed(upstream({textChunk("Hel")}) + "data: " + textChunk("lo"));
        aborted.finish(false);
        QList<Frame> frames;
        QVERIFY(parseAnthropic(aborted.takeOutput(), &frames).isEmpty());
        QCOMPARE(describeAll(frames).last(), QStringLiteral("error api_error"));
        QVERIFY(!describeAll(frames).contains(QStringLiteral("delta 0 text_delta lo")));
    }

    void golden39_eofAfterFinishWithoutDone()
    {
        const QByteArray input = upstream({textChunk("Hi"), finishChunk("stop")});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 text",
                                                     "delta 0 text_delta Hi",
                                                     "stop 0",
                                                     "message_delta end_turn " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The last event may even lack its blank line.
        OpenAIToAnthropicStream codec(openAIOptions());
        run(codec, upstream({textChunk("Hi")}) + "data: " + finishChunk("length"));
        QCOMPARE(codec.state(), StreamCodec::State::Completed);
        QCOMPARE(codec.stopReason(), QByteArray("max_tokens"));
    }

    void golden40_errorChunkBeforeContent()
    {
        const QByteArray input =
            upstream({js("{'error':{'message':'overloaded'}}"), textChunk("never"), "[DONE]"});
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("upstream error inside the stream")));
        OpenAIToAnthropicStream codec(openAIOptions());
        QVERIFY(!codec.keepAlive().isEmpty()); // pings are allowed while waiting
        const QByteArray output = run(codec, input);
        QVERIFY2(output.isEmpty(), output.constData());
        QVERIFY(!codec.hasEmittedAnything());
        QVERIFY(!codec.hasStarted());
        QVERIFY(codec.failedBeforeStart());
        QCOMPARE(codec.errorClass(), QByteArray("upstream_error"));
        QCOMPARE(codec.upstreamError().type, QByteArray("overloaded_error"));
        QCOMPARE(codec.upstreamError().httpStatus, 529);
        QCOMPARE(codec.upstreamError().message, QByteArray("overloaded"));
        QVERIFY(codec.upstreamError().raw.contains("overloaded"));
        // A caller that already sent headers and pings can still close with a proper event.
        QList<Frame> frames;
        QVERIFY(parseAnthropic(codec.errorFrame("overloaded_error", "overloaded"), &frames).isEmpty());
        QCOMPARE(describeAll(frames), QStringList({"error overloaded_error"}));
    }

    void errorChunkClassification_data()
    {
        QTest::addColumn<QByteArray>("error");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::newRow("numeric code")
            << (js("{'code':429,'message':'slow down'}")) << 429 << QByteArray("rate_limit_error");
        QTest::newRow("quota") << QByteArray(
            js("{'message':'x','type':'insufficient_quota','code':'insufficient_quota'}"))
                               << 429 << QByteArray("rate_limit_error");
        QTest::newRow("bad key") << QByteArray(
            js("{'message':'bad','type':'invalid_request_error','code':'invalid_api_key'}"))
                                 << 401 << QByteArray("authentication_error");
        QTest::newRow("context") << (js("{'message':'too long','code':'context_length_exceeded'}")) << 400
                                 << QByteArray("invalid_request_error");
        QTest::newRow("string") << (js("'something broke'")) << 500 << QByteArray("api_error");
        QTest::newRow("server 502") << (js("{'code':502,'message':'bad gateway'}")) << 502
                                    << QByteArray("api_error");
    }

    void errorChunkClassification()
    {
        QFETCH(QByteArray, error);
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        QuietProxyLog quiet;
        OpenAIToAnthropicStream codec(openAIOptions());
        run(codec, upstream({"{\"error\":" + error + "}"}));
        QVERIFY(codec.failedBeforeStart());
        QCOMPARE(codec.upstreamError().httpStatus, status);
        QCOMPARE(codec.upstreamError().type, type);
    }

    void errorChunkAfterStart()
    {
        // After the commit point the error becomes an event Claude Code retries; no message_stop.
        const QByteArray input =
            upstream({textChunk("Hi"), js("{'error':{'message':'overloaded'}}"), "[DONE]"});
        QuietProxyLog quiet;
        OpenAIToAnthropicStream codec(openAIOptions());
        const QString error = verifyAnthropicOutput(run(codec, input),
                                                    {
                                                        "message_start",
                                                        "start 0 text",
                                                        "delta 0 text_delta Hi",
                                                        "error overloaded_error",
                                                    });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(codec.errorClass(), QByteArray("upstream_error"));
        QCOMPARE(codec.state(), StreamCodec::State::Failed);
        // An SSE event named "error" counts as an error whatever its shape (openai-node).
        OpenAIToAnthropicStream named(openAIOptions());
        const QString namedError = verifyAnthropicOutput(
            run(named, upstream({textChunk("Hi")}) + "event: error\ndata: {\"message\":\"boom\"}\n\n"),
            {"message_start", "start 0 text", "delta 0 text_delta Hi", "error api_error"});
        QVERIFY2(namedError.isEmpty(), qPrintable(namedError));
    }

    void emptyStreamIsAnUpstreamFailure()
    {
        for (const QByteArray &input : {QByteArray(), QByteArray(": keep-alive\n\n"), upstream({"[DONE]"})}) {
            OpenAIToAnthropicStream codec(openAIOptions());
            QVERIFY(run(codec, input).isEmpty());
            QVERIFY(codec.failedBeforeStart());
            QCOMPARE(codec.errorClass(), QByteArray("empty_response"));
            QCOMPARE(codec.upstreamError().type, QByteArray("api_error"));
        }
    }

    void plainJsonErrorBody()
    {
        // A 200 whose body is an error object instead of a stream is that error (protocols 8).
        OpenAIToAnthropicStream openAI(openAIOptions());
        QVERIFY(
            run(openAI, js("  {'error':{'message':'Insufficient balance','type':'insufficient_quota'}}\n"))
                .isEmpty());
        QVERIFY(openAI.failedBeforeStart());
        QCOMPARE(openAI.errorClass(), QByteArray("upstream_error"));
        QCOMPARE(openAI.upstreamError().httpStatus, 429);
        QCOMPARE(openAI.upstreamError().message, QByteArray("Insufficient balance"));

        const QByteArray anthropicBody =
            js("{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}");
        for (const Factory &factory : {anthropicFactory(), observerFactory()}) {
            auto codec = factory();
            QVERIFY(run(*codec, anthropicBody).isEmpty());
            QVERIFY(codec->failedBeforeStart());
            QCOMPARE(codec->upstreamError().type, QByteArray("overloaded_error"));
            QCOMPARE(codec->upstreamError().httpStatus, 529);
        }
        // Anything else that is not a stream stays an empty response.
        OpenAIToAnthropicStream other(openAIOptions());
        run(other, js("{'id':'x','choices':[]}"));
        QCOMPARE(other.errorClass(), QByteArray("empty_response"));
    }

    void transportFailure()
    {
        // Before the start: nothing emitted, the caller decides. After: an error event closes.
        OpenAIToAnthropicStream early(openAIOptions());
        early.fail("timeout_error", "upstream timed out", "timeout");
        QVERIFY(early.output().isEmpty());
        QVERIFY(early.failedBeforeStart());
        QCOMPARE(early.upstreamError().httpStatus, 504);
        QCOMPARE(early.errorClass(), QByteArray("timeout"));

        OpenAIToAnthropicStream late(openAIOptions());
        QByteArray out = run(late, upstream({textChunk("Hi")}), {}, false);
        late.fail("overloaded_error", "upstream idle");
        out += late.takeOutput();
        const QString error = verifyAnthropicOutput(
            out, {"message_start", "start 0 text", "delta 0 text_delta Hi", "error overloaded_error"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(late.errorClass(), QByteArray("transport"));
        // Later input and a second end change nothing.
        late.feed(upstream({textChunk("more"), "[DONE]"}));
        late.finish();
        QVERIFY(late.output().isEmpty());
    }

    void garbageChunkIsSkipped()
    {
        QByteArray input = ReferenceOpenAIStream;
        input.insert(input.indexOf("data: ", 10),
                     "data: {\"choices\":[{\"delta\":{\"content\":\"x\"\n\n"
                     "data: not json at all\n\n"
                     "data: [1,2,3]\n\n");
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("skipping unparsable")));
        OpenAIToAnthropicStream codec(openAIOptions());
        const QString error = verifyAnthropicOutput(run(codec, input), ReferenceExpected);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void toolIdsSanitisedAndNamesRestored()
    {
        Wire::ToolNameRegistry registry;
        const QByteArray longName = "mcp__some_server_with_a_long_name__and_a_tool_name_that_goes_on_and_on";
        const QByteArray outbound = registry.registerToolName(longName.toStdString());
        QVERIFY(outbound != longName);
        const QByteArray input =
            upstream({toolChunk(0, "functions.Read:0", QString::fromUtf8(outbound), "{}"),
                      finishChunk("tool_calls"), "[DONE]"});
        OpenAIToAnthropicStream codec(openAIOptions(&registry));
        const QString error =
            verifyAnthropicOutput(run(codec, input),
                                  {
                                      "message_start",
                                      "start 0 tool_use functions_Read_0 " + QString::fromUtf8(longName),
                                      "delta 0 input_json_delta {}",
                                      "stop 0",
                                      "message_delta tool_use " + NoUsage,
                                      "message_stop",
                                  });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(registry.upstreamToolId("functions_Read_0"), QByteArray("functions.Read:0"));
    }

    void reusedToolIndexGetsItsOwnBlock()
    {
        // Some compatibles number every call 0: a new id is a new call and a new block.
        const QByteArray input =
            upstream({toolChunk(0, "a", "X", "{\"p\":1}"), toolChunk(0, "b", "Y", "{\"q\":2}"),
                      finishChunk("tool_calls"), "[DONE]"});
        const QString error = verifyOpenAIGolden(input,
                                                 {
                                                     "message_start",
                                                     "start 0 tool_use a X",
                                                     "delta 0 input_json_delta {\"p\":1}",
                                                     "start 1 tool_use b Y",
                                                     "delta 1 input_json_delta {\"q\":2}",
                                                     "stop 0",
                                                     "stop 1",
                                                     "message_delta tool_use " + NoUsage,
                                                     "message_stop",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // Calls without any index, matched by id and then by the last call opened.
        const QByteArray unindexed =
            upstream({toolChunk(-1, "a", "X", "{\"p\":"), toolChunk(-1, {}, {}, "1}"),
                      toolChunk(-1, "b", "Y", "{}"), finishChunk("tool_calls"), "[DONE]"});
        const QString unindexedError = verifyOpenAIGolden(unindexed,
                                                          {
                                                              "message_start",
                                                              "start 0 tool_use a X",
                                                              "delta 0 input_json_delta {\"p\":",
                                                              "delta 0 input_json_delta 1}",
                                                              "start 1 tool_use b Y",
                                                              "delta 1 input_json_delta {}",
                                                              "stop 0",
                                                              "stop 1",
                                                              "message_delta tool_use " + NoUsage,
                                                              "message_stop",
                                                          });
        QVERIFY2(unindexedError.isEmpty(), qPrintable(unindexedError));
    }

    void cutOffToolArgumentsAreCompleted()
    {
        // max_tokens inside a tool call: the block still closes with an input that parses.
        const QByteArray input =
            upstream({toolChunk(0, "call_1", "Write", "{\"path\":\"a.txt\",\"text\":\"hel"),
                      finishChunk("length"), "[DONE]"});
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cut off; completing")));
        OpenAIToAnthropicStream codec(openAIOptions());
        const QString error =
            verifyAnthropicOutput(run(codec, input),
                                  {
                                      "message_start",
                                      "start 0 tool_use call_1 Write",
                                      "delta 0 input_json_delta {\"path\":\"a.txt\",\"text\":\"hel",
                                      "delta 0 input_json_delta \"}",
                                      "stop 0",
                                      "message_delta tool_use " + NoUsage,
                                      "message_stop",
                                  });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void whitespaceGuardAbortsRunawayArguments()
    {
        QByteArray input = upstream({toolChunk(0, "call_1", "Read", "{\"p\":")});
        for (int i = 0; i < 10; ++i)
            input += upstream({toolChunk(0, {}, {}, QString(60, QLatin1Char(i % 2 ? ' ' : '\n')))});
        input += upstream({toolChunk(0, {}, {}, "1}"), finishChunk("tool_calls"), "[DONE]"});
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("degenerated into whitespace")));
        OpenAIToAnthropicStream codec(openAIOptions());
        const QByteArray output = run(codec, input);
        QList<Frame> frames;
        QVERIFY(parseAnthropic(output, &frames).isEmpty());
        QVERIFY2(checkInvariants(frames, false).isEmpty(), qPrintable(checkInvariants(frames, false)));
        QCOMPARE(describeAll(frames).last(), QStringLiteral("error api_error"));
        QCOMPARE(codec.errorClass(), QByteArray("tool_args_whitespace"));
        // The guard counts consecutive whitespace only, across fragments; 0 disables it.
        auto options = openAIOptions();
        options.whitespaceGuard = 0;
        OpenAIToAnthropicStream unguarded(options);
        run(unguarded, input);
        QCOMPARE(unguarded.state(), StreamCodec::State::Completed);
    }

    void golden42_utf8Split()
    {
        const QByteArray input = upstream(
            {textChunk(QStringLiteral("Preis: 5 \u20AC, \U0001F600")), finishChunk("stop"), "[DONE]"});
        const qsizetype euro = input.indexOf("\xE2\x82\xAC");
        QVERIFY(euro > 0);
        for (qsizetype cut : {euro + 1, euro + 2}) {
            OpenAIToAnthropicStream codec(openAIOptions());
            const QByteArray output = run(codec, input, {cut});
            QVERIFY(!QString::fromUtf8(output).contains(QChar::ReplacementCharacter));
            const QString error =
                verifyAnthropicOutput(output,
                                      {
                                          "message_start",
                                          "start 0 text",
                                          QStringLiteral("delta 0 text_delta Preis: 5 \u20AC, \U0001F600"),
                                          "stop 0",
                                          "message_delta end_turn " + NoUsage,
                                          "message_stop",
                                      });
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        const QString splitError = verifyEverySplit(openAIFactory(), input);
        QVERIFY2(splitError.isEmpty(), qPrintable(splitError));
    }

    void golden43_crlfFraming()
    {
        QByteArray crlf = ReferenceOpenAIStream;
        crlf.replace("\n", "\r\n").replace("data: ", "data:");
        OpenAIToAnthropicStream lf(openAIOptions());
        OpenAIToAnthropicStream cr(openAIOptions());
        const QByteArray reference = run(lf, ReferenceOpenAIStream);
        QCOMPARE(run(cr, crlf), reference);
        const QString error = verifyOpenAIGolden(crlf, ReferenceExpected);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // ---- Keep-alive (golden 41, codec half) ----

    void golden41_pingsOnlyBetweenEvents_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("openai-to-anthropic") << 0;
        QTest::newRow("anthropic-to-openai") << 1;
        QTest::newRow("anthropic-observer") << 2;
    }

    void golden41_pingsOnlyBetweenEvents()
    {
        QFETCH(int, kind);
        const Factory factory = kind == 0 ? openAIFactory()
            : kind == 1                   ? anthropicFactory()
                                          : observerFactory();
        const QByteArray input = kind == 0 ? ReferenceOpenAIStream : ReferenceAnthropicStream;
        const QByteArray expectedPing =
            kind == 1 ? QByteArray(": ping\n\n") : QByteArray("event: ping\ndata: {\"type\":\"ping\"}\n\n");

        // Before anything arrived, a ping is allowed.
        auto codec = factory();
        QCOMPARE(codec->keepAlive(), expectedPing);

        // Fed byte by byte with a ping written after every drain, as a caller's timer might.
        QByteArray client;
        int pings = 0;
        for (char c : input) {
            codec->feed(&c, 1);
            client += codec->output();
            codec->clearOutput();
            const QByteArray ping = codec->keepAlive();
            if (!ping.isEmpty()) {
                QCOMPARE(ping, expectedPing);
                client += ping;
                ++pings;
            }
        }
        codec->finish();
        client += codec->takeOutput();
        QVERIFY(codec->keepAlive().isEmpty()); // finished: nothing more
        QVERIFY(pings > 100);

        // Parsed strictly, the pinged stream is the unpinged stream plus whole ping frames.
        const QByteArray reference = run(*factory(), input);
        if (kind == 1) {
            OpenAIOutput withPings;
            OpenAIOutput without;
            QVERIFY(parseOpenAI(client, &withPings).isEmpty());
            QVERIFY(parseOpenAI(reference, &without).isEmpty());
            withPings.items.removeAll(QStringLiteral("comment ping"));
            without.items.removeAll(QStringLiteral("comment ping"));
            QCOMPARE(withPings.items, without.items);
        } else {
            QList<Frame> withPings;
            QList<Frame> without;
            const QString error = parseAnthropic(client, &withPings);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QVERIFY(parseAnthropic(reference, &without).isEmpty());
            QVERIFY2(checkInvariants(withPings).isEmpty(), qPrintable(checkInvariants(withPings)));
            QCOMPARE(describeAll(withPings), describeAll(without));
            QVERIFY(describeAll(withPings, true).count(QStringLiteral("ping")) >= pings);
        }
    }

    // ---- Anthropic SSE -> OpenAI chunks (golden 45-47) ----

    void golden45_streamingBackToOpenAI()
    {
        const QStringList expected = {
            "role",
            "comment ping",
            "content Let me read it.",
            "tool 0 toolu_01XyZ function Read []",
            "args 0 {\"file_path\": \"/src/ma",
            "args 0 in.cpp\"}",
            "finish tool_calls",
            "usage p=4908 c=61 t=4969 cached=4096",
            "[DONE]",
        };
        AnthropicToOpenAIStream codec(anthropicOptions(true));
        QString error =
            verifyOpenAIOutput(run(codec, ReferenceAnthropicStream), expected, "chatcmpl-msg_01AbCdEf");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(codec.state(), StreamCodec::State::Completed);
        QCOMPARE(codec.stopReason(), QByteArray("tool_use"));
        QCOMPARE(codec.finishReason(), QByteArray("tool_calls"));
        QCOMPARE(codec.usage().inputTokens, 812);
        QCOMPARE(codec.usage().outputTokens, 61);
        QCOMPARE(codec.usage().cacheReadTokens, 4096);
        QVERIFY(codec.firstContentSeen());

        // Without include_usage: no usage chunk. With reasoning opted in: the thinking text.
        AnthropicToOpenAIStream plain(anthropicOptions(false, true));
        QStringList withReasoning = expected;
        withReasoning.removeAll(QStringLiteral("usage p=4908 c=61 t=4969 cached=4096"));
        withReasoning.insert(2, QStringLiteral("reasoning Need to read main.cpp."));
        error = verifyOpenAIOutput(run(plain, ReferenceAnthropicStream), withReasoning);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        error = verifyEverySplit(anthropicFactory(), ReferenceAnthropicStream);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void stopReasonMappingBack()
    {
        for (const auto &[stop, finish] :
             {std::pair {"max_tokens", "length"}, std::pair {"refusal", "content_filter"},
              std::pair {"stop_sequence", "stop"}, std::pair {"end_turn", "stop"}}) {
            const QByteArray input = anthropicEvent("message_start",
                                                    js("{'type':'message_start','message':{'id':'msg_1','"
                                                       "usage':{'input_tokens':1,'output_tokens':1}}}"))
                + anthropicEvent("message_delta",
                                 (js("{'type':'message_delta','delta':{'stop_reason':'")) + stop
                                     + js("','stop_sequence':null},'usage':{'output_tokens':3}}"))
                + anthropicEvent("message_stop", js("{'type':'message_stop'}"));
            AnthropicToOpenAIStream codec(anthropicOptions(false));
            const QString error = verifyOpenAIOutput(
                run(codec, input), {"role", QStringLiteral("finish ") + QLatin1String(finish), "[DONE]"});
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
    }

    void parallelToolBlocksBack()
    {
        // Tool indices count tool blocks only, in order, whatever the Anthropic block index.
        QByteArray input = anthropicTextOpening("msg_2", 5, "Two calls.");
        input += anthropicEvent("content_block_stop", js("{'type':'content_block_stop','index':0}"));
        for (int i = 1; i <= 2; ++i) {
            const QByteArray n = QByteArray::number(i);
            input += anthropicEvent("content_block_start",
                                    js("{'type':'content_block_start','index':") + n
                                        + js(",'content_block':{'type':'tool_use','id':'toolu_") + n
                                        + js("','name':'T") + n + js("','input':{}}}"));
            input += anthropicEvent("content_block_delta",
                                    js("{'type':'content_block_delta','index':") + n
                                        + js(",'delta':{'type':'input_json_delta','partial_json':'{}'}}"));
            input +=
                anthropicEvent("content_block_stop", js("{'type':'content_block_stop','index':") + n + "}");
        }
        input += anthropicEvent("message_delta",
                                js("{'type':'message_delta','delta':{'stop_reason':'tool_use','stop_sequence'"
                                   ":null},'usage':{'output_tokens':9}}"));
        input += anthropicEvent("message_stop", js("{'type':'message_stop'}"));
        AnthropicToOpenAIStream codec(anthropicOptions(true));
        const QString error = verifyOpenAIOutput(run(codec, input),
                                                 {
                                                     "role",
                                                     "content Two calls.",
                                                     "tool 0 toolu_1 function T1 []",
                                                     "args 0 {}",
                                                     "tool 1 toolu_2 function T2 []",
                                                     "args 1 {}",
                                                     "finish tool_calls",
                                                     "usage p=5 c=9 t=14 cached=0",
                                                     "[DONE]",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void golden47_midStreamErrorBack()
    {
        QByteArray input = anthropicTextOpening("msg_3", 5, "Hi");
        input += anthropicEvent(
            "error", js("{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}"));
        input += anthropicEvent("message_stop", js("{'type':'message_stop'}")); // must be ignored
        AnthropicToOpenAIStream codec(anthropicOptions(true));
        const QByteArray output = run(codec, input);
        const QString error = verifyOpenAIOutput(output, {"role", "content Hi", "error overloaded_error"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!output.contains("[DONE]"));
        QVERIFY(output.contains(js("'message':'Overloaded'")));
        QCOMPARE(codec.state(), StreamCodec::State::Failed);
        QCOMPARE(codec.errorClass(), QByteArray("upstream_error"));
        QCOMPARE(codec.upstreamError().httpStatus, 529);
        const QString splitError = verifyEverySplit(anthropicFactory(), input);
        QVERIFY2(splitError.isEmpty(), qPrintable(splitError));

        // Before message_start the same event leaves the caller free to fail over.
        AnthropicToOpenAIStream early(anthropicOptions(true));
        QVERIFY(run(early,
                    anthropicEvent(
                        "error",
                        js("{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}")))
                    .isEmpty());
        QVERIFY(early.failedBeforeStart());
        QCOMPARE(early.upstreamError().type, QByteArray("overloaded_error"));
    }

    void anthropicCutBackToOpenAI()
    {
        const QByteArray input =
            ReferenceAnthropicStream.left(ReferenceAnthropicStream.indexOf("event: message_delta"));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ended before message_stop")));
        AnthropicToOpenAIStream codec(anthropicOptions(true));
        const QString error = verifyOpenAIOutput(run(codec, input),
                                                 {
                                                     "role",
                                                     "comment ping",
                                                     "content Let me read it.",
                                                     "tool 0 toolu_01XyZ function Read []",
                                                     "args 0 {\"file_path\": \"/src/ma",
                                                     "args 0 in.cpp\"}",
                                                     "error api_error",
                                                 });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(codec.errorClass(), QByteArray("upstream_cut"));
    }

    // ---- Anthropic -> Anthropic observer ----

    void observerPassesBytesThrough()
    {
        AnthropicStreamObserver observer;
        int firstContent = 0;
        observer.setFirstContentCallback([&] { ++firstContent; });
        QCOMPARE(run(observer, ReferenceAnthropicStream), ReferenceAnthropicStream);
        QCOMPARE(observer.state(), StreamCodec::State::Completed);
        QCOMPARE(observer.stopReason(), QByteArray("tool_use"));
        QCOMPARE(observer.messageId(), QByteArray("msg_01AbCdEf"));
        QCOMPARE(observer.upstreamModel(), QByteArray("claude-sonnet-4-5"));
        QCOMPARE(observer.usage().inputTokens, 812);
        QCOMPARE(observer.usage().cacheReadTokens, 4096);
        QCOMPARE(observer.usage().outputTokens, 61); // message_delta overwrote message_start's 1
        QCOMPARE(firstContent, 1);
        const QString error = verifyEverySplit(observerFactory(), ReferenceAnthropicStream);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // CRLF framing goes through byte for byte as well.
        QByteArray crlf = ReferenceAnthropicStream;
        crlf.replace("\n", "\r\n");
        AnthropicStreamObserver crlfObserver;
        QCOMPARE(run(crlfObserver, crlf), crlf);
        QCOMPARE(crlfObserver.state(), StreamCodec::State::Completed);
    }

    void observerHoldsBackPartialEvents()
    {
        AnthropicStreamObserver observer;
        const qsizetype second = ReferenceAnthropicStream.indexOf("event: content_block_start");
        observer.feed(ReferenceAnthropicStream.left(second + 10));
        QCOMPARE(observer.takeOutput(), ReferenceAnthropicStream.left(second)); // message_start only
        observer.feed(ReferenceAnthropicStream.mid(second + 10));
        QCOMPARE(observer.takeOutput(), ReferenceAnthropicStream.mid(second));
    }

    void observerCutStream()
    {
        // EOF without message_stop: a torn last event is dropped, a complete one goes through
        // (terminated), and an error event tells Claude Code to retry.
        const QByteArray &stream = ReferenceAnthropicStream;
        const qsizetype afterEvent = stream.indexOf("event: content_block_stop");
        const qsizetype afterDataLine = stream.indexOf("\n", afterEvent + 30) + 1;
        const QList<qsizetype> cuts = {stream.indexOf("main.cpp."), stream.lastIndexOf("in.cpp"), afterEvent,
                                       afterDataLine};
        QuietProxyLog quiet;
        for (qsizetype cut : cuts) {
            const QByteArray input = stream.left(cut);
            AnthropicStreamObserver observer;
            const QByteArray output = run(observer, input);
            const qsizetype lastComplete = input.lastIndexOf("\n\n") + 2;
            QVERIFY(output.startsWith(input.left(lastComplete)));
            QList<Frame> frames;
            const QString error = parseAnthropic(output, &frames);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QVERIFY2(checkInvariants(frames).isEmpty(), qPrintable(checkInvariants(frames)));
            QCOMPARE(describeAll(frames).last(), QStringLiteral("error api_error"));
            QCOMPARE(observer.errorClass(), QByteArray("upstream_cut"));
            QCOMPARE(observer.usage().inputTokens, 812); // what message_start said
            if (cut == afterDataLine) // the complete content_block_stop event was kept
                QCOMPARE(describeAll(frames).mid(describeAll(frames).size() - 2, 1), QStringList({"stop 0"}));
        }
    }

    void observerErrorBeforeStart()
    {
        const QByteArray input =
            "event: ping\ndata: {\"type\":\"ping\"}\n\n"
            + anthropicEvent(
                "error", js("{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}"));
        AnthropicStreamObserver observer;
        QVERIFY(run(observer, input).isEmpty());
        QVERIFY(observer.failedBeforeStart());
        QCOMPARE(observer.upstreamError().type, QByteArray("overloaded_error"));
        QCOMPARE(observer.upstreamError().httpStatus, 529);
        QCOMPARE(observer.upstreamError().message, QByteArray("Overloaded"));

        // After the start the upstream's own error event goes through unchanged and ends it.
        const QByteArray errorEvent =
            anthropicEvent("error", js("{'type':'error','error':{'type':'api_error','message':'Internal'}}"));
        const QByteArray started =
            ReferenceAnthropicStream.left(ReferenceAnthropicStream.indexOf("event: content_block_stop"));
        AnthropicStreamObserver late;
        QCOMPARE(
            run(late, started + errorEvent + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"),
            started + errorEvent);
        QCOMPARE(late.state(), StreamCodec::State::Failed);
        QCOMPARE(late.errorClass(), QByteArray("upstream_error"));
    }

    void observerFinalEventWithoutBlankLine()
    {
        QByteArray input = ReferenceAnthropicStream;
        input.chop(2); // "...message_stop"}" with no line end at all
        AnthropicStreamObserver observer;
        const QByteArray output = run(observer, input);
        QCOMPARE(output, ReferenceAnthropicStream);
        QCOMPARE(observer.state(), StreamCodec::State::Completed);
    }

    // ---- Robustness ----

    void everyGoldenInputSplitAtEveryByte()
    {
        // Inputs of the golden cases not already split above, through every codec they apply to.
        const QList<QByteArray> openAIInputs = {
            upstream({toolChunk(0, "a", "X", ""), toolChunk(1, "b", "Y", ""), toolChunk(0, {}, {}, "{\"p\":"),
                      toolChunk(1, {}, {}, "{\"q\":"), toolChunk(0, {}, {}, "1}"), toolChunk(1, {}, {}, "2}"),
                      finishChunk("tool_calls"), "[DONE]"}),
            upstream({textChunk("Hi", "stop"), "[DONE]"}),
            upstream({textChunk("Hi"), js("{'error':{'message':'overloaded'}}")}),
        };
        for (const QByteArray &input : openAIInputs) {
            const QString error = verifyEverySplit(openAIFactory(), input);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        QByteArray crlf = ReferenceAnthropicStream;
        crlf.replace("\n", "\r\n").replace("data: ", "data:");
        for (const Factory &factory : {anthropicFactory(), observerFactory()}) {
            const QString error = verifyEverySplit(factory, crlf);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
    }

    void randomInputNeverBreaksInvariants()
    {
        // Mutated golden streams and plain noise, fed in random pieces (fixed seed). Whatever the
        // upstream sends, the Anthropic output keeps the 1.7 invariants (tool JSON aside: garbage
        // arguments cannot be repaired after they were streamed) and the OpenAI output stays a
        // well-formed chunk stream.
        QuietProxyLog quiet;
        QRandomGenerator rng(20240611);
        const QList<QByteArray> openAISeeds = {
            ReferenceOpenAIStream,
            upstream({toolChunk(0, "a", "X", ""), toolChunk(1, "b", "Y", "{\"q\":"), textChunk("t"),
                      chunk(QJsonObject {{"reasoning", "r"}}), toolChunk(0, {}, {}, "{}"),
                      finishChunk("stop"), "[DONE]"}),
        };
        const QList<QByteArray> anthropicSeeds = {ReferenceAnthropicStream};
        const QByteArray alphabet = "{}[]\":,\\ \n\rdata: event:abc0123[DONE]\xE2\x82\xAC";
        auto mutate = [&](QByteArray input) {
            const int mode = int(rng.bounded(4));
            if (mode == 0) { // noise
                input.resize(qsizetype(rng.bounded(600)));
                for (char &c : input)
                    c = char(rng.bounded(2) ? alphabet.at(rng.bounded(int(alphabet.size())))
                                            : char(rng.bounded(256)));
                return input;
            }
            const int edits = 1 + int(rng.bounded(6));
            for (int i = 0; i < edits && !input.isEmpty(); ++i) {
                const qsizetype at = qsizetype(rng.bounded(int(input.size())));
                if (mode == 1)
                    input[at] = alphabet.at(rng.bounded(int(alphabet.size())));
                else if (mode == 2)
                    input.remove(at, qsizetype(rng.bounded(40)));
                else
                    input.insert(
                        at, input.mid(qsizetype(rng.bounded(int(input.size()))), qsizetype(rng.bounded(80))));
            }
            if (rng.bounded(3) == 0)
                input.truncate(qsizetype(rng.bounded(int(input.size()) + 1)));
            return input;
        };
        auto randomCuts = [&](qsizetype size) {
            QList<qsizetype> cuts;
            const int count = int(rng.bounded(6));
            for (int i = 0; i < count && size > 0; ++i)
                cuts.append(qsizetype(rng.bounded(int(size) + 1)));
            std::sort(cuts.begin(), cuts.end());
            return cuts;
        };
        for (int round = 0; round < 1500; ++round) {
            const QByteArray openAIInput = mutate(openAISeeds.at(round % openAISeeds.size()));
            OpenAIToAnthropicStream toAnthropic(openAIOptions());
            const QByteArray anthropicOut = run(toAnthropic, openAIInput, randomCuts(openAIInput.size()));
            QList<Frame> frames;
            QString error = parseAnthropic(anthropicOut, &frames);
            if (error.isEmpty())
                error = checkInvariants(frames, false);
            QVERIFY2(error.isEmpty(),
                     qPrintable(QStringLiteral("round %1: %2\ninput: %3")
                                    .arg(round)
                                    .arg(error, QString::fromUtf8(openAIInput.toPercentEncoding()))));
            QVERIFY(toAnthropic.isFinished());

            const QByteArray anthropicInput = mutate(anthropicSeeds.at(0));
            AnthropicToOpenAIStream toOpenAI(anthropicOptions(round % 2 == 0, true));
            OpenAIOutput parsed;
            error = parseOpenAI(run(toOpenAI, anthropicInput, randomCuts(anthropicInput.size())), &parsed);
            if (error.isEmpty())
                error = checkOpenAIInvariants(parsed.items);
            QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("round %1: %2").arg(round).arg(error)));
            QVERIFY(toOpenAI.isFinished());

            AnthropicStreamObserver observer;
            const QByteArray passed = run(observer, anthropicInput, randomCuts(anthropicInput.size()));
            QVERIFY(observer.isFinished());
            // Forwarded bytes are upstream bytes, plus at most a terminator and a closing error.
            QVERIFY(passed.size() <= anthropicInput.size() + 256);
        }
    }
};

QTEST_APPLESS_MAIN(TestStreamCodec)
#include "tst_streamcodec.moc"
