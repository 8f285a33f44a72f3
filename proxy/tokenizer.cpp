#include "tokenizer.h"

#include "logging.h"

#include <QFile>
#include <queue>

#include <algorithm>
#include <array>
#include <cstring>

// Registers the rank table resource. Q_INIT_RESOURCE must be used outside any namespace. The object
// library Qt propagates from qt_add_resources normally registers it already (a second registration
// of the same data is ignored); the explicit call makes the resource available even where a
// toolchain would drop that object.
static QByteArray readEmbeddedRankTable()
{
    Q_INIT_RESOURCE(tokenizer);
    QFile file(QStringLiteral(":/tokenizer/o200k_base.bpe"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

namespace Switchyard {

namespace {

// ---------------------------------------------------------------------------------------------
// Pre-tokenisation
//
// tiktoken's o200k_base splits text with this pattern (tiktoken_ext/openai_public.py):
//
//   A1
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//   A2
//   |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//   A3 |\p{N}{1,3}
//   A4 | ?[^\s\p{L}\p{N}]+[\r\n/]*
//   A5 |\s*[\r\n]+
//   A6 |\s+(?!\S)
//   A7 |\s+
//
// Running it through a regex engine costs a UTF-16 round trip and a match object per piece, and is
// the slowest part of counting. The alternatives are simple enough to compile by hand into a
// forward scanner: every backtracking decision reduces to remembering one earlier position while
// scanning a run (the last lowercase-class letter in A1, the last line break in A5, the start of
// the last whitespace character in A6). Semantics pinned down against the reference
// implementations (OpenAI's Rust tiktoken via the `tiktoken` npm package, and js-tiktoken):
//   - \s is Unicode White_Space (includes U+0085, excludes U+FEFF), as in Rust's regex crate;
//   - the case-insensitive contractions only match ASCII letters ("'ſ" is not "'s").
// tst_tokenizer compares this scanner piece by piece with the pattern above run by PCRE2.

enum CharClass : uint8_t
{
    ClassLetter = 0x01, // \p{L}
    ClassNumber = 0x02, // \p{N}
    ClassSpace = 0x04, // \s
    ClassLineBreak = 0x08, // \r or \n
    ClassUpper = 0x10, // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    ClassLower = 0x20, // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
};

bool isUnicodeWhiteSpace(char32_t cp)
{
    switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

uint8_t classify(char32_t cp)
{
    if (isUnicodeWhiteSpace(cp))
        return cp == '\r' || cp == '\n' ? ClassSpace | ClassLineBreak : ClassSpace;
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Titlecase:
        return ClassLetter | ClassUpper;
    case QChar::Letter_Lowercase:
        return ClassLetter | ClassLower;
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
        return ClassLetter | ClassUpper | ClassLower;
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return ClassUpper | ClassLower;
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
        return ClassNumber;
    default:
        return 0;
    }
}

const std::array<uint8_t, 128> &asciiClasses()
{
    static const std::array<uint8_t, 128> table = [] {
        std::array<uint8_t, 128> t {};
        for (char32_t c = 0; c < 128; ++c)
            t[c] = classify(c);
        return t;
    }();
    return table;
}

struct CodePoint
{
    uint8_t cls;
    uint8_t size; // bytes
};

bool isContinuation(uint8_t b)
{
    return (b & 0xC0) == 0x80;
}

// Decodes the non-ASCII code point at s[i] (i < n). Invalid or truncated sequences yield one byte
// classified like U+FFFD (a symbol), so malformed input is split consistently and its bytes are kept.
Q_NEVER_INLINE CodePoint decodeNonAscii(const uint8_t *s, size_t n, size_t i)
{
    const uint8_t b0 = s[i];
    constexpr CodePoint invalid {0, 1};
    const size_t left = n - i;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (left < 2 || !isContinuation(s[i + 1]))
            return invalid;
        return {classify(char32_t((b0 & 0x1F) << 6 | (s[i + 1] & 0x3F))), 2};
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (left < 3 || !isContinuation(s[i + 1]) || !isContinuation(s[i + 2]))
            return invalid;
        if ((b0 == 0xE0 && s[i + 1] < 0xA0) || (b0 == 0xED && s[i + 1] > 0x9F))
            return invalid; // overlong form or UTF-16 surrogate
        return {classify(char32_t((b0 & 0x0F) << 12 | (s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F))), 3};
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (left < 4 || !isContinuation(s[i + 1]) || !isContinuation(s[i + 2]) || !isContinuation(s[i + 3]))
            return invalid;
        if ((b0 == 0xF0 && s[i + 1] < 0x90) || (b0 == 0xF4 && s[i + 1] > 0x8F))
            return invalid; // overlong form or beyond U+10FFFF
        return {classify(char32_t((b0 & 0x07) << 18 | (s[i + 1] & 0x3F) << 12 | (s[i + 2] & 0x3F) << 6
                                  | (s[i + 3] & 0x3F))),
                4};
    }
    return invalid;
}

class Scanner
{
public:
    explicit Scanner(std::string_view text)
        : m_s(reinterpret_cast<const uint8_t *>(text.data()))
        , m_n(text.size())
        , m_ascii(asciiClasses())
    {
    }

    // End (exclusive byte offset) of the piece starting at start (< size). Always > start.
    size_t pieceEnd(size_t start) const
    {
        const CodePoint c0 = at(start);
        // [^\r\n\p{L}\p{N}]? is tried with the optional character first, then without.
        const bool hasPrefix = !(c0.cls & (ClassLetter | ClassNumber | ClassLineBreak));
        const size_t afterPrefix = start + c0.size;

        size_t end;
        if (hasPrefix && (end = lettersA1(afterPrefix)) != NoMatch)
            return contraction(end);
        if ((end = lettersA1(start)) != NoMatch)
            return contraction(end);
        if (hasPrefix && (end = lettersA2(afterPrefix)) != NoMatch)
            return contraction(end);
        if ((end = lettersA2(start)) != NoMatch)
            return contraction(end);

        if (c0.cls & ClassNumber) { // \p{N}{1,3}
            end = afterPrefix;
            for (int k = 1; k < 3 && end < m_n; ++k) {
                const CodePoint c = at(end);
                if (!(c.cls & ClassNumber))
                    break;
                end += c.size;
            }
            return end;
        }

        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        if (m_s[start] == ' ' && afterPrefix < m_n && isPunctuation(at(afterPrefix)))
            return punctuation(afterPrefix);
        if (isPunctuation(c0))
            return punctuation(start);

        // c0 is whitespace: one scan of the run serves A5, A6 and A7.
        size_t pos = start;
        size_t lastStart = start;
        size_t afterLastLineBreak = NoMatch;
        int count = 0;
        while (pos < m_n) {
            const CodePoint c = at(pos);
            if (!(c.cls & ClassSpace))
                break;
            lastStart = pos;
            pos += c.size;
            ++count;
            if (c.cls & ClassLineBreak)
                afterLastLineBreak = pos;
        }
        if (count == 0) // unreachable: every character is in one of the classes above
            return afterPrefix;
        if (afterLastLineBreak != NoMatch) // \s*[\r\n]+ backtracks to the last line break
            return afterLastLineBreak;
        if (pos == m_n) // \s+(?!\S) at the end of the text
            return pos;
        if (count >= 2) // \s+(?!\S) leaves the last whitespace for the next piece
            return lastStart;
        return pos; // \s+
    }

    size_t size() const { return m_n; }

private:
    static constexpr size_t NoMatch = size_t(-1);

    // ASCII, nearly all of source code and English text, stays inline.
    CodePoint at(size_t i) const
    {
        const uint8_t b = m_s[i];
        return b < 0x80 ? CodePoint {m_ascii[b], 1} : decodeNonAscii(m_s, m_n, i);
    }

    static bool isPunctuation(CodePoint c) { return !(c.cls & (ClassSpace | ClassLetter | ClassNumber)); }

    // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ from p.
    size_t lettersA1(size_t p) const
    {
        size_t pos = p;
        size_t afterLastLower = NoMatch;
        while (pos < m_n) {
            const CodePoint c = at(pos);
            if (!(c.cls & ClassUpper))
                break;
            pos += c.size;
            if (c.cls & ClassLower)
                afterLastLower = pos;
        }
        if (pos < m_n && (at(pos).cls & ClassLower))
            return lowerRun(pos);
        // The greedy upper run gives characters back until one of them also counts as lower.
        return afterLastLower;
    }

    // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]* from p.
    size_t lettersA2(size_t p) const
    {
        size_t pos = p;
        while (pos < m_n) {
            const CodePoint c = at(pos);
            if (!(c.cls & ClassUpper))
                break;
            pos += c.size;
        }
        if (pos == p)
            return NoMatch;
        return lowerRun(pos);
    }

    size_t lowerRun(size_t pos) const
    {
        while (pos < m_n) {
            const CodePoint c = at(pos);
            if (!(c.cls & ClassLower))
                break;
            pos += c.size;
        }
        return pos;
    }

    size_t punctuation(size_t pos) const
    {
        while (pos < m_n) {
            const CodePoint c = at(pos);
            if (!isPunctuation(c))
                break;
            pos += c.size;
        }
        while (pos < m_n && (m_s[pos] == '\r' || m_s[pos] == '\n' || m_s[pos] == '/'))
            ++pos;
        return pos;
    }

    // (?i:'s|'t|'re|'ve|'m|'ll|'d)? after a letter run ending at pos.
    size_t contraction(size_t pos) const
    {
        if (pos + 1 >= m_n || m_s[pos] != '\'')
            return pos;
        const auto lower = [](uint8_t b) { return uint8_t(b | 0x20); }; // ASCII letters only
        const uint8_t a = lower(m_s[pos + 1]);
        if (a == 's' || a == 't' || a == 'm' || a == 'd')
            return pos + 2;
        if (pos + 2 < m_n) {
            const uint8_t b = lower(m_s[pos + 2]);
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
                return pos + 3;
        }
        return pos;
    }

    const uint8_t *m_s;
    size_t m_n;
    const std::array<uint8_t, 128> &m_ascii;
};

// Calls f(piece, size) for every pre-tokenised piece of text.
template<typename F>
void forEachPiece(std::string_view text, F &&f)
{
    const Scanner scanner(text);
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = scanner.pieceEnd(start);
        f(text.data() + start, end - start);
        start = end;
    }
}

// ---------------------------------------------------------------------------------------------
// Rank table

// Lookup key of a byte string: its first 8 bytes (zero padded), stored inline in the hash slot so
// most probes never touch the arena, and a 64-bit hash of all bytes.
struct LookupKey
{
    uint64_t head;
    uint64_t hash;
};

inline uint64_t mix(uint64_t h)
{
    // MurmurHash3's 64-bit finaliser.
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 33);
}

inline LookupKey lookupKey(const char *p, size_t n)
{
    LookupKey key {0, 0};
    if (n >= 8) {
        std::memcpy(&key.head, p, 8);
    } else {
        // Byte by byte: a variable-length memcpy would be a library call on this hot path.
        for (size_t i = 0; i < n; ++i)
            key.head |= uint64_t(uint8_t(p[i])) << (8 * i);
    }
    uint64_t h = key.head ^ (uint64_t(n) * 0x9E3779B97F4A7C15ull);
    for (size_t at = 8; at < n; at += 8) {
        uint64_t v = 0;
        std::memcpy(&v, p + at, std::min<size_t>(8, n - at));
        h = mix(h ^ v);
    }
    key.hash = mix(h);
    return key;
}

constexpr char RankTableMagic[] = "SYBPE001";
constexpr size_t RankTableHeader = 12; // magic + uint32 count

// Pieces up to this many bytes use tiktoken's quadratic merge loop on stack arrays; longer ones
// (whitespace runs, ASCII art, long punctuation) use a heap so a 100 KB run stays O(n log n).
constexpr size_t SmallPiece = 128;

} // namespace

Tokenizer::Tokenizer(const QByteArray &table)
{
    if (!load(table))
        qCCritical(lcProxy) << "o200k_base rank table missing or corrupt; token counts are estimates";
}

Tokenizer::~Tokenizer() = default;

const Tokenizer &Tokenizer::o200k()
{
    // A function-local static is initialised exactly once, thread-safely (C++11 magic statics).
    static const Tokenizer instance(readEmbeddedRankTable());
    return instance;
}

bool Tokenizer::load(const QByteArray &table)
{
    if (table.size() < qsizetype(RankTableHeader) || std::memcmp(table.constData(), RankTableMagic, 8) != 0)
        return false;
    const size_t size = size_t(table.size());
    if (size > MaxArenaSize)
        return false;
    uint32_t count = 0;
    for (int i = 0; i < 4; ++i)
        count |= uint32_t(uint8_t(table[8 + i])) << (8 * i);

    // Linear probing at a load factor below 0.5 keeps failed lookups (most pair lookups during
    // merging fail) to one or two probes.
    size_t slotCount = 1;
    while (slotCount < size_t(count) * 2 + 2)
        slotCount <<= 1;
    std::vector<Slot> buckets(slotCount, Slot {0, NoRank, 0});
    const size_t mask = slotCount - 1;

    size_t pos = RankTableHeader;
    for (uint32_t rank = 0; rank < count; ++rank) {
        if (pos >= size)
            return false;
        const size_t length = uint8_t(table[qsizetype(pos)]);
        if (length == 0 || pos + 1 + length > size)
            return false;
        const size_t offset = pos + 1;
        const LookupKey key = lookupKey(table.constData() + offset, length);
        size_t slot = key.hash & mask;
        while (buckets[slot].rank != NoRank)
            slot = (slot + 1) & mask;
        buckets[slot] = Slot {key.head, rank, uint32_t(offset << 8 | length)};
        pos = offset + length;
    }

    m_arena = table;
    m_slots = std::move(buckets);
    m_slotMask = mask;
    m_tokenCount = count;
    return true;
}

uint32_t Tokenizer::rankOf(const char *bytes, size_t size) const
{
    const LookupKey key = lookupKey(bytes, size);
    size_t slot = key.hash & m_slotMask;
    for (;;) {
        const Slot &candidate = m_slots[slot];
        if (candidate.rank == NoRank)
            return NoRank;
        if (candidate.head == key.head && (candidate.offsetAndLength & 0xFF) == size
            && (size <= 8
                || std::memcmp(m_arena.constData() + (candidate.offsetAndLength >> 8) + 8, bytes + 8,
                               size - 8)
                    == 0))
            return candidate.rank;
        slot = (slot + 1) & m_slotMask;
    }
}

template<typename Sink>
void Tokenizer::encodePiece(const char *piece, size_t size, Sink &&sink) const
{
    const uint32_t whole = rankOf(piece, size);
    if (whole != NoRank) {
        sink(whole, piece, size);
        return;
    }
    if (size <= SmallPiece)
        mergeSmall(piece, size, sink);
    else
        mergeLarge(piece, size, sink);
}

// tiktoken's byte_pair_merge: repeatedly merge the adjacent pair with the lowest rank (leftmost on
// ties). rank[i] is the rank of the pair starting at part i.
template<typename Sink>
void Tokenizer::mergeSmall(const char *piece, size_t size, Sink &sink) const
{
    std::array<uint32_t, SmallPiece + 1> start;
    std::array<uint32_t, SmallPiece + 1> rank;
    size_t parts = size + 1; // the last entry is the end sentinel
    for (size_t i = 0; i < parts; ++i)
        start[i] = uint32_t(i);
    for (size_t i = 0; i + 1 < size; ++i)
        rank[i] = rankOf(piece + i, 2);
    rank[size - 1] = NoRank;
    rank[size] = NoRank;

    const auto pairRank = [&](size_t i) {
        return i + 2 < parts ? rankOf(piece + start[i], start[i + 2] - start[i]) : NoRank;
    };
    for (;;) {
        uint32_t best = NoRank;
        size_t at = 0;
        for (size_t i = 0; i + 2 < parts; ++i) {
            if (rank[i] < best) {
                best = rank[i];
                at = i;
            }
        }
        if (best == NoRank)
            break;
        // Remove the boundary at + 1, then refresh the pairs that now start at at - 1 and at.
        std::copy(start.begin() + at + 2, start.begin() + parts, start.begin() + at + 1);
        std::copy(rank.begin() + at + 2, rank.begin() + parts, rank.begin() + at + 1);
        --parts;
        rank[at] = pairRank(at);
        if (at > 0)
            rank[at - 1] = pairRank(at - 1);
    }
    for (size_t i = 0; i + 1 < parts; ++i)
        sink(NoRank, piece + start[i], start[i + 1] - start[i]);
}

// Same merge order as mergeSmall (lowest rank, then leftmost), with a min-heap of (rank, start)
// and lazily discarded stale entries.
template<typename Sink>
void Tokenizer::mergeLarge(const char *piece, size_t size, Sink &sink) const
{
    constexpr uint32_t None = UINT32_MAX;
    std::vector<uint32_t> next(size), prev(size), rank(size, NoRank);
    std::vector<bool> alive(size, true);
    std::vector<uint64_t> heapStorage;
    heapStorage.reserve(size);
    std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<>> heap(std::greater<> {},
                                                                              std::move(heapStorage));
    const auto push = [&](uint32_t at) {
        if (rank[at] != NoRank)
            heap.push(uint64_t(rank[at]) << 32 | at);
    };
    for (size_t i = 0; i < size; ++i) {
        next[i] = uint32_t(i + 1);
        prev[i] = i == 0 ? None : uint32_t(i - 1);
    }
    for (uint32_t i = 0; i + 1 < size; ++i) {
        rank[i] = rankOf(piece + i, 2);
        push(i);
    }
    // Rank of the pair that starts at part i: bytes up to the end of the part after next.
    const auto pairRank = [&](uint32_t i) {
        const uint32_t second = next[i];
        if (second >= size)
            return NoRank;
        const uint32_t end = next[second];
        return rankOf(piece + i, end - i);
    };
    while (!heap.empty()) {
        const uint64_t top = heap.top();
        heap.pop();
        const uint32_t at = uint32_t(top);
        if (!alive[at] || rank[at] != uint32_t(top >> 32))
            continue; // stale: the pair changed since this entry was pushed
        const uint32_t removed = next[at];
        alive[removed] = false;
        next[at] = next[removed];
        if (next[at] < size)
            prev[next[at]] = at;
        rank[at] = pairRank(at);
        push(at);
        if (prev[at] != None) {
            rank[prev[at]] = pairRank(prev[at]);
            push(prev[at]);
        }
    }
    for (uint32_t i = 0; i < size; i = next[i])
        sink(NoRank, piece + i, next[i] - i);
}

qsizetype Tokenizer::count(std::string_view utf8) const
{
    if (utf8.empty())
        return 0;
    if (!isValid())
        return std::max<qsizetype>(1, qsizetype(utf8.size()) / 4);
    qsizetype total = 0;
    const auto sink = [&total](uint32_t, const char *, size_t) { ++total; };
    forEachPiece(utf8, [&](const char *piece, size_t size) { encodePiece(piece, size, sink); });
    return total;
}

QList<int> Tokenizer::encode(std::string_view utf8) const
{
    QList<int> ids;
    if (!isValid())
        return ids;
    const auto sink = [this, &ids](uint32_t rank, const char *bytes, size_t size) {
        ids.append(int(rank != NoRank ? rank : rankOf(bytes, size)));
    };
    forEachPiece(utf8, [&](const char *piece, size_t size) { encodePiece(piece, size, sink); });
    return ids;
}

QList<QByteArray> Tokenizer::pretokenize(std::string_view utf8)
{
    QList<QByteArray> pieces;
    forEachPiece(utf8,
                 [&](const char *piece, size_t size) { pieces.append(QByteArray(piece, qsizetype(size))); });
    return pieces;
}

} // namespace Switchyard
