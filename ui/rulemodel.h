#pragma once

// The prefix rules (RoutingRule kind "prefix") in the order the router checks them: enabled, the
// glob on the requested model, and the target ("<channel>,<model>", a group or a channel). Rows are
// edited in place and reordered with moveRows; the routing page stores them with positions = rows.

#include "configtypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace Switchyard {

class RuleModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        EnabledColumn,
        MatchColumn,
        TargetColumn,
        ColumnCount
    };

    explicit RuleModel(QObject *parent = nullptr);

    // Keeps the prefix rules of rules, ordered by position (stable).
    void setRules(const QList<RoutingRule> &rules);
    // With positions renumbered to the row order.
    QList<RoutingRule> rules() const;

    // Appends an enabled rule; returns its row.
    int addRule(const QString &match, const QString &target);
    bool moveUp(int row);
    bool moveDown(int row);
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;

private:
    QList<RoutingRule> m_rules;
};

} // namespace Switchyard
