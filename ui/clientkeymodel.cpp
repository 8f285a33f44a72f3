#include "clientkeymodel.h"

#include "slotmap.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>

namespace Switchyard {

ClientKeyModel::ClientKeyModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ClientKeyModel::setKeys(const QList<ClientKey> &keys)
{
    beginResetModel();
    m_keys = keys;
    endResetModel();
}

const ClientKey *ClientKeyModel::keyAt(int row) const
{
    return row >= 0 && row < m_keys.size() ? &m_keys.at(row) : nullptr;
}

int ClientKeyModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_keys.size(); ++row) {
        if (m_keys.at(row).id == id)
            return row;
    }
    return -1;
}

int ClientKeyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int ClientKeyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ClientKeyModel::isExpired(const ClientKey &key) const
{
    return key.expiresAt.isValid() && key.expiresAt <= now();
}

QString ClientKeyModel::statusText(const ClientKey &key) const
{
    if (key.disabled)
        return tr("Disabled");
    if (isExpired(key))
        return tr("Expired");
    return tr("Active");
}

QVariant ClientKeyModel::display(const ClientKey &key, int column) const
{
    const QLocale locale;
    switch (column) {
    case NameColumn:
        return key.name;
    case PrefixColumn:
        return key.prefix + QStringLiteral("…");
    case CreatedColumn:
        return key.createdAt.isValid() ? locale.toString(key.createdAt.toLocalTime(), QLocale::ShortFormat)
                                       : QString();
    case ExpiresColumn:
        return key.expiresAt.isValid() ? locale.toString(key.expiresAt.toLocalTime(), QLocale::ShortFormat)
                                       : tr("Never");
    case StatusColumn:
        return statusText(key);
    case BudgetColumn:
        return key.dailyBudget > 0 ? QStringLiteral("$") + locale.toString(key.dailyBudget, 'f', 2)
                                   : tr("Unlimited");
    case AllowlistColumn:
        return key.allowedModels.isEmpty() ? tr("All models") : key.allowedModels.join(QStringLiteral(", "));
    case SlotMapColumn:
        return SlotMap::summary(key.slotMap);
    default:
        return {};
    }
}

QVariant ClientKeyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClientKey &key = m_keys.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(key, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ExpiresColumn && key.expiresAt.isValid())
            return QLocale().toString(key.expiresAt.toLocalTime(), QLocale::LongFormat);
        if (index.column() == AllowlistColumn || index.column() == SlotMapColumn)
            return display(key, index.column());
        return {};
    case Qt::ForegroundRole:
        // Keys that no client can use any more read as inactive.
        if (key.disabled || isExpired(key))
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == BudgetColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return key.id;
    default:
        return {};
    }
}

QVariant ClientKeyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case PrefixColumn:
        return tr("Key");
    case CreatedColumn:
        return tr("Created");
    case ExpiresColumn:
        return tr("Expires");
    case StatusColumn:
        return tr("Status");
    case BudgetColumn:
        return tr("Daily budget");
    case AllowlistColumn:
        return tr("Allowed models");
    case SlotMapColumn:
        return tr("Slot map");
    default:
        return {};
    }
}

void ClientKeyModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_keys.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace Switchyard
