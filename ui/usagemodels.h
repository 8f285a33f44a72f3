#pragma once

// Item models of the Usage page: the Claude Code sessions of a range and the leaderboards (by model,
// channel or client key). Both show rows UsageQuery computed in SQL; they only format them.

#include "usagequery.h"

#include <QAbstractTableModel>

namespace Switchyard {

// Number and money formats shared by the usage and log views.
namespace UsageFormat {
QString tokens(qint64 tokens);
QString cost(double usd);
QString time(qint64 ms); // local date and time, to the second
QString duration(qint64 ms); // "850 ms", "2.4 s"; "–" for a negative value
} // namespace UsageFormat

class UsageSessionModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SessionColumn,
        FirstColumn,
        LastColumn,
        RequestsColumn,
        TokensColumn,
        CostColumn,
        ColumnCount
    };

    explicit UsageSessionModel(QObject *parent = nullptr);

    void setSessions(const QList<UsageSession> &sessions);
    const QList<UsageSession> &sessions() const { return m_sessions; }
    // Header texts follow the current language.
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<UsageSession> m_sessions;
};

class UsageLeaderboardModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        RequestsColumn,
        TokensColumn,
        CostColumn,
        ErrorsColumn,
        ColumnCount
    };

    UsageLeaderboardModel(LeaderboardBy by, QObject *parent = nullptr);

    LeaderboardBy kind() const { return m_by; }
    void setRows(const QList<UsageGroupRow> &rows);
    const QList<UsageGroupRow> &rows() const { return m_rows; }
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString displayName(const UsageGroupRow &row) const;

    LeaderboardBy m_by;
    QList<UsageGroupRow> m_rows;
};

} // namespace Switchyard
