// Tests for the o200k_base tokenizer (proxy/tokenizer.h) and the request token counter
// (proxy/tokencounter.h).
//
// Expected token ids and counts come from js-tiktoken 1.x o200k_base (the reference implementation,
// `getEncoding("o200k_base").encode(text, [], [])`), computed once with node while writing the test.
// tests/data/tokenizer_reference.json holds ~750 more cases made by
// resources/tokenizer/make-reference.mjs, cross-checked against OpenAI's tiktoken (npm `tiktoken`).

#include "tokencounter.h"
#include "tokenizer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTest>

#include <simdjson.h>
#include <thread>
#include <vector>

using namespace Switchyard;

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), size_t(bytes.size())};
}

// The official o200k_base pattern (tiktoken_ext/openai_public.py) as PCRE2 runs it, used as the
// oracle for the hand-written scanner. Two spellings differ from the Python source so PCRE2 means
// what OpenAI's Rust regex engine means: \s is written out as Unicode White_Space (PCRE2's \s omits
// U+0085), and (?i:'s|...) is spelled with ASCII case pairs (PCRE2's caseless matching would also
// accept U+017F LATIN SMALL LETTER LONG S, which tiktoken does not).
const QRegularExpression &o200kPattern()
{
    static const QRegularExpression pattern = [] {
        const QString space = QStringLiteral("\\t\\n\\x{0B}\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}"
                                             "\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}");
        const QString contraction =
            QStringLiteral("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?");
        QString source = QStringLiteral(
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+<C>"
            "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*<C>"
            "|\\p{N}{1,3}"
            "| ?[^<S>\\p{L}\\p{N}]+[\\r\\n/]*"
            "|[<S>]*[\\r\\n]+"
            "|[<S>]+(?![^<S>])"
            "|[<S>]+");
        source.replace(QLatin1String("<C>"), contraction).replace(QLatin1String("<S>"), space);
        QRegularExpression re(source);
        re.optimize();
        return re;
    }();
    return pattern;
}

QList<QByteArray> regexPieces(const QByteArray &utf8)
{
    QList<QByteArray> pieces;
    // QString::fromUtf8 would drop a leading U+FEFF, which tiktoken treats as a character.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    const QString text = decoder.decode(utf8);
    auto it = o200kPattern().globalMatch(text);
    while (it.hasNext())
        pieces.append(it.next().captured().toUtf8());
    return pieces;
}

QString printable(const QByteArray &utf8)
{
    return QString::fromUtf8(utf8.toPercentEncoding(" !#$&()*+,-./:;<=>?@[]^_`{|}~"));
}

QByteArray randomText(QRandomGenerator &rng, const QList<QByteArray> &alphabet, int maxLength)
{
    QByteArray text;
    const int length = rng.bounded(maxLength + 1);
    for (int i = 0; i < length; ++i)
        text += alphabet.at(rng.bounded(int(alphabet.size())));
    return text;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

qint64 anthropicCount(const QByteArray &json)
{
    return TokenCounter::countAnthropicRequest(json);
}

} // namespace

class TestTokenizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Runs first so several threads race for the lazy load.
    void concurrentFirstUse();
    void resourceIsEmbedded();
    void emptyString();
    void knownIds_data();
    void knownIds();
    void knownCounts_data();
    void knownCounts();
    void referenceFile();
    void scannerMatchesPattern();
    void invalidUtf8();
    void longRunsStayFast();

    void counterIgnoresBillingLine();
    void counterCountsTools();
    void counterGrowsWithContent();
    void counterBlockTypes();
    void counterNeverZero();
    void counterInvalidJson();
    void counterOpenAI();
    void counterCacheReusesCounts();
};

void TestTokenizer::concurrentFirstUse()
{
    const QByteArray text = "Concurrent first use of the tokenizer: 中文, emoji 😀, code `x += 1;`.";
    std::vector<qsizetype> results(8, -1);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < results.size(); ++i)
        threads.emplace_back([&, i] { results[i] = Tokenizer::o200k().count(view(text)); });
    for (auto &thread : threads)
        thread.join();
    for (qsizetype result : results)
        QCOMPARE(result, Tokenizer::o200k().count(view(text)));
    QVERIFY(results.front() > 0);
}

