// Micro benchmark for the o200k_base tokenizer and the request token counter. Not part of ctest;
// build it in a Release tree and run by hand:
//
//   tokenizer_bench [file]      (default: ~450 KB of this repository's sources and docs)
//
// Prints throughput of Tokenizer::count on the text, and of TokenCounter on a Claude-Code-like
// request built from it, cold (empty cache) and warm (same history resent, as every turn does).

#include "benchutil.h"
#include "tokencounter.h"
#include "tokenizer.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>

using namespace Switchyard;

namespace {

constexpr qsizetype TargetSize = 450 * 1024;

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Source code, Markdown and a little CJK/emoji prose: roughly what a coding agent sends.
QByteArray sampleText()
{
    QByteArray text;
    const QString root = QStringLiteral(SWITCHYARD_SOURCE_DIR);
    for (const QString &dir : {QStringLiteral("/proxy"), QStringLiteral("/app"), QStringLiteral("/ui"),
                               QStringLiteral("/tests"), QStringLiteral("/installer")}) {
        QDirIterator it(root + dir, {QStringLiteral("*.cpp"), QStringLiteral("*.h"), QStringLiteral("*.md")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext() && text.size() < TargetSize)
            text += readFile(it.next());
    }
    const QByteArray prose =
        "The proxy routes each request across providers and fails over when one is down. "
        "代理会把每个请求路由到不同的提供方，并在故障时自动切换。 日本語の説明もあります。 "
        "Emoji 👍🏽 and flags 🇩🇪 appear in chat logs.\n\n";
    while (text.size() < TargetSize)
        text += prose;
    text.truncate(TargetSize);
    // Do not end inside a UTF-8 sequence.
    while (!text.isEmpty() && (uchar(text.back()) & 0xC0) == 0x80)
        text.chop(1);
    return text;
}

QByteArray jsonString(const QByteArray &text)
{
    return QByteArray::fromStdString(
        Bench::jsonString(std::string_view(text.constData(), size_t(text.size()))));
}

// A Claude-Code-shaped request: system prompt, 20 tools, and a history of tool calls whose
// results are chunks of the sample text.
QByteArray sampleRequest(const QByteArray &text)
{
    QByteArray body = R"({"model":"claude-sonnet-4-5","max_tokens":32000,"system":[{"type":"text","text":)"
        + jsonString("x-anthropic-billing-header: cc_version=2.0.0; cc_entrypoint=cli\n"
                     "You are Claude Code, a coding agent.")
        + R"(}],"tools":[)";
    for (int i = 0; i < 20; ++i) {
        if (i > 0)
            body += ',';
        body += R"({"name":"Tool)" + QByteArray::number(i)
            + R"(","description":"Reads, edits or searches files in the workspace; returns the result as text.",)"
              R"("input_schema":{"type":"object","properties":{"path":{"type":"string","description":"Absolute path"},)"
              R"("limit":{"type":"integer","minimum":1}},"required":["path"]}})";
    }
    body += R"(],"messages":[)";
    const qsizetype chunk = 16 * 1024;
    int turn = 0;
    for (qsizetype at = 0; at < text.size(); at += chunk, ++turn) {
        QByteArray piece = text.mid(at, chunk);
        if (turn > 0)
            body += ',';
        body += R"({"role":"assistant","content":[{"type":"tool_use","id":"toolu_)" + QByteArray::number(turn)
            + R"(","name":"Tool1","input":{"path":"/src/file)" + QByteArray::number(turn) + R"(.cpp"}}]},)";
        body += R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_)"
            + QByteArray::number(turn) + R"(","content":)" + jsonString(piece) + "}]}";
    }
    return body + "]}";
}

template<typename F>
double bestMs(int runs, F &&f)
{
    double best = 1e18;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        f();
        best = std::min(best, double(timer.nsecsElapsed()) / 1e6);
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    const QByteArray text = argc > 1 ? readFile(QString::fromLocal8Bit(argv[1])) : sampleText();
    const std::string_view view(text.constData(), size_t(text.size()));
    const double mb = double(text.size()) / (1024.0 * 1024.0);

    QElapsedTimer loadTimer;
    loadTimer.start();
    const Tokenizer &tokenizer = Tokenizer::o200k();
    std::printf("rank table load: %.1f ms (%lld tokens)\n", double(loadTimer.nsecsElapsed()) / 1e6,
                qlonglong(tokenizer.vocabularySize()));

    qsizetype tokens = 0;
    const double countMs = bestMs(10, [&] { tokens = tokenizer.count(view); });
    std::printf("Tokenizer::count: %lld bytes -> %lld tokens in %.2f ms = %.1f MB/s, %.2f M tokens/s\n",
                qlonglong(text.size()), qlonglong(tokens), countMs, mb / (countMs / 1000.0),
                double(tokens) / (countMs / 1000.0) / 1e6);

    const QByteArray request = sampleRequest(text);
    qint64 requestTokens = 0;
    const double coldMs = bestMs(5, [&] {
        TokenCounter::clearCache();
        requestTokens = TokenCounter::countAnthropicRequest(request);
    });
    const double warmMs = bestMs(10, [&] { requestTokens = TokenCounter::countAnthropicRequest(request); });
    const double requestMb = double(request.size()) / (1024.0 * 1024.0);
    std::printf("TokenCounter (Anthropic request, %lld bytes, %lld tokens): cold %.2f ms = %.1f MB/s, "
                "warm (cached) %.2f ms = %.1f MB/s\n",
                qlonglong(request.size()), qlonglong(requestTokens), coldMs, requestMb / (coldMs / 1000.0),
                warmMs, requestMb / (warmMs / 1000.0));
    return 0;
}
