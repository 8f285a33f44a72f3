#pragma once

// The slot map of a client key as the UI edits it: one entry per Claude model family (opus, sonnet,
// haiku), each a target, an optional upstream model and an optional reasoning effort. The stored form
// is ClientKey::slotMap, read by the router (proxy/router.h, step 2):
//   {"opus": {"target": "<channel>,<model>" | "<channel>" | "<group>", "model": "...", "effort": "high"}}
// A bare string entry ({"opus": "<target>"}) is read as a target; entries are written back as objects
// with only the non-empty fields, and an entry with nothing set is removed.

#include "configtypes.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Switchyard::SlotMap {

struct Entry
{
    QString target;
    QString model; // upstream model, replaces the model of a channel target
    QString effort; // "", "low", "medium", "high", "max"

    bool isEmpty() const { return target.isEmpty() && model.isEmpty() && effort.isEmpty(); }
    bool operator==(const Entry &) const = default;
};

// "opus", "sonnet", "haiku": the families the router recognises, in display order.
const QStringList &families();
// "low", "medium", "high", "max": the reasoning efforts a slot may force.
const QStringList &efforts();

Entry entry(const QJsonObject &slotMap, const QString &family);
// slotMap with family's entry replaced (fields trimmed), or removed when the entry is empty.
QJsonObject withEntry(QJsonObject slotMap, const QString &family, const Entry &entry);

// One line for a table cell: "opus → main,claude-opus-4-1 (high); haiku → auto:fast". Empty when no
// family is mapped.
QString summary(const QJsonObject &slotMap);

// Everything a target may name, for the editor's combo: group names, channel names, then every
// "<channel>,<model>" pair the channels list, each part sorted case-insensitively.
QStringList targetCandidates(const ConfigData &config);
// Whether target names a group, a channel, or "<known channel>,<model>". Empty counts as known.
bool isKnownTarget(const ConfigData &config, const QString &target);

} // namespace Switchyard::SlotMap
