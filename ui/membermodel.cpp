#include "membermodel.h"

#include "rowmove.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>

#include <algorithm>
#include <numeric>

namespace Switchyard {

namespace {

bool isTagColumn(int column)
{
    return column == MemberModel::ToolsColumn || column == MemberModel::VisionColumn
        || column == MemberModel::ThinkingColumn;
}

QString tagOf(int column)
{
    switch (column) {
    case MemberModel::ToolsColumn:
        return QStringLiteral("tools");
    case MemberModel::VisionColumn:
        return QStringLiteral("vision");
    default:
        return QStringLiteral("thinking");
    }
}

} // namespace

MemberModel::MemberModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MemberModel::setChannels(const QList<Channel> &channels)
{
    m_channels = channels;
    if (!m_members.isEmpty())
        Q_EMIT dataChanged(index(0, ChannelColumn), index(rowCount() - 1, ChannelColumn));
}

void MemberModel::setMembers(const QList<GroupMember> &members)
{
    beginResetModel();
    m_members = members;
    std::stable_sort(m_members.begin(), m_members.end(),
                     [](const GroupMember &a, const GroupMember &b) { return a.priority < b.priority; });
    endResetModel();
}

const Channel *MemberModel::channelById(qint64 id) const
{
    for (const Channel &channel : m_channels) {
        if (channel.id == id)
            return &channel;
    }
    return nullptr;
}

QString MemberModel::memberLabel(int row) const
{
    if (row < 0 || row >= m_members.size())
        return {};
    const GroupMember &member = m_members.at(row);
    const Channel *channel = channelById(member.channelId);
    return (channel ? channel->name : QStringLiteral("#%1").arg(member.channelId)) + u',' + member.model;
}

int MemberModel::addMember(qint64 channelId, const QString &model)
{
    GroupMember member;
    member.channelId = channelId;
    member.model = model;
    member.priority = m_members.isEmpty() ? 0 : m_members.last().priority + 1;
    const int row = int(m_members.size());
    beginInsertRows({}, row, row);
    m_members.append(member);
    endInsertRows();
    return row;
}

bool MemberModel::moveUp(int row)
{
    return row > 0 && row < m_members.size() && moveRows({}, row, 1, {}, row - 1);
}

bool MemberModel::moveDown(int row)
{
    // destinationChild is the row the block goes in front of (Qt's convention), hence + 2.
    return row >= 0 && row + 1 < m_members.size() && moveRows({}, row, 1, {}, row + 2);
}

void MemberModel::renumber()
{
    for (int row = 0; row < m_members.size(); ++row)
        m_members[row].priority = row;
    if (!m_members.isEmpty())
        Q_EMIT dataChanged(index(0, PriorityColumn), index(rowCount() - 1, PriorityColumn),
                           {Qt::DisplayRole});
}

void MemberModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int MemberModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

int MemberModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MemberModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GroupMember &member = m_members.at(index.row());
    const int column = index.column();
    if (isTagColumn(column))
        return role == Qt::CheckStateRole
            ? QVariant(member.capabilities.contains(tagOf(column)) ? Qt::Checked : Qt::Unchecked)
            : QVariant();
    if (role == Qt::TextAlignmentRole && column != ChannelColumn && column != ModelColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (column) {
    case ChannelColumn: {
        const Channel *channel = channelById(member.channelId);
        return channel ? channel->name : QStringLiteral("#%1").arg(member.channelId);
    }
    case ModelColumn:
        return member.model;
    case PriorityColumn:
        return member.priority;
    case WeightColumn:
        return member.weight;
    case ContextColumn:
        if (role == Qt::DisplayRole && member.contextWindow <= 0)
            return QString();
        return member.contextWindow;
    case InputPriceColumn:
    case OutputPriceColumn: {
        if (!member.priceOverride)
            return role == Qt::EditRole ? QVariant(0.0) : QVariant(QString());
        return column == InputPriceColumn ? member.priceOverride->inputPerMTok
                                          : member.priceOverride->outputPerMTok;
    }
    default:
        return {};
    }
}

bool MemberModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    GroupMember &member = m_members[index.row()];
    const int column = index.column();
    if (isTagColumn(column)) {
        if (role != Qt::CheckStateRole)
            return false;
        const QString tag = tagOf(column);
        member.capabilities.removeAll(tag);
        if (value.toInt() == Qt::Checked)
            member.capabilities.append(tag);
        Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    switch (column) {
    case ChannelColumn: {
        const QString name = value.toString().trimmed();
        const auto found = std::find_if(m_channels.cbegin(), m_channels.cend(),
                                        [&name](const Channel &channel) { return channel.name == name; });
        if (found == m_channels.cend())
            return false;
        member.channelId = found->id;
        break;
    }
    case ModelColumn: {
        const QString model = value.toString().trimmed();
        if (model.isEmpty())
            return false;
        member.model = model;
        if (member.priceOverride)
            member.priceOverride->model = model;
        break;
    }
    case WeightColumn: {
        bool ok = false;
        const int weight = value.toInt(&ok);
        if (!ok || weight < 1)
            return false;
        member.weight = weight;
        break;
    }
    case ContextColumn: {
        bool ok = false;
        const qint64 window = value.toString().trimmed().isEmpty() ? 0 : value.toLongLong(&ok);
        if (!value.toString().trimmed().isEmpty() && (!ok || window < 0))
            return false;
        member.contextWindow = window;
        break;
    }
    case InputPriceColumn:
    case OutputPriceColumn: {
        bool ok = true;
        const double price = value.toString().trimmed().isEmpty() ? 0 : value.toDouble(&ok);
        if (!ok || price < 0)
            return false;
        ModelPrice override = member.priceOverride.value_or(ModelPrice {member.model});
        (column == InputPriceColumn ? override.inputPerMTok : override.outputPerMTok) = price;
        // Both prices zero means "no override": the provider's price table applies again.
        if (override.inputPerMTok == 0 && override.outputPerMTok == 0)
            member.priceOverride.reset();
        else
            member.priceOverride = override;
        Q_EMIT dataChanged(this->index(index.row(), InputPriceColumn),
                           this->index(index.row(), OutputPriceColumn));
        return true;
    }
    default:
        return false;
    }
    Q_EMIT dataChanged(index, index);
    return true;
}

QVariant MemberModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ChannelColumn:
        return tr("Channel");
    case ModelColumn:
        return tr("Model");
    case PriorityColumn:
        return tr("Priority");
    case WeightColumn:
        return tr("Weight");
    case ToolsColumn:
        return tr("Tools");
    case VisionColumn:
        return tr("Vision");
    case ThinkingColumn:
        return tr("Thinking");
    case ContextColumn:
        return tr("Context window");
    case InputPriceColumn:
        return tr("Input $/MTok");
    case OutputPriceColumn:
        return tr("Output $/MTok");
    default:
        return {};
    }
}

