#pragma once

// Local token count of a whole request (protocols.md section 7): for count_tokens when the upstream
// cannot count, the long-context routing threshold, the provisional input_tokens of message_start
// and pre-flight context-window checks. Text is counted with o200k_base (exact for OpenAI's current
// models, an approximation for Claude and Gemini; callers apply their own calibration on top).
//
// What is counted, mirroring what the model sees:
//   - system text, after stripping Claude Code's leading "x-anthropic-billing-header:" line;
//   - every message's text, thinking text, tool_use input as compact JSON, tool_result content;
//   - every tool definition: name + description + compact JSON of input_schema / parameters;
//   - PerMessageOverhead per message, PerToolOverhead per tool, ReplyPrimer once, and for Anthropic
//     requests with tools AnthropicToolPromptTokens (the tool-use system prompt Anthropic adds);
//   - images by estimate (their pixel size is unknown without decoding): imageTokens();
//   - PDFs by estimate: documentTokens();
//   - content blocks of unknown types as their compact JSON, so new block types are overcounted
//     rather than ignored.
// Signatures and redacted (encrypted) thinking are not counted.
//
// Counts of long texts are cached by content hash: Claude Code resends the whole conversation with
// every turn, so only the new suffix is tokenised again. The cache is process-wide and thread-safe.

#include <QByteArray>
#include <QtGlobal>

#include <string_view>

namespace simdjson::dom {
class element;
} // namespace simdjson::dom

namespace Switchyard {

class TokenCounter
{
public:
    static constexpr qint64 PerMessageOverhead = 3;
    static constexpr qint64 PerToolOverhead = 8;
    static constexpr qint64 ReplyPrimer = 3;
    // Tool-use system prompt Anthropic adds when tools are present (Claude 4 models, tool_choice
    // auto/none, per Anthropic's tool-use pricing table).
    static constexpr qint64 AnthropicToolPromptTokens = 346;

    // Image estimate. Anthropic charges width*height/750 after downscaling to at most ~1.15 MP, so
    // one image costs at most ~1600 tokens. Without decoding, base64 images are estimated from their
    // size (decoded bytes / ImageBytesPerToken, a compressed screenshot being roughly 1-2 bits per
    // pixel) and clamped to [MinImageTokens, MaxImageTokens]; images given by URL or file id count
    // MaxImageTokens. OpenAI "detail":"low" images cost a flat LowDetailImageTokens.
    static constexpr qint64 MaxImageTokens = 1600;
    static constexpr qint64 MinImageTokens = 85;
    static constexpr qint64 ImageBytesPerToken = 64;
    static constexpr qint64 LowDetailImageTokens = 85;
    // PDF estimate: Anthropic counts each page as text (~1500-3000 tokens) plus a page image.
    // Pages are counted from the "/Type /Page" objects of the decoded file; when they are hidden in
    // compressed object streams the estimate falls back to decoded bytes / PdfBytesPerToken.
    static constexpr qint64 TokensPerPdfPage = 3000;
    static constexpr qint64 PdfBytesPerToken = 16;

    // Anthropic Messages or count_tokens request body. Never 0.
    static qint64 countAnthropicRequest(const simdjson::dom::element &body);
    // OpenAI Chat Completions request body. Never 0.
    static qint64 countOpenAIRequest(const simdjson::dom::element &body);
    // The same from raw JSON bytes; -1 when the body is not valid JSON or not an object.
    static qint64 countAnthropicRequest(const QByteArray &body);
    static qint64 countOpenAIRequest(const QByteArray &body);

    // o200k_base count of one text, through the cache when it is long.
    static qint64 countText(std::string_view utf8);
    // Estimates for base64 image data (Anthropic source.data, or a data: URL payload) and for a
    // base64 PDF; see the constants above.
    static qint64 imageTokens(std::string_view base64);
    static qint64 documentTokens(std::string_view base64);

    struct CacheStats
    {
        qint64 hits = 0;
        qint64 misses = 0;
        qsizetype entries = 0;
    };
    static CacheStats cacheStats();
    static void clearCache();
};

} // namespace Switchyard
