#include "tokencounter.h"

#include "protocolcommon.h"
#include "tokenizer.h"

#include <QHash>
#include <QMutex>

#include <algorithm>
#include <simdjson.h>
#include <utility>

namespace Switchyard {

namespace {

using simdjson::dom::element;

// ---------------------------------------------------------------------------------------------
// Count cache

// Texts shorter than this are tokenised directly: hashing and locking would cost about as much.
constexpr size_t CacheMinBytes = 256;
// Two generations of this many entries each approximate an LRU without per-entry bookkeeping: a
// hit in the old generation is promoted, and when the new one is full the old one is dropped.
constexpr qsizetype CacheGenerationSize = 8192;

// What a cached number means, mixed into the key so a text and an image with equal bytes differ.
enum class CountKind : size_t
{
    Text = 1,
    Document = 2,
};

class CountCache
{
public:
    template<typename Compute>
    qint64 get(std::string_view bytes, CountKind kind, Compute &&compute)
    {
        if (bytes.size() < CacheMinBytes)
            return compute();
        const QByteArrayView view(bytes.data(), qsizetype(bytes.size()));
        // Two independent 64-bit hashes plus the length: a collision would need all three to match.
        const Key key {qHash(view, size_t(kind)), qHash(view, size_t(kind) * 0x9E3779B97F4A7C15ull + 1),
                       qsizetype(bytes.size())};
        {
            QMutexLocker lock(&m_mutex);
            if (auto it = m_current.constFind(key); it != m_current.constEnd()) {
                ++m_hits;
                return it.value();
            }
            if (auto it = m_previous.constFind(key); it != m_previous.constEnd()) {
                ++m_hits;
                const qint64 value = it.value();
                insertLocked(key, value);
                return value;
            }
            ++m_misses;
        }
        // Tokenise outside the lock: several threads may count different texts at once.
        const qint64 value = compute();
        QMutexLocker lock(&m_mutex);
        insertLocked(key, value);
        return value;
    }

    TokenCounter::CacheStats stats() const
    {
        QMutexLocker lock(&m_mutex);
        return {m_hits, m_misses, m_current.size() + m_previous.size()};
    }

    void clear()
    {
        QMutexLocker lock(&m_mutex);
        m_current.clear();
        m_previous.clear();
        m_hits = 0;
        m_misses = 0;
    }

private:
    struct Key
    {
        size_t hash1;
        size_t hash2;
        qsizetype size;
        bool operator==(const Key &) const = default;
        friend size_t qHash(const Key &key, size_t seed) noexcept
        {
            return qHashMulti(seed, key.hash1, key.size);
        }
    };

    void insertLocked(const Key &key, qint64 value)
    {
        if (m_current.size() >= CacheGenerationSize) {
            m_previous = std::move(m_current);
            m_current = {};
        }
        m_current.insert(key, value);
    }

    mutable QMutex m_mutex;
    QHash<Key, qint64> m_current;
    QHash<Key, qint64> m_previous;
    qint64 m_hits = 0;
    qint64 m_misses = 0;
};

CountCache &countCache()
{
    static CountCache cache;
    return cache;
}

// ---------------------------------------------------------------------------------------------
// JSON helpers

std::string_view stringField(const element &object, std::string_view key)
{
    std::string_view value;
    if (object[key].get(value) != simdjson::SUCCESS)
        return {};
    return value;
}

bool field(const element &object, std::string_view key, element &out)
{
    return object[key].get(out) == simdjson::SUCCESS;
}

std::string_view typeOf(const element &block)
{
    return stringField(block, "type");
}

// Length of the base64 payload of a data: URL ("data:image/png;base64,AAAA"), or -1 if it is none.
std::string_view dataUrlPayload(std::string_view url)
{
    if (!url.starts_with("data:"))
        return {};
    const size_t comma = url.find(',');
    return comma == std::string_view::npos ? std::string_view {} : url.substr(comma + 1);
}

qint64 decodedSize(std::string_view base64)
{
    return qint64(base64.size()) * 3 / 4;
}

// Sums the parts of one request. Every text goes through the cache.
class Tally
{
public:
    qint64 total = 0;

    void text(std::string_view utf8)
    {
        if (!utf8.empty())
            total += TokenCounter::countText(utf8);
    }

    // Compact JSON of any value (tool inputs, schemas, unknown blocks).
    void json(const element &value)
    {
        std::string_view plain;
        if (value.get(plain) == simdjson::SUCCESS) {
            text(plain);
            return;
        }
        const std::string compact = simdjson::minify(value);
        text(compact);
    }

    void add(qint64 tokens) { total += tokens; }

    // --- Anthropic ---