Qt::ItemFlags MemberModel::flags(const QModelIndex &index) const
{
    // Drops between rows land on the root index.
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags flags = QAbstractTableModel::flags(index) | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled;
    if (isTagColumn(index.column()))
        flags |= Qt::ItemIsUserCheckable;
    else if (index.column() != PriorityColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool MemberModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_members.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_members.remove(row, count);
    endRemoveRows();
    renumber();
    return true;
}

bool MemberModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                           const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid())
        return false;
    const bool moved = moveListRows(
        m_members, sourceRow, count, destinationChild,
        [&](int first, int last, int destination) {
            return beginMoveRows(sourceParent, first, last, destinationParent, destination);
        },
        [this] { endMoveRows(); });
    if (moved)
        renumber();
    return moved;
}

Qt::DropActions MemberModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions MemberModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList MemberModel::mimeTypes() const
{
    return {mimeType()};
}

QMimeData *MemberModel::mimeData(const QModelIndexList &indexes) const
{
    QList<int> rows;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && !rows.contains(index.row()))
            rows.append(index.row());
    }
    std::sort(rows.begin(), rows.end());
    QByteArray encoded;
    QDataStream stream(&encoded, QIODevice::WriteOnly);
    stream << rows;
    auto *data = new QMimeData;
    data->setData(mimeType(), encoded);
    return data;
}

QList<int> MemberModel::decodeRows(const QMimeData *data)
{
    QList<int> rows;
    if (!data || !data->hasFormat(mimeType()))
        return rows;
    QDataStream stream(data->data(mimeType()));
    stream >> rows;
    if (stream.status() != QDataStream::Ok)
        rows.clear();
    return rows;
}

bool MemberModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                  const QModelIndex &) const
{
    if (action != Qt::MoveAction)
        return false;
    const QList<int> rows = decodeRows(data);
    return !rows.isEmpty() && std::all_of(rows.cbegin(), rows.cend(), [this](int row) {
        return row >= 0 && row < m_members.size();
    });
}

bool MemberModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                               const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    // Dropped on an item: in front of it; between rows: at row; past the end: at the end.
    int destination = parent.isValid() ? parent.row() : row;
    if (destination < 0 || destination > m_members.size())
        destination = int(m_members.size());
    // The wanted order: the rows before the drop point, the dragged rows, then the rest. Reached
    // with single-row moves so views keep their selection and persistent indexes.
    const QList<int> rows = decodeRows(data);
    QList<int> wanted;
    for (int source = 0; source < destination; ++source) {
        if (!rows.contains(source))
            wanted.append(source);
    }
    wanted += rows;
    for (int source = destination; source < m_members.size(); ++source) {
        if (!rows.contains(source))
            wanted.append(source);
    }
    QList<int> current(m_members.size());
    std::iota(current.begin(), current.end(), 0);
    bool moved = false;
    for (int position = 0; position < wanted.size(); ++position) {
        const int at = int(current.indexOf(wanted.at(position)));
        if (at == position)
            continue;
        // at > position: everything in front of position is already in place.
        moveRows({}, at, 1, {}, position);
        current.move(at, position);
        moved = true;
    }
    return moved;
}

} // namespace Switchyard
