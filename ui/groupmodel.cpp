#include "groupmodel.h"

#include "strategies.h"

namespace Switchyard {

GroupModel::GroupModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void GroupModel::setGroups(const QList<ModelGroup> &groups)
{
    beginResetModel();
    m_groups = groups;
    endResetModel();
}

int GroupModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_groups.size(); ++row) {
        if (m_groups.at(row).id == id)
            return row;
    }
    return -1;
}

void GroupModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_groups.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString GroupModel::moneyText(double usd)
{
    return usd > 0 ? QStringLiteral("$%1").arg(usd, 0, 'f', 2) : tr("unlimited");
}

QStringList GroupModel::strategyNames()
{
    QStringList names;
    for (const Strategy strategy :
         {Strategy::Priority, Strategy::WeightedRoundRobin, Strategy::LeastConnections,
          Strategy::ResponseTime, Strategy::CostOptimized, Strategy::Hybrid, Strategy::Specified,
          Strategy::Auto})
        names.append(strategyName(strategy));
    return names;
}

QString GroupModel::strategyTitle(const QString &strategy)
{
    const std::optional<Strategy> known = strategyFromString(strategy);
    if (!known)
        return strategy;
    switch (*known) {
    case Strategy::Priority:
        return tr("Priority (fallback in order)");
    case Strategy::WeightedRoundRobin:
        return tr("Weighted round robin");
    case Strategy::LeastConnections:
        return tr("Least connections");
    case Strategy::ResponseTime:
        return tr("Fastest response");
    case Strategy::CostOptimized:
        return tr("Cheapest");
    case Strategy::Hybrid:
        return tr("Hybrid score");
    case Strategy::Specified:
        return tr("Pinned member");
    case Strategy::Auto:
        return tr("Auto");
    }
    return strategy;
}

int GroupModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

int GroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ModelGroup &group = m_groups.at(index.row());
    if (role == IdRole)
        return group.id;
    if (index.column() == EnabledColumn)
        return role == Qt::CheckStateRole ? QVariant(group.enabled ? Qt::Checked : Qt::Unchecked)
                                          : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return group.name;
    case StrategyColumn:
        return strategyTitle(group.strategy);
    case MembersColumn:
        return int(group.members.size());
    case DailyBudgetColumn:
        return moneyText(group.dailyBudget);
    case MaxCostColumn:
        return moneyText(group.maxCostPerRequest);
    default:
        return {};
    }
}

QVariant GroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Group");
    case StrategyColumn:
        return tr("Strategy");
    case MembersColumn:
        return tr("Members");
    case EnabledColumn:
        return tr("Enabled");
    case DailyBudgetColumn:
        return tr("Daily budget");
    case MaxCostColumn:
        return tr("Max per request");
    default:
        return {};
    }
}

} // namespace Switchyard
