#include "logmodel.h"

#include "usagemodels.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>

namespace Switchyard {

LogModel::LogModel(const QList<Column> &columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(columns)
{
}

void LogModel::setRows(const QList<UsageLogRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    m_derived.clear();
    m_derived.reserve(rows.size());
    // Parsing a thousand traces costs more than the query; only views that show them pay for it.
    const bool needsTrace = m_columns.contains(Column::Route) || m_columns.contains(Column::Failovers);
    for (const UsageLogRow &row : rows) {
        Derived d;
        if (!needsTrace) {
            m_derived.append(d);
            continue;
        }
        QStringList channels;
        const QList<RouteAttempt> attempts = UsageQuery::parseRouteTrace(row.record.routeTrace);
        for (const RouteAttempt &a : attempts)
            channels.append(a.channel);
        d.attempts = int(attempts.size());
        d.route = channels.isEmpty() ? row.record.channelName : channels.join(QStringLiteral(" \u2192 "));
        m_derived.append(d);
    }
    endResetModel();
}

const UsageLogRow *LogModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int LogModel::rowOf(const QString &requestId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).record.requestId == requestId)
            return i;
    }
    return -1;
}

void LogModel::retranslate()
{
    if (!m_columns.isEmpty())
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, int(m_columns.size()) - 1);
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant LogModel::display(const UsageLogRow &row, const Derived &derived, Column column) const
{
    const UsageRecord &r = row.record;
    switch (column) {
    case Column::Time:
        return UsageFormat::time(r.timestampMs);
    case Column::Status:
        return r.status;
    case Column::Model:
        return r.resolvedModel.isEmpty() ? r.requestedModel : r.resolvedModel;
    case Column::Channel:
        return r.channelName;
    case Column::Route:
        return derived.route;
    case Column::Session:
        return r.sessionId;
    case Column::Latency:
        return UsageFormat::duration(r.latencyMs);
    case Column::Ttft:
        return UsageFormat::duration(r.ttftMs);
    case Column::Tokens:
        return UsageFormat::tokens(r.inputTokens + r.outputTokens + r.cacheReadTokens + r.cacheWriteTokens);
    case Column::Cost:
        return UsageFormat::cost(r.costUsd);
    case Column::Failovers:
        return qMax(0, derived.attempts - 1);
    case Column::ErrorClass:
        return r.errorClass;
    }
    return {};
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageLogRow &row = m_rows.at(index.row());
    const Column column = m_columns.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, m_derived.at(index.row()), column);
    case RequestIdRole:
        return row.record.requestId;
    case Qt::ToolTipRole:
        if (column == Column::Route || column == Column::Session || column == Column::Model)
            return display(row, m_derived.at(index.row()), column);
        return {};
    case Qt::TextAlignmentRole:
        switch (column) {
        case Column::Status:
        case Column::Latency:
        case Column::Ttft:
        case Column::Tokens:
        case Column::Cost:
        case Column::Failovers:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (!UsageQuery::isOk(row.record.status)
            && (column == Column::Status || column == Column::ErrorClass))
            return QBrush(Qt::red);
        if (column == Column::Failovers && m_derived.at(index.row()).attempts > 1)
            return QBrush(QColor(0xc0, 0x60, 0x00));
        return {};
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (m_columns.at(section)) {
    case Column::Time:
        return tr("Time");
    case Column::Status:
        return tr("Status");
    case Column::Model:
        return tr("Model");
    case Column::Channel:
        return tr("Channel");
    case Column::Route:
        return tr("Route");
    case Column::Session:
        return tr("Session");
    case Column::Latency:
        return tr("Latency");
    case Column::Ttft:
        return tr("TTFT");
    case Column::Tokens:
        return tr("Tokens");
    case Column::Cost:
        return tr("Cost");
    case Column::Failovers:
        return tr("Failovers");
    case Column::ErrorClass:
        return tr("Error");
    }
    return {};
}

} // namespace Switchyard
