#pragma once

// Shared behaviour of the providers page's two entity tables (providers, channels): a list of value
// types with an id, one check box column for "enabled", everything else read-only display text.
// Toggling the check box only changes the row and emits dataChanged; the page stores the entity.

#include <QAbstractTableModel>
#include <QList>

namespace Switchyard {

template<typename Entity>
class ProviderEntityModel : public QAbstractTableModel
{
public:
    static constexpr int IdRole = Qt::UserRole;

    const QList<Entity> &items() const { return m_items; }
    Entity item(int row) const { return m_items.value(row); }
    int rowOf(qint64 id) const
    {
        for (int row = 0; row < m_items.size(); ++row) {
            if (m_items.at(row).id == id)
                return row;
        }
        return -1;
    }
    // Headers and translated cells follow a language switch.
    void retranslate()
    {
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, m_columnCount - 1);
        if (!m_items.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, m_columnCount - 1));
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_items.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : m_columnCount;
    }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const Entity &entity = m_items.at(index.row());
        if (role == IdRole)
            return entity.id;
        if (role == Qt::CheckStateRole)
            return index.column() == m_enabledColumn ? QVariant(entity.enabled ? Qt::Checked : Qt::Unchecked)
                                                     : QVariant();
        if (index.column() == m_enabledColumn)
            return {};
        return cellData(entity, index.column(), role);
    }

    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
            || index.column() != m_enabledColumn || role != Qt::CheckStateRole)
            return false;
        const bool enabled = value.toInt() == Qt::Checked;
        if (m_items[index.row()].enabled != enabled) {
            m_items[index.row()].enabled = enabled;
            Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
        }
        return true;
    }

    Qt::ItemFlags flags(const QModelIndex &index) const override
    {
        Qt::ItemFlags flags = QAbstractTableModel::flags(index);
        if (index.isValid() && index.column() == m_enabledColumn)
            flags |= Qt::ItemIsUserCheckable;
        return flags;
    }

protected:
    ProviderEntityModel(int columnCount, int enabledColumn, QObject *parent)
        : QAbstractTableModel(parent)
        , m_columnCount(columnCount)
        , m_enabledColumn(enabledColumn)
    {
    }

    void resetItems(const QList<Entity> &items)
    {
        beginResetModel();
        m_items = items;
        endResetModel();
    }

    // Any role but IdRole and the check state, for the non-check columns.
    virtual QVariant cellData(const Entity &entity, int column, int role) const = 0;

    QList<Entity> m_items;

private:
    int m_columnCount;
    int m_enabledColumn;
};

} // namespace Switchyard