void TestTokenizer::resourceIsEmbedded()
{
    // The resource comes from the object library Qt propagates from the static switchyard_proxy.
    QVERIFY(QFile::exists(QStringLiteral(":/tokenizer/o200k_base.bpe")));
    QVERIFY(Tokenizer::o200k().isValid());
    QCOMPARE(Tokenizer::o200k().vocabularySize(), 199998);
}

void TestTokenizer::emptyString()
{
    QCOMPARE(Tokenizer::o200k().count({}), 0);
    QVERIFY(Tokenizer::o200k().encode({}).isEmpty());
    QVERIFY(Tokenizer::pretokenize({}).isEmpty());
}

void TestTokenizer::knownIds_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QList<int>>("ids");
    // From js-tiktoken 1.x o200k_base.
    QTest::newRow("ascii") << QByteArray("hello world") << QList<int> {24912, 2375};
    QTest::newRow("punctuation") << QByteArray("Hello, World!") << QList<int> {13225, 11, 5922, 0};
    QTest::newRow("chinese") << QByteArray("中文分词测试：我们今天去公园散步。")
                             << QList<int> {10667, 2957, 31892, 82843, 1817,  24809, 47256,
                                            13817, 5312, 37075, 84748, 24952, 788};
    QTest::newRow("japanese") << QByteArray("日本語のテキストです。")
                              << QList<int> {9048, 40909, 3385, 16056, 18368, 38236, 15121, 788};
    QTest::newRow("zwj family and flags")
        << QByteArray("👨‍👩‍👧‍👦 🇩🇪🇯🇵")
        << QList<int> {28823, 101,    2524, 28823, 102, 2524,  28823, 100,   2524, 28823,
                       99,    173468, 102,  55506, 103, 55506, 107,   55506, 113};
    QTest::newRow("contractions") << QByteArray("don't DON'T I'VE you're")
                                  << QList<int> {91418, 153384, 3413, 19511, 7163};
    QTest::newRow("code") << QByteArray("for (int i = 0; i < n; ++i) {\n    sum += v[i];\n}\n")
                          << QList<int> {1938, 350, 491, 575, 314, 220,  15,   26,  575,  464,  297, 26,
                                         7600, 72,  8,   405, 271, 4215, 2757, 323, 1768, 1735, 739};
    QTest::newRow("latin-1 letter") << QByteArray("\u00ff") << QList<int> {189960};
}

void TestTokenizer::knownIds()
{
    QFETCH(QByteArray, text);
    QFETCH(QList<int>, ids);
    QCOMPARE(Tokenizer::o200k().encode(view(text)), ids);
    QCOMPARE(Tokenizer::o200k().count(view(text)), ids.size());
}

void TestTokenizer::knownCounts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("expected");
    // From js-tiktoken 1.x o200k_base.
    QTest::newRow("cyrillic") << QByteArray("Привет, мир! Как дела?") << 8;
    QTest::newRow("long number") << QByteArray("12345678901234567890") << 7;
    QTest::newRow("decimals") << QByteArray("3.14159 + 2.71828 = 5.85987") << 16;
    QTest::newRow("whitespace mix") << QByteArray("   \n\n\n    \t\t  x") << 5;
    QTest::newRow("1000 spaces") << QByteArray(1000, ' ') << 9;
    QTest::newRow("100 newlines") << QByteArray(100, '\n') + "end" << 8;
    QTest::newRow("mixed scripts") << QByteArray("Mixed: English 中文 Русский العربية हिन्दी ελληνικά 123 ٣٤٥")
                                   << 16;
    QTest::newRow("emoji") << QByteArray("😀😃😄😁😆😅😂🤣") << 12;
    QTest::newRow("accents") << QByteArray("naïve café résumé Straße") << 6;
    QTest::newRow("url") << QByteArray("https://example.com/api/v1/messages?beta=true") << 11;
    QTest::newRow("python") << QByteArray("    def __init__(self, x: int) -> None:\n        self.x = x\n")
                            << 20;
    QTest::newRow("special token text") << QByteArray("<|endoftext|>") << 7;
}