    void anthropicContent(const element &content)
    {
        std::string_view plain;
        if (content.get(plain) == simdjson::SUCCESS) {
            text(plain);
            return;
        }
        simdjson::dom::array blocks;
        if (content.get(blocks) != simdjson::SUCCESS)
            return;
        for (const element block : blocks)
            anthropicBlock(block);
    }

    void anthropicBlock(const element &block)
    {
        const std::string_view type = typeOf(block);
        element value;
        if (type == "text") {
            text(stringField(block, "text"));
        } else if (type == "thinking") {
            text(stringField(block, "thinking"));
        } else if (type == "redacted_thinking") {
            // Encrypted; its token cost is unknown and previous turns' thinking is dropped anyway.
        } else if (type == "tool_use" || type == "server_tool_use") {
            text(stringField(block, "name"));
            if (field(block, "input", value))
                json(value);
        } else if (type == "tool_result") {
            if (field(block, "content", value))
                anthropicContent(value);
        } else if (type == "image") {
            if (field(block, "source", value))
                add(anthropicImage(value));
        } else if (type == "document") {
            anthropicDocument(block);
        } else if (type == "search_result") {
            text(stringField(block, "title"));
            text(stringField(block, "source"));
            if (field(block, "content", value))
                anthropicContent(value);
        } else {
            json(block);
        }
    }

    static qint64 anthropicImage(const element &source)
    {
        if (stringField(source, "type") == "base64")
            return TokenCounter::imageTokens(stringField(source, "data"));
        return TokenCounter::MaxImageTokens; // url / file: size unknown, assume the cap
    }

    void anthropicDocument(const element &block)
    {
        text(stringField(block, "title"));
        text(stringField(block, "context"));
        element source;
        if (!field(block, "source", source))
            return;
        const std::string_view sourceType = stringField(source, "type");
        element content;
        if (sourceType == "text")
            text(stringField(source, "data"));
        else if (sourceType == "content" && field(source, "content", content))
            anthropicContent(content);
        else if (sourceType == "base64")
            add(TokenCounter::documentTokens(stringField(source, "data")));
        else
            add(TokenCounter::TokensPerPdfPage); // url / file: at least a page
    }

    void anthropicTool(const element &tool)
    {
        add(TokenCounter::PerToolOverhead);
        element schema;
        if (!field(tool, "input_schema", schema)) {
            json(tool); // server tools (web_search_..., bash_...) are described by their JSON
            return;
        }
        text(stringField(tool, "name"));
        text(stringField(tool, "description"));
        json(schema);
    }

    // --- OpenAI Chat ---

    void openAIContent(const element &content)
    {
        std::string_view plain;
        if (content.get(plain) == simdjson::SUCCESS) {
            text(plain);
            return;
        }
        simdjson::dom::array parts;
        if (content.get(parts) != simdjson::SUCCESS)
            return; // null content (assistant turns that only call tools)
        for (const element part : parts)
            openAIPart(part);
    }

    void openAIPart(const element &part)
    {
        const std::string_view type = typeOf(part);
        element value;
        if (type == "text" || type == "input_text") {
            text(stringField(part, "text"));
        } else if (type == "refusal") {
            text(stringField(part, "refusal"));
        } else if (type == "image_url") {
            if (field(part, "image_url", value)) {
                if (stringField(value, "detail") == "low") {
                    add(TokenCounter::LowDetailImageTokens);
                } else {
                    const std::string_view payload = dataUrlPayload(stringField(value, "url"));
                    add(payload.empty() ? TokenCounter::MaxImageTokens : TokenCounter::imageTokens(payload));
                }
            }
        } else if (type == "file") {
            if (field(part, "file", value)) {
                const std::string_view payload = dataUrlPayload(stringField(value, "file_data"));
                add(payload.empty() ? TokenCounter::TokensPerPdfPage : TokenCounter::documentTokens(payload));
            }
        } else {
            json(part);
        }
    }

    // {"name":..,"arguments":"<json text>"} of tool_calls[].function and legacy function_call.
    void openAIFunctionCall(const element &call)
    {
        text(stringField(call, "name"));
        text(stringField(call, "arguments"));
    }

