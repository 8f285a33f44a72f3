#include "usagemodels.h"

#include <QDateTime>
#include <QLocale>

namespace Switchyard {

namespace UsageFormat {

QString tokens(qint64 tokens)
{
    return QLocale().toString(tokens);
}

QString cost(double usd)
{
    // Sub-cent requests are common with cheap models; show enough digits to tell them apart.
    const int decimals = usd != 0 && qAbs(usd) < 0.01 ? 4 : 2;
    return QStringLiteral("$") + QLocale().toString(usd, 'f', decimals);
}

QString time(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString duration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("\u2013");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
}

} // namespace UsageFormat

namespace {

QVariant numberAlignment()
{
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
}

} // namespace

UsageSessionModel::UsageSessionModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void UsageSessionModel::setSessions(const QList<UsageSession> &sessions)
{
    beginResetModel();
    m_sessions = sessions;
    endResetModel();
}

void UsageSessionModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int UsageSessionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

int UsageSessionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsageSessionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageSession &s = m_sessions.at(index.row());
    if (role == Qt::UserRole)
        return s.sessionId;
    if (role == Qt::TextAlignmentRole)
        return index.column() >= RequestsColumn ? numberAlignment() : QVariant();
    if (role == Qt::ToolTipRole && index.column() == SessionColumn)
        return s.sessionId;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SessionColumn:
        return s.sessionId;
    case FirstColumn:
        return UsageFormat::time(s.firstMs);
    case LastColumn:
        return UsageFormat::time(s.lastMs);
    case RequestsColumn:
        return QLocale().toString(s.totals.requests);
    case TokensColumn:
        return UsageFormat::tokens(s.totals.tokens());
    case CostColumn:
        return UsageFormat::cost(s.totals.costUsd);
    }
    return {};
}

QVariant UsageSessionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SessionColumn:
        return tr("Session");
    case FirstColumn:
        return tr("First request");
    case LastColumn:
        return tr("Last request");
    case RequestsColumn:
        return tr("Requests");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    }
    return {};
}

UsageLeaderboardModel::UsageLeaderboardModel(LeaderboardBy by, QObject *parent)
    : QAbstractTableModel(parent)
    , m_by(by)
{
}

void UsageLeaderboardModel::setRows(const QList<UsageGroupRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

void UsageLeaderboardModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn), {Qt::DisplayRole});
}

int UsageLeaderboardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsageLeaderboardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString UsageLeaderboardModel::displayName(const UsageGroupRow &row) const
{
    if (m_by == LeaderboardBy::ClientKey) {
        if (row.id == 0)
            return tr("No key (local)");
        return row.key.isEmpty() ? tr("Deleted key #%1").arg(row.id) : row.key;
    }
    return row.key.isEmpty() ? tr("(none)") : row.key;
}

QVariant UsageLeaderboardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageGroupRow &row = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() == NameColumn ? QVariant() : numberAlignment();
    if (role == Qt::UserRole)
        return row.key;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return displayName(row);
    case RequestsColumn:
        return QLocale().toString(row.totals.requests);
    case TokensColumn:
        return UsageFormat::tokens(row.totals.tokens());
    case CostColumn:
        return UsageFormat::cost(row.totals.costUsd);
    case ErrorsColumn:
        return QLocale().toString(row.totals.errors);
    }
    return {};
}

QVariant UsageLeaderboardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        switch (m_by) {
        case LeaderboardBy::Model:
            return tr("Model");
        case LeaderboardBy::Channel:
            return tr("Channel");
        case LeaderboardBy::ClientKey:
            return tr("Client key");
        }
        return {};
    case RequestsColumn:
        return tr("Requests");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case ErrorsColumn:
        return tr("Errors");
    }
    return {};
}

} // namespace Switchyard