void TestTokenizer::knownCounts()
{
    QFETCH(QByteArray, text);
    QFETCH(int, expected);
    QCOMPARE(Tokenizer::o200k().count(view(text)), expected);
}

void TestTokenizer::referenceFile()
{
    // Read with simdjson: QJsonDocument drops a U+FEFF at the start of a string value.
    const QByteArray json = readFile(QStringLiteral(SWITCHYARD_TEST_DATA_DIR "/tokenizer_reference.json"));
    QVERIFY(!json.isEmpty());
    simdjson::dom::parser parser;
    simdjson::dom::array cases;
    QCOMPARE(parser.parse(json.constData(), size_t(json.size()))["cases"].get(cases), simdjson::SUCCESS);
    QVERIFY(cases.size() > 700);
    for (const simdjson::dom::element entry : cases) {
        std::string_view textView;
        simdjson::dom::array ids;
        QCOMPARE(entry["text"].get(textView), simdjson::SUCCESS);
        QCOMPARE(entry["ids"].get(ids), simdjson::SUCCESS);
        const QByteArray text(textView.data(), qsizetype(textView.size()));
        QList<int> expected;
        for (const simdjson::dom::element id : ids)
            expected.append(int(int64_t(id)));
        const QList<int> actual = Tokenizer::o200k().encode(view(text));
        if (actual != expected)
            qWarning() << "mismatch for" << printable(text) << "expected" << expected << "got" << actual;
        QCOMPARE(actual, expected);
        QCOMPARE(Tokenizer::o200k().count(view(text)), expected.size());
        // The scanner and the regex agree on real-world text too.
        QCOMPARE(Tokenizer::pretokenize(view(text)), regexPieces(text));
    }
}

void TestTokenizer::scannerMatchesPattern()
{
    QVERIFY2(o200kPattern().isValid(), qPrintable(o200kPattern().errorString()));
    // Characters from every class the pattern distinguishes: letters of each category (incl. Lt, Lm,
    // astral Lu/Lo), marks Mn/Mc/Me, numbers Nd/Nl/No, every kind of whitespace (incl. U+0085 and
    // U+FEFF, which is not whitespace), contraction letters, symbols and emoji.
    const QList<QByteArray> alphabet = {
        "a",      "Z",          "\u00e9",     "\u00c9",     "\u00df", "\u01c5", "\u02b0", "\u4e2d",
        "\u3042", "\u0301",     "\u0903",     "\u20dd",     "0",      "9",      "\u0663", "\u216b",
        "\u00bd", " ",          " ",          " ",          "\t",     "\n",     "\r",     "\v",
        "\f",     "\u0085",     "\u00a0",     "\u2003",     "\u3000", "\u2028", "\ufeff", "\u200d",
        "'",      "s",          "S",          "t",          "r",      "E",      "v",      "l",
        "L",      "m",          "d",          "D",          "/",      ".",      "!",      "-",
        "_",      "\U0001F600", "\U0001D518", "\U00020B9F", "\ufffd", "\u017f", "\u0391", "\u03c3"};
    QRandomGenerator rng(20240611);
    for (int i = 0; i < 50000; ++i) {
        const QByteArray text = randomText(rng, alphabet, 14);
        const QList<QByteArray> pieces = Tokenizer::pretokenize(view(text));
        const QList<QByteArray> expected = regexPieces(text);
        if (pieces != expected)
            qWarning() << "pieces differ for" << printable(text) << expected << pieces;
        QCOMPARE(pieces, expected);
    }
}

void TestTokenizer::invalidUtf8()
{
    // Each invalid byte is split like U+FFFD (a symbol) but encoded as its raw byte token:
    // 0xFF -> 187, 0xFE -> 186, 0xC3 -> 127 (js-tiktoken's byte-level ranks).
    const QByteArray text("a\xff"
                          "b\xfe c\xc3");
    const QList<QByteArray> pieces {"a",
                                    "\xff"
                                    "b",
                                    "\xfe", " c", "\xc3"};
    QCOMPARE(Tokenizer::pretokenize(view(text)), pieces);
    QCOMPARE(Tokenizer::o200k().encode(view(text)), (QList<int> {64, 187, 65, 186, 274, 127}));

    // Lone surrogates, overlong forms and truncated sequences: nothing is lost, nothing crashes.
    const QByteArray nasty("\xed\xa0\x80 \xc0\xaf x\xe2\x82 \xf4\x90\x80\x80 \x80\x80\x80 ok \xf0\x9f\x98");
    QByteArray joined;
    for (const QByteArray &piece : Tokenizer::pretokenize(view(nasty)))
        joined += piece;
    QCOMPARE(joined, nasty);
    const qsizetype count = Tokenizer::o200k().count(view(nasty));
    QVERIFY(count > 0);
    QCOMPARE(Tokenizer::o200k().encode(view(nasty)).size(), count);
}

