#pragma once

// Byte-pair-encoding tokenizer for OpenAI's o200k_base vocabulary (GPT-4o / 4.1 / 5 / o-series), used
// to count tokens locally for count_tokens, long-context routing and pre-flight checks
// (protocols.md section 7). For Claude and Gemini models the count is only an approximation.
//
// Pre-tokenisation follows the official o200k_base pattern of OpenAI's tiktoken, hand-compiled into a
// scanner over UTF-8 (see tokenizer.cpp); tst_tokenizer checks it piece for piece against that
// pattern run by QRegularExpression (PCRE2) and checks token ids against js-tiktoken / tiktoken.

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <string_view>
#include <vector>

namespace Switchyard {

class Tokenizer
{
public:
    // The process-wide o200k_base tokenizer. The rank table is loaded from the embedded resource on
    // the first call (thread-safe); afterwards the object is immutable and shared by all threads.
    static const Tokenizer &o200k();

    // Number of tokens tiktoken's encode_ordinary would produce. Special tokens such as
    // "<|endoftext|>" are counted as ordinary text. Bytes that are not valid UTF-8 are never dropped:
    // each one is pre-tokenised like U+FFFD but encoded as its raw byte.
    qsizetype count(std::string_view utf8) const;
    // The token ids themselves (mainly for tests; count() does less work).
    QList<int> encode(std::string_view utf8) const;

    // The pre-tokenisation step alone: the pieces BPE runs on, in order. Exposed for tests.
    static QList<QByteArray> pretokenize(std::string_view utf8);

    // False only if the embedded rank table could not be read (a build error); count() then falls
    // back to a rough bytes/4 estimate instead of failing.
    bool isValid() const { return m_tokenCount > 0; }
    // Vocabulary size without special tokens (199998 for o200k_base).
    qsizetype vocabularySize() const { return m_tokenCount; }

    Tokenizer(const Tokenizer &) = delete;
    Tokenizer &operator=(const Tokenizer &) = delete;
    ~Tokenizer();

private:
    // Builds the tokenizer from a rank table in the format written by convert-ranks.mjs.
    explicit Tokenizer(const QByteArray &table);
    bool load(const QByteArray &table);

    static constexpr uint32_t NoRank = UINT32_MAX;
    uint32_t rankOf(const char *bytes, size_t size) const;

    // Calls sink(rank, bytes, size) for every token of one pre-tokenised piece; rank is NoRank when
    // the merge loop did not look it up (count() never needs it, encode() looks it up).
    template<typename Sink>
    void encodePiece(const char *piece, size_t size, Sink &&sink) const;
    template<typename Sink>
    void mergeSmall(const char *piece, size_t size, Sink &sink) const;
    template<typename Sink>
    void mergeLarge(const char *piece, size_t size, Sink &sink) const;

    // Open-addressing hash table of ranks keyed by token bytes. A slot holds the first 8 bytes of
    // its token inline; longer tokens are compared against the rank table kept in m_arena.
    struct Slot
    {
        uint64_t head; // first 8 token bytes, zero padded
        uint32_t rank; // NoRank marks an empty slot
        uint32_t offsetAndLength; // offset of the token in m_arena << 8 | token length
    };
    static constexpr size_t MaxArenaSize = size_t(1) << 24;

    QByteArray m_arena; // the rank table file as loaded
    std::vector<Slot> m_slots;
    size_t m_slotMask = 0;
    qsizetype m_tokenCount = 0;
};

} // namespace Switchyard