    // {"name":..,"description":..,"parameters":{..}} of tools[].function and legacy functions[].
    void openAIFunction(const element &function)
    {
        add(TokenCounter::PerToolOverhead);
        text(stringField(function, "name"));
        text(stringField(function, "description"));
        element parameters;
        if (field(function, "parameters", parameters))
            json(parameters);
    }
};

simdjson::dom::parser &threadParser()
{
    // One parser per thread keeps its buffers across requests; it is not shareable between threads.
    thread_local simdjson::dom::parser parser;
    return parser;
}

template<typename Count>
qint64 countRaw(const QByteArray &body, Count &&count)
{
    element root;
    if (threadParser().parse(body.constData(), size_t(body.size())).get(root) != simdjson::SUCCESS)
        return -1;
    if (!root.is_object())
        return -1;
    return count(root);
}

} // namespace

qint64 TokenCounter::countAnthropicRequest(const simdjson::dom::element &body)
{
    Tally tally;
    element value;
    if (field(body, "system", value)) {
        std::string_view plain;
        simdjson::dom::array blocks;
        if (value.get(plain) == simdjson::SUCCESS) {
            tally.text(Wire::stripBillingHeader(plain));
        } else if (value.get(blocks) == simdjson::SUCCESS) {
            for (const element block : blocks) {
                if (typeOf(block) == "text")
                    tally.text(Wire::stripBillingHeader(stringField(block, "text")));
                else
                    tally.anthropicBlock(block);
            }
        }
    }
    simdjson::dom::array list;
    if (body["messages"].get(list) == simdjson::SUCCESS) {
        for (const element message : list) {
            tally.add(PerMessageOverhead);
            if (field(message, "content", value))
                tally.anthropicContent(value);
        }
    }
    if (body["tools"].get(list) == simdjson::SUCCESS && list.size() > 0) {
        tally.add(AnthropicToolPromptTokens);
        for (const element tool : list)
            tally.anthropicTool(tool);
    }
    tally.add(ReplyPrimer);
    return std::max<qint64>(tally.total, 1);
}

qint64 TokenCounter::countOpenAIRequest(const simdjson::dom::element &body)
{
    Tally tally;
    simdjson::dom::array list;
    element value;
    if (body["messages"].get(list) == simdjson::SUCCESS) {
        for (const element message : list) {
            tally.add(PerMessageOverhead);
            tally.text(stringField(message, "name"));
            if (field(message, "content", value))
                tally.openAIContent(value);
            // Reasoning returned by DeepSeek-style upstreams and sent back in the history.
            tally.text(stringField(message, "reasoning_content"));
            simdjson::dom::array calls;
            if (message["tool_calls"].get(calls) == simdjson::SUCCESS) {
                for (const element call : calls) {
                    if (field(call, "function", value))
                        tally.openAIFunctionCall(value);
                    else
                        tally.json(call); // custom tool calls
                }
            }
            if (field(message, "function_call", value))
                tally.openAIFunctionCall(value);
        }
    }
    if (body["tools"].get(list) == simdjson::SUCCESS) {
        for (const element tool : list) {
            if (field(tool, "function", value)) {
                tally.openAIFunction(value);
            } else {
                tally.add(PerToolOverhead);
                tally.json(tool);
            }
        }
    }
    if (body["functions"].get(list) == simdjson::SUCCESS) {
        for (const element function : list)
            tally.openAIFunction(function);
    }
    tally.add(ReplyPrimer);
    return std::max<qint64>(tally.total, 1);
}

qint64 TokenCounter::countAnthropicRequest(const QByteArray &body)
{
    return countRaw(body, [](const element &root) { return countAnthropicRequest(root); });
}

qint64 TokenCounter::countOpenAIRequest(const QByteArray &body)
{
    return countRaw(body, [](const element &root) { return countOpenAIRequest(root); });
}

qint64 TokenCounter::countText(std::string_view utf8)
{
    if (utf8.empty())
        return 0;
    return countCache().get(utf8, CountKind::Text, [utf8] { return qint64(Tokenizer::o200k().count(utf8)); });
}

qint64 TokenCounter::imageTokens(std::string_view base64)
{
    return std::clamp(decodedSize(base64) / ImageBytesPerToken, MinImageTokens, MaxImageTokens);
}

qint64 TokenCounter::documentTokens(std::string_view base64)
{
    if (base64.empty())
        return TokensPerPdfPage;
    return countCache().get(base64, CountKind::Document, [base64] {
        const QByteArray pdf =
            QByteArray::fromBase64(QByteArray::fromRawData(base64.data(), qsizetype(base64.size())));
        // Page objects are "/Type /Page" or "/Type/Page"; "/Type /Pages" is the page tree node.
        qint64 pages = 0;
        for (const char *marker : {"/Type /Page", "/Type/Page"}) {
            const QByteArrayView needle(marker);
            for (qsizetype at = pdf.indexOf(needle); at >= 0; at = pdf.indexOf(needle, at + needle.size())) {
                const qsizetype after = at + needle.size();
                if (after >= pdf.size() || pdf.at(after) != 's')
                    ++pages;
            }
        }
        const qint64 bySize = qint64(pdf.size()) / PdfBytesPerToken;
        return std::max<qint64>(pages > 0 ? pages * TokensPerPdfPage : bySize, TokensPerPdfPage);
    });
}

TokenCounter::CacheStats TokenCounter::cacheStats()
{
    return countCache().stats();
}

void TokenCounter::clearCache()
{
    countCache().clear();
}

} // namespace Switchyard