void TestTokenizer::longRunsStayFast()
{
    // Long single pieces take the heap merge; a quadratic merge would need minutes here.
    QByteArray spaces(1 << 18, ' ');
    QByteArray letters;
    QRandomGenerator rng(7);
    for (int i = 0; i < (1 << 16); ++i)
        letters += char('a' + rng.bounded(26));
    QElapsedTimer timer;
    timer.start();
    const qsizetype spaceTokens = Tokenizer::o200k().count(view(spaces));
    const qsizetype letterTokens = Tokenizer::o200k().count(view(letters));
    QVERIFY(spaceTokens > 0);
    QVERIFY(letterTokens > (1 << 16) / 8);
    // Runs the scanner must not rescan per piece: capitals without lowercase letters (A1 fails, A2
    // matches), marks and a letter class alternation.
    QVERIFY(Tokenizer::o200k().count(view(QByteArray("A").repeated(1 << 16))) > 0);
    QVERIFY(Tokenizer::o200k().count(view(QByteArray("\u0301").repeated(1 << 15))) > 0);
    QVERIFY(Tokenizer::o200k().count(view(QByteArray("\u4e2dA").repeated(1 << 14))) > 0);
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
    // Splitting the same run into chunks cannot produce fewer tokens than merging it whole.
    QVERIFY(spaceTokens <= 256 * Tokenizer::o200k().count(view(QByteArray(1024, ' '))));
}

void TestTokenizer::counterIgnoresBillingLine()
{
    const QByteArray withBilling = R"({"model":"m","system":[
        {"type":"text","text":"x-anthropic-billing-header: cc_version=2.0.14.abc; cc_entrypoint=cli; cch=00000;\nYou are Claude Code."}],
        "messages":[{"role":"user","content":"hi"}]})";
    const QByteArray without = R"({"model":"m","system":[{"type":"text","text":"You are Claude Code."}],
        "messages":[{"role":"user","content":"hi"}]})";
    const QByteArray onlyBilling =
        R"({"model":"m","system":"x-anthropic-billing-header: cc_version=2.0.14; cc_entrypoint=cli",
        "messages":[{"role":"user","content":"hi"}]})";
    const QByteArray noSystem = R"({"model":"m","messages":[{"role":"user","content":"hi"}]})";
    QCOMPARE(anthropicCount(withBilling), anthropicCount(without));
    QCOMPARE(anthropicCount(onlyBilling), anthropicCount(noSystem));
    QVERIFY(anthropicCount(without) > anthropicCount(noSystem));
}

void TestTokenizer::counterCountsTools()
{
    const QByteArray base = R"({"model":"m","messages":[{"role":"user","content":"List the files."}]})";
    const QByteArray withTool = R"({"model":"m","messages":[{"role":"user","content":"List the files."}],
        "tools":[{"name":"Bash","description":"Executes a given bash command in a persistent shell session.",
                  "input_schema":{"type":"object","properties":{"command":{"type":"string",
                  "description":"The command to execute"}},"required":["command"]}}]})";
    const qint64 baseCount = anthropicCount(base);
    const qint64 toolCount = anthropicCount(withTool);
    // Name + description + schema JSON: well over 20 tokens of o200k text.
    const qint64 schemaTokens = Tokenizer::o200k().count(
        R"({"type":"object","properties":{"command":{"type":"string","description":"The command to execute"}},"required":["command"]})");
    QVERIFY2(toolCount - baseCount >= schemaTokens + 10,
             qPrintable(QStringLiteral("%1 vs %2").arg(toolCount).arg(baseCount)));
}

