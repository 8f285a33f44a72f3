#include "configtypes.h"

#include <QSet>

namespace Switchyard {

QString protocolToString(Protocol protocol)
{
    switch (protocol) {
    case Protocol::Anthropic:
        return QStringLiteral("anthropic");
    case Protocol::OpenAI:
        return QStringLiteral("openai");
    case Protocol::Gemini:
        return QStringLiteral("gemini");
    case Protocol::Responses:
        return QStringLiteral("responses");
    }
    return QStringLiteral("openai");
}

std::optional<Protocol> protocolFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"anthropic")
        return Protocol::Anthropic;
    if (t == u"openai")
        return Protocol::OpenAI;
    if (t == u"gemini")
        return Protocol::Gemini;
    if (t == u"responses")
        return Protocol::Responses;
    return std::nullopt;
}

namespace {
template<typename T, typename Pred>
const T *findIn(const QList<T> &list, Pred pred)
{
    for (const T &item : list) {
        if (pred(item))
            return &item;
    }
    return nullptr;
}
} // namespace

const Provider *ConfigData::providerById(qint64 id) const
{
    return findIn(providers, [id](const Provider &p) { return p.id == id; });
}

const Provider *ConfigData::providerByName(const QString &name) const
{
    return findIn(providers, [&name](const Provider &p) { return p.name == name; });
}

const Channel *ConfigData::channelById(qint64 id) const
{
    return findIn(channels, [id](const Channel &c) { return c.id == id; });
}

const Channel *ConfigData::channelByName(const QString &name) const
{
    return findIn(channels, [&name](const Channel &c) { return c.name == name; });
}

const ModelGroup *ConfigData::groupByName(const QString &name) const
{
    return findIn(groups, [&name](const ModelGroup &g) { return g.name == name; });
}

int ConfigData::modelCount() const
{
    QSet<QString> models;
    for (const Channel &channel : channels) {
        if (!channel.enabled)
            continue;
        for (const QString &model : channel.models)
            models.insert(model);
    }
    for (const ModelGroup &group : groups) {
        if (group.enabled)
            models.insert(group.name);
    }
    return int(models.size());
}

} // namespace Switchyard
