#include "rulemodel.h"

#include "rowmove.h"

#include <algorithm>

namespace Switchyard {

RuleModel::RuleModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RuleModel::setRules(const QList<RoutingRule> &rules)
{
    beginResetModel();
    m_rules.clear();
    for (const RoutingRule &rule : rules) {
        if (rule.kind == u"prefix")
            m_rules.append(rule);
    }
    std::stable_sort(m_rules.begin(), m_rules.end(),
                     [](const RoutingRule &a, const RoutingRule &b) { return a.position < b.position; });
    endResetModel();
}

QList<RoutingRule> RuleModel::rules() const
{
    QList<RoutingRule> out = m_rules;
    for (int row = 0; row < out.size(); ++row)
        out[row].position = row;
    return out;
}

int RuleModel::addRule(const QString &match, const QString &target)
{
    RoutingRule rule;
    rule.kind = QStringLiteral("prefix");
    rule.match = match;
    rule.target = target;
    rule.position = int(m_rules.size());
    const int row = int(m_rules.size());
    beginInsertRows({}, row, row);
    m_rules.append(rule);
    endInsertRows();
    return row;
}

bool RuleModel::moveUp(int row)
{
    return row > 0 && row < m_rules.size() && moveRows({}, row, 1, {}, row - 1);
}

bool RuleModel::moveDown(int row)
{
    // destinationChild is the row the block goes in front of (Qt's convention), hence + 2.
    return row >= 0 && row + 1 < m_rules.size() && moveRows({}, row, 1, {}, row + 2);
}

void RuleModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int RuleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

int RuleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RuleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RoutingRule &rule = m_rules.at(index.row());
    switch (index.column()) {
    case EnabledColumn:
        return role == Qt::CheckStateRole ? QVariant(rule.enabled ? Qt::Checked : Qt::Unchecked) : QVariant();
    case MatchColumn:
        return role == Qt::DisplayRole || role == Qt::EditRole ? QVariant(rule.match) : QVariant();
    case TargetColumn:
        return role == Qt::DisplayRole || role == Qt::EditRole ? QVariant(rule.target) : QVariant();
    default:
        return {};
    }
}

bool RuleModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    RoutingRule &rule = m_rules[index.row()];
    if (index.column() == EnabledColumn) {
        if (role != Qt::CheckStateRole)
            return false;
        rule.enabled = value.toInt() == Qt::Checked;
        Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return false;
    (index.column() == MatchColumn ? rule.match : rule.target) = text;
    Q_EMIT dataChanged(index, index);
    return true;
}

QVariant RuleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case EnabledColumn:
        return tr("On");
    case MatchColumn:
        return tr("Model glob");
    case TargetColumn:
        return tr("Target");
    default:
        return {};
    }
}

Qt::ItemFlags RuleModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!index.isValid())
        return flags;
    return flags | (index.column() == EnabledColumn ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable);
}

bool RuleModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rules.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_rules.remove(row, count);
    endRemoveRows();
    return true;
}

bool RuleModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                         const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid())
        return false;
    const bool moved = moveListRows(
        m_rules, sourceRow, count, destinationChild,
        [&](int first, int last, int destination) {
            return beginMoveRows(sourceParent, first, last, destinationParent, destination);
        },
        [this] { endMoveRows(); });
    return moved;
}

} // namespace Switchyard
