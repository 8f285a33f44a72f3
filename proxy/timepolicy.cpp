#include "timepolicy.h"

#include "logging.h"
#include "strategies.h"

#include <QJsonArray>

namespace Switchyard {

namespace {

constexpr int MinutesPerDay = 24 * 60;
constexpr quint8 AllDays = 0x7f;

// 1 = Monday ... 7 = Sunday, or 0.
int dayNumber(const QString &token)
{
    static const char *const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    if (token.size() < 3)
        return 0;
    for (int i = 0; i < 7; ++i) {
        const QLatin1String name(names[i]);
        if (name.startsWith(token))
            return i + 1;
    }
    return 0;
}

int previousDay(int dayOfWeek)
{
    return dayOfWeek == 1 ? 7 : dayOfWeek - 1;
}

bool memberSelected(const GroupMember &member, const QString &channelName, const QStringList &entries)
{
    for (const QString &entry : entries) {
        const qsizetype comma = entry.indexOf(u',');
        if (comma < 0) {
            if (entry.trimmed().compare(channelName, Qt::CaseInsensitive) == 0)
                return true;
            continue;
        }
        if (entry.left(comma).trimmed().compare(channelName, Qt::CaseInsensitive) == 0
            && entry.mid(comma + 1).trimmed() == member.model)
            return true;
    }
    return false;
}

} // namespace

bool TimeWindowPolicy::matches(const QDateTime &local) const
{
    const QTime time = local.time();
    const int minute = time.hour() * 60 + time.minute();
    const int day = local.date().dayOfWeek();
    if (fromMinute == toMinute)
        return coversDay(day);
    if (fromMinute < toMinute)
        return coversDay(day) && minute >= fromMinute && minute < toMinute;
    // Crosses midnight: the evening part belongs to today, the morning part to yesterday's window.
    return (coversDay(day) && minute >= fromMinute) || (coversDay(previousDay(day)) && minute < toMinute);
}

namespace TimePolicy {

int parseTimeOfDay(const QString &text)
{
    const QStringList parts = text.trimmed().split(u':');
    if (parts.size() != 2 || parts.at(1).size() != 2 || parts.at(0).isEmpty() || parts.at(0).size() > 2)
        return -1;
    bool okHour = false;
    bool okMinute = false;
    const int hour = parts.at(0).toInt(&okHour);
    const int minute = parts.at(1).toInt(&okMinute);
    if (!okHour || !okMinute || hour < 0 || minute < 0 || minute > 59 || hour > 24
        || (hour == 24 && minute != 0))
        return -1;
    return hour * 60 + minute;
}

quint8 parseDays(const QStringList &tokens, QString *error)
{
    quint8 mask = 0;
    for (const QString &raw : tokens) {
        const QString token = raw.trimmed().toLower();
        if (token == QLatin1String("weekdays")) {
            mask |= 0x1f;
        } else if (token == QLatin1String("weekend") || token == QLatin1String("weekends")) {
            mask |= 0x60;
        } else if (token == QLatin1String("daily") || token == QLatin1String("*")
                   || token == QLatin1String("all")) {
            mask |= AllDays;
        } else if (const qsizetype dash = token.indexOf(u'-'); dash > 0) {
            const int first = dayNumber(token.left(dash).trimmed());
            const int last = dayNumber(token.mid(dash + 1).trimmed());
            if (!first || !last) {
                if (error)
                    *error = QStringLiteral("unknown day range '%1'").arg(raw);
                return 0;
            }
            for (int day = first;; day = day % 7 + 1) {
                mask |= quint8(1u << (day - 1));
                if (day == last)
                    break;
            }
        } else if (const int day = dayNumber(token)) {
            mask |= quint8(1u << (day - 1));
        } else {
            if (error)
                *error = QStringLiteral("unknown day '%1'").arg(raw);
            return 0;
        }
    }
    return mask;
}

EffectiveGroup apply(const ModelGroup &group, const TimePolicySet &policies, const ConfigData &config,
                     const QDateTime &local)
{
    EffectiveGroup effective;
    effective.strategy = group.strategy;
    for (int i = 0; i < group.members.size(); ++i)
        effective.memberIndices.append(i);
    const TimeWindowPolicy *policy = policies.active(local);
    if (!policy)
        return effective;
    effective.policyName = policy->name;
    if (!policy->strategy.isEmpty())
        effective.strategy = policy->strategy;
    if (!policy->members.isEmpty()) {
        effective.memberIndices.clear();
        for (int i = 0; i < group.members.size(); ++i) {
            const GroupMember &member = group.members.at(i);
            const Channel *channel = config.channelById(member.channelId);
            if (channel && memberSelected(member, channel->name, policy->members))
                effective.memberIndices.append(i);
        }
        if (effective.memberIndices.isEmpty())
            qCWarning(lcRouting).noquote()
                << "time policy" << policy->name << "of group" << group.name << "selects no member";
    }
    return effective;
}

EffectiveGroup apply(const ModelGroup &group, const ConfigData &config, const QDateTime &local)
{
    return apply(group, TimePolicySet::parse(group.options), config, local);
}

EffectiveGroup apply(const ModelGroup &group, const ConfigData &config, const Clock &clock)
{
    return apply(group, config, clock.localNow());
}

} // namespace TimePolicy

TimePolicySet TimePolicySet::parse(const QJsonObject &groupOptions, QStringList *errors)
{
    TimePolicySet set;
    const QJsonValue value = groupOptions.value(QLatin1String("timePolicies"));
    if (value.isUndefined() || value.isNull())
        return set;
    if (!value.isArray()) {
        if (errors)
            errors->append(QStringLiteral("timePolicies: not an array"));
        return set;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("timePolicies[%1]").arg(i);
        const auto fail = [&](const QString &why) {
            if (errors)
                errors->append(where + QStringLiteral(": ") + why);
        };
        if (!array.at(i).isObject()) {
            fail(QStringLiteral("not an object"));
            continue;
        }
        const QJsonObject entry = array.at(i).toObject();
        TimeWindowPolicy policy;
        policy.name = entry.value(QLatin1String("name")).toString(where);

        const QJsonValue days = entry.value(QLatin1String("days"));
        QStringList dayTokens;
        if (days.isString())
            dayTokens = days.toString().split(u',', Qt::SkipEmptyParts);
        else
            for (const QJsonValue &day : days.toArray())
                dayTokens.append(day.toString());
        if (!dayTokens.isEmpty()) {
            QString error;
            policy.days = TimePolicy::parseDays(dayTokens, &error);
            if (!policy.days) {
                fail(error);
                continue;
            }
        }

        const QString from = entry.value(QLatin1String("from")).toString();
        const QString to = entry.value(QLatin1String("to")).toString();
        policy.fromMinute = from.isEmpty() ? 0 : TimePolicy::parseTimeOfDay(from);
        policy.toMinute = to.isEmpty() ? MinutesPerDay : TimePolicy::parseTimeOfDay(to);
        if (policy.fromMinute < 0 || policy.toMinute < 0 || policy.fromMinute == MinutesPerDay) {
            fail(QStringLiteral("invalid time '%1'")
                     .arg(policy.fromMinute < 0 || policy.fromMinute == MinutesPerDay ? from : to));
            continue;
        }
        // [00:00, 24:00) and an explicit from == to both mean the whole day.
        if (policy.fromMinute == 0 && policy.toMinute == MinutesPerDay)
            policy.toMinute = 0;
        policy.toMinute %= MinutesPerDay;

        policy.strategy = entry.value(QLatin1String("strategy")).toString().trimmed();
        if (!policy.strategy.isEmpty() && !strategyFromString(policy.strategy)) {
            fail(QStringLiteral("unknown strategy '%1'").arg(policy.strategy));
            continue;
        }
        for (const QJsonValue &member : entry.value(QLatin1String("members")).toArray()) {
            if (!member.toString().trimmed().isEmpty())
                policy.members.append(member.toString().trimmed());
        }
        set.policies.append(policy);
    }
    return set;
}

const TimeWindowPolicy *TimePolicySet::active(const QDateTime &local) const
{
    for (const TimeWindowPolicy &policy : policies) {
        if (policy.matches(local))
            return &policy;
    }
    return nullptr;
}

} // namespace Switchyard