void TestTokenizer::counterGrowsWithContent()
{
    const auto request = [](const QByteArray &text) {
        return QByteArray(R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":")")
            + text + R"("}]}]})";
    };
    const qint64 small = anthropicCount(request("Fix the bug."));
    const qint64 larger = anthropicCount(request("Fix the bug in the tokenizer and add a regression test."));
    const QByteArray big = QByteArray("lorem ipsum dolor sit amet ").repeated(400);
    const qint64 huge = anthropicCount(request(big));
    QVERIFY(small > 0);
    QVERIFY(larger > small);
    QVERIFY(huge >= Tokenizer::o200k().count(view(big)));

    // Another message adds its text plus the per-message overhead.
    const QByteArray twoMessages = R"({"model":"m","messages":[{"role":"user","content":"Fix the bug."},
        {"role":"assistant","content":"Done."}]})";
    const QByteArray oneMessage = R"({"model":"m","messages":[{"role":"user","content":"Fix the bug."}]})";
    QCOMPARE(anthropicCount(twoMessages) - anthropicCount(oneMessage),
             Tokenizer::o200k().count("Done.") + TokenCounter::PerMessageOverhead);
}

void TestTokenizer::counterBlockTypes()
{
    const QByteArray empty = R"({"model":"m","messages":[{"role":"user","content":[]}]})";
    const qint64 emptyCount = anthropicCount(empty);
    const auto withBlock = [](const QByteArray &block) {
        return QByteArray(R"({"model":"m","messages":[{"role":"user","content":[)") + block + "]}]}";
    };

    // tool_use input is counted as compact JSON (whitespace in the request does not matter).
    const qint64 toolUse = anthropicCount(withBlock(
        R"({"type":"tool_use","id":"toolu_1","name":"Read","input":{ "file_path" : "/tmp/a.txt" }})"));
    const qint64 inputTokens = Tokenizer::o200k().count(R"({"file_path":"/tmp/a.txt"})");
    QCOMPARE(toolUse - emptyCount, inputTokens + Tokenizer::o200k().count("Read"));

    // tool_result: string content and block-array content count their text.
    const QByteArray resultText = "line one\nline two\nline three";
    const qint64 resultString = anthropicCount(withBlock(
        R"({"type":"tool_result","tool_use_id":"toolu_1","content":"line one\nline two\nline three"})"));
    const qint64 resultBlocks = anthropicCount(withBlock(
        R"({"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"line one\nline two\nline three"}]})"));
    QCOMPARE(resultString - emptyCount, Tokenizer::o200k().count(view(resultText)));
    QCOMPARE(resultBlocks, resultString);

    // thinking text in the history is counted; the signature is not.
    const qint64 thinking = anthropicCount(
        withBlock(R"({"type":"thinking","thinking":"Let me think about this.","signature":"c2lnbmF0dXJl"})"));
    QCOMPARE(thinking - emptyCount, Tokenizer::o200k().count("Let me think about this."));

    // Images use the documented estimate, capped per image.
    const QByteArray bigImage =
        withBlock(R"({"type":"image","source":{"type":"base64","media_type":"image/png","data":")"
                  + QByteArray(400000, 'A') + R"("}})");
    QCOMPARE(anthropicCount(bigImage) - emptyCount, TokenCounter::MaxImageTokens);
    const QByteArray urlImage =
        withBlock(R"({"type":"image","source":{"type":"url","url":"https://example.invalid/cat.png"}})");
    QCOMPARE(anthropicCount(urlImage) - emptyCount, TokenCounter::MaxImageTokens);
    const QByteArray tinyImage =
        withBlock(R"({"type":"image","source":{"type":"base64","media_type":"image/png","data":")"
                  + QByteArray(400, 'A') + R"("}})");
    const qint64 tinyTokens = anthropicCount(tinyImage) - emptyCount;
    QVERIFY(tinyTokens >= TokenCounter::MinImageTokens);
    QVERIFY(tinyTokens < TokenCounter::MaxImageTokens);

    // Unknown block types are counted as their JSON rather than ignored.
    const qint64 unknown =
        anthropicCount(withBlock(R"({"type":"future_block","payload":"some payload text"})"));
    QVERIFY(unknown - emptyCount >= Tokenizer::o200k().count("some payload text"));
}

