#include "modelsendpoint.h"

#include "jsonwriter.h"

#include <algorithm>
#include <utility>

namespace Switchyard::ModelsEndpoint {

namespace {

// Route aliases have no release date. A fixed one keeps listings stable between calls (clients
// cache and sort by it); it only needs to be valid RFC 3339 / Unix time.
constexpr const char *createdAt = "2025-01-01T00:00:00Z";
constexpr qint64 createdUnix = 1735689600;
constexpr int defaultLimit = 20;
constexpr int maxLimit = 1000;

void writeAnthropicModel(JsonWriter &out, const QString &id)
{
    out.beginObject();
    out.field("type", "model");
    out.field("id", id);
    out.field("display_name", id + QStringLiteral(" (via Switchyard)"));
    out.field("created_at", createdAt);
    out.endObject();
}

void writeOpenAIModel(JsonWriter &out, const QString &id)
{
    out.beginObject();
    out.field("id", id);
    out.field("object", "model");
    out.field("created", createdUnix);
    out.field("owned_by", "switchyard");
    out.endObject();
}

// GET /v1/models/{id}: one model object as the whole body, in either shape.
QByteArray modelBody(void (*write)(JsonWriter &, const QString &), const QString &id)
{
    JsonWriter out(160);
    write(out, id);
    return out.take();
}

} // namespace

bool wantsAnthropicShape(const QByteArray &xApiKey, const QByteArray &anthropicVersion)
{
    return !xApiKey.isEmpty() || !anthropicVersion.isEmpty();
}

QByteArray anthropicList(const QStringList &ids, const QUrlQuery &query)
{
    bool ok = false;
    int limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1)
        limit = defaultLimit;
    limit = std::min(limit, maxLimit);

    qsizetype begin = 0;
    qsizetype end = ids.size();
    const QString afterId = query.queryItemValue(QStringLiteral("after_id"), QUrl::FullyDecoded);
    const QString beforeId = query.queryItemValue(QStringLiteral("before_id"), QUrl::FullyDecoded);
    if (!afterId.isEmpty()) {
        const qsizetype at = ids.indexOf(afterId);
        begin = at < 0 ? ids.size() : at + 1;
    }
    if (!beforeId.isEmpty()) {
        const qsizetype at = ids.indexOf(beforeId);
        end = at < 0 ? 0 : at;
    }
    bool hasMore = false;
    if (end - begin > limit) {
        hasMore = true;
        // Paging backwards (before_id only) returns the page right before the id, like the API.
        if (!beforeId.isEmpty() && afterId.isEmpty())
            begin = end - limit;
        else
            end = begin + limit;
    }

    JsonWriter out(256 + 128 * std::max<qsizetype>(0, end - begin));
    out.beginObject();
    out.key("data").beginArray();
    for (qsizetype i = begin; i < end; ++i)
        writeAnthropicModel(out, ids.at(i));
    out.endArray();
    out.field("has_more", hasMore);
    // An empty page has null first_id and last_id, like the API's.
    for (const auto &[key, at] : {std::pair {"first_id", begin}, std::pair {"last_id", end - 1}}) {
        out.key(key);
        if (end > begin)
            out.value(ids.at(at));
        else
            out.null();
    }
    out.endObject();
    return out.take();
}

QByteArray anthropicModel(const QString &id)
{
    return modelBody(writeAnthropicModel, id);
}

QByteArray openAIList(const QStringList &ids)
{
    JsonWriter out(64 + 96 * ids.size());
    out.beginObject();
    out.field("object", "list");
    out.key("data").beginArray();
    for (const QString &id : ids)
        writeOpenAIModel(out, id);
    out.endArray();
    out.endObject();
    return out.take();
}

QByteArray openAIModel(const QString &id)
{
    return modelBody(writeOpenAIModel, id);
}

} // namespace Switchyard::ModelsEndpoint
