#pragma once

// Rows of the usage table as a request log. The columns are chosen by the view: the Logs page shows
// status, latency and errors, the Usage page's session timeline shows the route and failovers.

#include "usagequery.h"

#include <QAbstractTableModel>

namespace Switchyard {

class LogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column
    {
        Time,
        Status,
        Model,
        Channel,
        Route, // channels tried, in order
        Session,
        Latency,
        Ttft,
        Tokens,
        Cost,
        Failovers, // attempts after the first
        ErrorClass,
    };
    // Qt::UserRole: the request id.
    static constexpr int RequestIdRole = Qt::UserRole;

    explicit LogModel(const QList<Column> &columns, QObject *parent = nullptr);

    void setRows(const QList<UsageLogRow> &rows);
    const QList<UsageLogRow> &rows() const { return m_rows; }
    const UsageLogRow *rowAt(int row) const;
    // The row of that request id, or -1.
    int rowOf(const QString &requestId) const;
    QList<Column> columns() const { return m_columns; }
    int columnOf(Column column) const { return int(m_columns.indexOf(column)); }
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Derived
    {
        QString route;
        int attempts = 0;
    };

    QVariant display(const UsageLogRow &row, const Derived &derived, Column column) const;

    QList<Column> m_columns;
    QList<UsageLogRow> m_rows;
    QList<Derived> m_derived; // parsed once per setRows(), not per paint
};

} // namespace Switchyard