void TestTokenizer::counterNeverZero()
{
    QVERIFY(anthropicCount(R"({"model":"m","messages":[{"role":"user","content":""}]})") > 0);
    QVERIFY(anthropicCount(R"({"model":"m","messages":[]})") > 0);
    QVERIFY(anthropicCount(R"({})") > 0);
    QVERIFY(TokenCounter::countOpenAIRequest(QByteArray(R"({"model":"m","messages":[]})")) > 0);
}

void TestTokenizer::counterInvalidJson()
{
    QCOMPARE(anthropicCount("{not json"), -1);
    QCOMPARE(anthropicCount(""), -1);
    QCOMPARE(anthropicCount("[1,2,3]"), -1); // valid JSON, but not a request object
    QCOMPARE(TokenCounter::countOpenAIRequest(QByteArray("{\"messages\":")), -1);
}

void TestTokenizer::counterOpenAI()
{
    const QByteArray base =
        R"({"model":"gpt-4o","messages":[{"role":"user","content":"What is the weather?"}]})";
    const QByteArray parts = R"({"model":"gpt-4o","messages":[{"role":"user","content":[
        {"type":"text","text":"What is the weather?"}]}]})";
    const QByteArray withTools =
        R"({"model":"gpt-4o","messages":[{"role":"user","content":"What is the weather?"}],
        "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather for a city",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]})";
    const QByteArray withCall =
        R"({"model":"gpt-4o","messages":[{"role":"user","content":"What is the weather?"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
        "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":"Sunny, 24 C"}]})";
    const QByteArray withImage = R"({"model":"gpt-4o","messages":[{"role":"user","content":[
        {"type":"text","text":"What is the weather?"},
        {"type":"image_url","image_url":{"url":"https://example.invalid/sky.jpg","detail":"low"}}]}]})";

    const qint64 baseCount = TokenCounter::countOpenAIRequest(base);
    QVERIFY(baseCount >= Tokenizer::o200k().count("What is the weather?") + TokenCounter::PerMessageOverhead);
    QCOMPARE(TokenCounter::countOpenAIRequest(parts), baseCount);
    QVERIFY(TokenCounter::countOpenAIRequest(withTools) >= baseCount + Tokenizer::o200k().count("get_weather")
                + Tokenizer::o200k().count("Current weather for a city"));
    QCOMPARE(TokenCounter::countOpenAIRequest(withCall) - baseCount,
             Tokenizer::o200k().count("get_weather") + Tokenizer::o200k().count(R"({"city":"Paris"})")
                 + Tokenizer::o200k().count("Sunny, 24 C") + 2 * TokenCounter::PerMessageOverhead);
    QCOMPARE(TokenCounter::countOpenAIRequest(withImage) - baseCount, TokenCounter::LowDetailImageTokens);

    simdjson::dom::parser parser;
    simdjson::dom::element element;
    QCOMPARE(parser.parse(base.constData(), size_t(base.size())).get(element), simdjson::SUCCESS);
    QCOMPARE(TokenCounter::countOpenAIRequest(element), baseCount);
}

void TestTokenizer::counterCacheReusesCounts()
{
    TokenCounter::clearCache();
    // A long text block, as Claude Code resends with every turn.
    const QByteArray history = QByteArray("The quick brown fox jumps over the lazy dog. ").repeated(200);
    const QByteArray request = R"({"model":"m","messages":[{"role":"user","content":")" + history + R"("}]})";
    const qint64 first = anthropicCount(request);
    const TokenCounter::CacheStats afterFirst = TokenCounter::cacheStats();
    const qint64 second = anthropicCount(request);
    const TokenCounter::CacheStats afterSecond = TokenCounter::cacheStats();
    QCOMPARE(second, first);
    QVERIFY(afterFirst.misses >= 1);
    QVERIFY(afterSecond.hits > afterFirst.hits);
    QCOMPARE(afterSecond.misses, afterFirst.misses);
    QVERIFY(first >= Tokenizer::o200k().count(view(history)));
}

QTEST_APPLESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
