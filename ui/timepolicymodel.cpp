#include "timepolicymodel.h"

#include "groupmodel.h"

#include <QJsonObject>

namespace Switchyard {

namespace {

constexpr quint8 AllDays = 0x7f;
constexpr quint8 Weekdays = 0x1f;
constexpr quint8 Weekend = 0x60;
const char *const DayIds[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

QString timeText(int minute)
{
    return QStringLiteral("%1:%2")
        .arg(minute / 60, 2, 10, QLatin1Char('0'))
        .arg(minute % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

TimePolicyModel::TimePolicyModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TimePolicyModel::setFromOptions(const QJsonObject &groupOptions, QStringList *errors)
{
    beginResetModel();
    m_policies = TimePolicySet::parse(groupOptions, errors).policies;
    endResetModel();
}

QJsonObject TimePolicyModel::toJson(const TimeWindowPolicy &policy)
{
    QJsonObject entry;
    if (!policy.name.trimmed().isEmpty())
        entry.insert(QStringLiteral("name"), policy.name.trimmed());
    if ((policy.days & AllDays) != AllDays) {
        QJsonArray days;
        for (int day = 0; day < 7; ++day) {
            if (policy.days & (1u << day))
                days.append(QLatin1String(DayIds[day]));
        }
        entry.insert(QStringLiteral("days"), days);
    }
    if (policy.fromMinute != policy.toMinute) {
        entry.insert(QStringLiteral("from"), timeText(policy.fromMinute));
        entry.insert(QStringLiteral("to"), timeText(policy.toMinute));
    }
    if (!policy.strategy.isEmpty())
        entry.insert(QStringLiteral("strategy"), policy.strategy);
    if (!policy.members.isEmpty())
        entry.insert(QStringLiteral("members"), QJsonArray::fromStringList(policy.members));
    return entry;
}

QJsonArray TimePolicyModel::toJson() const
{
    QJsonArray array;
    for (const TimeWindowPolicy &policy : m_policies)
        array.append(toJson(policy));
    return array;
}

void TimePolicyModel::setPolicy(int row, const TimeWindowPolicy &policy)
{
    if (row < 0 || row >= m_policies.size())
        return;
    m_policies[row] = policy;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int TimePolicyModel::addPolicy()
{
    TimeWindowPolicy policy;
    policy.days = Weekdays;
    policy.fromMinute = 9 * 60;
    policy.toMinute = 18 * 60;
    const int row = int(m_policies.size());
    beginInsertRows({}, row, row);
    m_policies.append(policy);
    endInsertRows();
    return row;
}

bool TimePolicyModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_policies.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_policies.remove(row, count);
    endRemoveRows();
    return true;
}

QString TimePolicyModel::dayName(int dayOfWeek)
{
    switch (dayOfWeek) {
    case 1:
        return tr("Mon");
    case 2:
        return tr("Tue");
    case 3:
        return tr("Wed");
    case 4:
        return tr("Thu");
    case 5:
        return tr("Fri");
    case 6:
        return tr("Sat");
    default:
        return tr("Sun");
    }
}

QString TimePolicyModel::daysText(quint8 days)
{
    switch (days & AllDays) {
    case AllDays:
        return tr("Every day");
    case Weekdays:
        return tr("Weekdays");
    case Weekend:
        return tr("Weekend");
    case 0:
        return tr("Never");
    default:
        break;
    }
    QStringList names;
    for (int day = 1; day <= 7; ++day) {
        if (days & (1u << (day - 1)))
            names.append(dayName(day));
    }
    return names.join(QStringLiteral(", "));
}

QString TimePolicyModel::windowText(const TimeWindowPolicy &policy)
{
    if (policy.fromMinute == policy.toMinute)
        return tr("All day");
    const QString text = timeText(policy.fromMinute) + QStringLiteral("–") + timeText(policy.toMinute);
    return policy.toMinute < policy.fromMinute ? tr("%1 (next day)").arg(text) : text;
}

void TimePolicyModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_policies.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int TimePolicyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_policies.size());
}

int TimePolicyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimePolicyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || role != Qt::DisplayRole)
        return {};
    const TimeWindowPolicy &policy = m_policies.at(index.row());
    switch (index.column()) {
    case NameColumn:
        return policy.name;
    case DaysColumn:
        return daysText(policy.days);
    case WindowColumn:
        return windowText(policy);
    case StrategyColumn:
        return policy.strategy.isEmpty() ? tr("(group's)") : GroupModel::strategyTitle(policy.strategy);
    case MembersColumn:
        return policy.members.isEmpty() ? tr("(all)") : policy.members.join(QStringLiteral("; "));
    default:
        return {};
    }
}

QVariant TimePolicyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case DaysColumn:
        return tr("Days");
    case WindowColumn:
        return tr("Time");
    case StrategyColumn:
        return tr("Strategy");
    case MembersColumn:
        return tr("Members");
    default:
        return {};
    }
}

} // namespace Switchyard
