#pragma once

// The model groups as a read-only list (name = the virtual model, strategy, members, enabled,
// budgets). The groups page edits the selected group in its form and stores it.

#include "configtypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace Switchyard {

class GroupModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StrategyColumn,
        MembersColumn,
        EnabledColumn,
        DailyBudgetColumn,
        MaxCostColumn,
        ColumnCount
    };
    static constexpr int IdRole = Qt::UserRole;

    explicit GroupModel(QObject *parent = nullptr);

    void setGroups(const QList<ModelGroup> &groups);
    const QList<ModelGroup> &groups() const { return m_groups; }
    int rowOf(qint64 id) const;
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "$1.50", or the translated "unlimited" for 0.
    static QString moneyText(double usd);
    // The strategy identifiers as stored (strategies.h), in the documented order.
    static QStringList strategyNames();
    // Their translated display names ("Priority", "Weighted round robin", ...); unknown ids as-is.
    static QString strategyTitle(const QString &strategy);

private:
    QList<ModelGroup> m_groups;
};

} // namespace Switchyard
