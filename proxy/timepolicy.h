#pragma once

// Time policies: a model group switches strategy and/or member set by weekday and time of day,
// e.g. "on weekdays from 09:00 to 18:00 use cost_optimized over the cheap members".
//
// Shape, in ModelGroup::options:
//   {"timePolicies": [
//      {"name": "office hours",                 // optional, shown in the route trace
//       "days": ["mon", "tue", "wed", "thu", "fri"],
//       "from": "09:00", "to": "18:00",
//       "strategy": "cost_optimized",           // optional: keep the group's strategy when absent
//       "members": ["main,gpt-4o-mini", "backup"]}  // optional: keep all members when absent
//   ]}
//
// - days: names or three-letter abbreviations ("mon", "Monday"), ranges ("mon-fri", "fri-mon"
//   wraps), "weekdays", "weekend", "daily"/"*"; absent or empty = every day.
// - from/to: local "HH:MM" (24 h). The window is [from, to): 18:00 itself is outside. "24:00" is
//   allowed for to. from == to (or both absent) = the whole day. to < from crosses midnight: the
//   window belongs to the day it starts on, so {"days":["fri"],"from":"22:00","to":"02:00"} covers
//   Friday 22:00 to Saturday 02:00, and not Friday 01:00.
// - members: "<channel>,<model>" for one member, or a channel name for all of its members.
// - strategy: a name strategyFromString() accepts; unknown names make the entry invalid.
// - The first policy that matches wins; none matching = the group as configured.
// Times are in the local time of the injected Clock (the system zone in the app).
//
// Entries that cannot be parsed are skipped and reported in errors, so the UI can show them while
// the rest keeps working.

#include "clock.h"
#include "configtypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Switchyard {

struct TimeWindowPolicy
{
    QString name;
    quint8 days = 0x7f; // bit 0 = Monday ... bit 6 = Sunday
    int fromMinute = 0; // minutes since local midnight
    int toMinute = 0; // exclusive; == fromMinute: whole day; < fromMinute: crosses midnight
    QString strategy; // empty = unchanged
    QStringList members; // empty = unchanged

    bool matches(const QDateTime &local) const;
    bool coversDay(int dayOfWeek) const { return days & (1u << (dayOfWeek - 1)); } // Qt: 1 = Monday
};

struct TimePolicySet
{
    QList<TimeWindowPolicy> policies;

    // Reads options["timePolicies"]; errors gets one line per skipped entry ("timePolicies[1]: ...").
    static TimePolicySet parse(const QJsonObject &groupOptions, QStringList *errors = nullptr);
    const TimeWindowPolicy *active(const QDateTime &local) const;
    bool isEmpty() const { return policies.isEmpty(); }
};

// A group as it applies right now.
struct EffectiveGroup
{
    QString strategy; // the policy's strategy, else the group's
    QList<int> memberIndices; // indices into ModelGroup::members, in their original order
    QString policyName; // the active policy's name (or "timePolicies[i]"); empty when none applies
};

namespace TimePolicy {

// The group at local time. config resolves member channel names ("<channel>,<model>" entries).
// Parsing group.options costs a little on every call; callers that route often may parse once per
// config snapshot and pass the set.
EffectiveGroup apply(const ModelGroup &group, const TimePolicySet &policies, const ConfigData &config,
                     const QDateTime &local);
EffectiveGroup apply(const ModelGroup &group, const ConfigData &config, const QDateTime &local);
EffectiveGroup apply(const ModelGroup &group, const ConfigData &config, const Clock &clock);

// "HH:MM" -> minutes since midnight (0..1440), -1 when invalid.
int parseTimeOfDay(const QString &text);
// Day names/ranges -> mask (bit 0 = Monday); 0 with *error set when a token is unknown.
quint8 parseDays(const QStringList &tokens, QString *error = nullptr);

} // namespace TimePolicy
} // namespace Switchyard
