#pragma once

// Small read helpers over simdjson DOM elements shared by the request and response codecs.
// Internal to the proxy library (includes simdjson, unlike the public codec headers).

#include "jsonwriter.h"

#include <optional>
#include <simdjson.h>
#include <string_view>

namespace Switchyard::CodecJson {

using Element = simdjson::dom::element;
using Type = simdjson::dom::element_type;

inline bool member(const Element &object, std::string_view key, Element *out)
{
    return object.at_key(key).get(*out) == simdjson::SUCCESS;
}

// The member when it exists and is not null.
inline std::optional<Element> present(const Element &object, std::string_view key)
{
    Element value;
    if (!member(object, key, &value) || value.is_null())
        return std::nullopt;
    return value;
}

inline std::optional<std::string_view> stringMember(const Element &object, std::string_view key)
{
    std::string_view text;
    if (object.at_key(key).get(text) != simdjson::SUCCESS)
        return std::nullopt;
    return text;
}

inline std::string_view stringOr(const Element &object, std::string_view key, std::string_view fallback = {})
{
    return stringMember(object, key).value_or(fallback);
}

inline bool boolOr(const Element &object, std::string_view key, bool fallback)
{
    bool flag = fallback;
    if (object.at_key(key).get(flag) != simdjson::SUCCESS)
        return fallback;
    return flag;
}

inline bool isInteger(const Element &value)
{
    return value.type() == Type::INT64 || value.type() == Type::UINT64;
}

inline bool isNumber(const Element &value)
{
    return isInteger(value) || value.type() == Type::DOUBLE;
}

inline qint64 toInt64(const Element &value)
{
    if (value.type() == Type::INT64)
        return int64_t(value);
    if (value.type() == Type::UINT64)
        return qint64(std::min<uint64_t>(uint64_t(value), uint64_t(std::numeric_limits<qint64>::max())));
    return qint64(double(value));
}

inline double toDouble(const Element &value)
{
    if (value.type() == Type::INT64)
        return double(int64_t(value));
    if (value.type() == Type::UINT64)
        return double(uint64_t(value));
    return double(value);
}

inline bool isBlank(std::string_view text)
{
    for (char c : text) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v')
            return false;
    }
    return true;
}

inline QByteArray bytes(std::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

// Copies a sub-tree through unchanged (minified), without building anything in between.
inline void writeRaw(JsonWriter &out, const Element &value)
{
    out.raw(simdjson::minify(value));
}

} // namespace Switchyard::CodecJson
