#include "slotmap.h"

#include <QJsonValue>

#include <algorithm>

namespace Switchyard::SlotMap {

namespace {

const QLatin1StringView TargetField("target");
const QLatin1StringView ModelField("model");
const QLatin1StringView EffortField("effort");

void sortCaseInsensitive(QStringList *list)
{
    std::sort(list->begin(), list->end(),
              [](const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
}

} // namespace

const QStringList &families()
{
    static const QStringList list {QStringLiteral("opus"), QStringLiteral("sonnet"), QStringLiteral("haiku")};
    return list;
}

const QStringList &efforts()
{
    static const QStringList list {QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high"),
                                   QStringLiteral("max")};
    return list;
}

Entry entry(const QJsonObject &slotMap, const QString &family)
{
    const QJsonValue value = slotMap.value(family);
    if (value.isString())
        return Entry {value.toString().trimmed(), {}, {}};
    const QJsonObject object = value.toObject();
    return Entry {object.value(TargetField).toString().trimmed(),
                  object.value(ModelField).toString().trimmed(),
                  object.value(EffortField).toString().trimmed()};
}

QJsonObject withEntry(QJsonObject slotMap, const QString &family, const Entry &entry)
{
    const Entry trimmed {entry.target.trimmed(), entry.model.trimmed(), entry.effort.trimmed()};
    if (trimmed.isEmpty()) {
        slotMap.remove(family);
        return slotMap;
    }
    QJsonObject object;
    if (!trimmed.target.isEmpty())
        object.insert(TargetField, trimmed.target);
    if (!trimmed.model.isEmpty())
        object.insert(ModelField, trimmed.model);
    if (!trimmed.effort.isEmpty())
        object.insert(EffortField, trimmed.effort);
    slotMap.insert(family, object);
    return slotMap;
}

QString summary(const QJsonObject &slotMap)
{
    QStringList parts;
    for (const QString &family : families()) {
        const Entry e = entry(slotMap, family);
        if (e.isEmpty())
            continue;
        QString where = e.target;
        if (!e.model.isEmpty())
            where = where.isEmpty() ? e.model : where + QStringLiteral(" [") + e.model + u']';
        QString part = family + QStringLiteral(" → ") + (where.isEmpty() ? QStringLiteral("…") : where);
        if (!e.effort.isEmpty())
            part += QStringLiteral(" (") + e.effort + u')';
        parts << part;
    }
    return parts.join(QStringLiteral("; "));
}

QStringList targetCandidates(const ConfigData &config)
{
    QStringList groups;
    for (const ModelGroup &group : config.groups)
        groups << group.name;
    QStringList channels;
    QStringList pairs;
    for (const Channel &channel : config.channels) {
        channels << channel.name;
        for (const QString &model : channel.models)
            pairs << channel.name + u',' + model;
    }
    sortCaseInsensitive(&groups);
    sortCaseInsensitive(&channels);
    sortCaseInsensitive(&pairs);
    QStringList all = groups + channels + pairs;
    all.removeDuplicates();
    return all;
}

bool isKnownTarget(const ConfigData &config, const QString &target)
{
    const QString text = target.trimmed();
    if (text.isEmpty() || config.groupByName(text) || config.channelByName(text))
        return true;
    const qsizetype comma = text.indexOf(u',');
    return comma > 0 && comma < text.size() - 1 && config.channelByName(text.left(comma).trimmed());
}

} // namespace Switchyard::SlotMap
