#pragma once

#include "configtypes.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace Switchyard {

// The client keys as a read-only table: one row per key, in the order given. Editing goes through
// the page's editor and the store; the page reloads the model after every change.
class ClientKeyModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        PrefixColumn,
        CreatedColumn,
        ExpiresColumn,
        StatusColumn,
        BudgetColumn,
        AllowlistColumn,
        SlotMapColumn,
        ColumnCount
    };
    // Qt::UserRole on any cell: the key's id (qint64).
    static constexpr int IdRole = Qt::UserRole;

    explicit ClientKeyModel(QObject *parent = nullptr);

    void setKeys(const QList<ClientKey> &keys);
    const QList<ClientKey> &keys() const { return m_keys; }
    // Null when row is out of range.
    const ClientKey *keyAt(int row) const;
    int rowOf(qint64 id) const; // -1 when absent

    // Expiry is judged against this time (tests pin it; default: the current time at each call).
    void setNow(const QDateTime &now) { m_now = now; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Re-announces the headers and texts after a language switch.
    void retranslate();

private:
    QDateTime now() const { return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc(); }
    bool isExpired(const ClientKey &key) const;
    QString statusText(const ClientKey &key) const;
    QVariant display(const ClientKey &key, int column) const;

    QList<ClientKey> m_keys;
    QDateTime m_now;
};

} // namespace Switchyard
